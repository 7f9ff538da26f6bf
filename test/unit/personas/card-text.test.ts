// Card prose clean-up: asterisk actions vs emphasis, authors' markup, the language a card is in.
import { describe, expect, it } from 'vitest';
import {
  asteriskActionsToParentheses,
  detectCardLanguage,
  fillMacros,
  stripAuthorMarkup,
} from '../../../src/personas/card-text.js';

describe('asteriskActionsToParentheses', () => {
  it.each([
    ['*smiles* Hello.', '(smiles) Hello.'],
    ['Hello. *waves at you*', 'Hello. (waves at you)'],
    ['"Hi." *She sits down.*\n*pours tea* There.', '"Hi." (She sits down.)\n(pours tea) There.'],
    ["You're not *too* cute.", "You're not *too* cute."],
    ['*Really* good work.', '*Really* good work.'],
    ['That is **bold** text.', 'That is **bold** text.'],
    [
      'Come here, she says *leaning closer to the fire*.',
      'Come here, she says (leaning closer to the fire).',
    ],
    ['2*3*4 = 24', '2*3*4 = 24'],
    ['我*真的*很喜欢。', '我*真的*很喜欢。'],
    ['*点头。*好的。', '(点头。)好的。'],
  ])('%j → %j', (input, expected) => {
    expect(asteriskActionsToParentheses(input)).toBe(expected);
  });
});

describe('stripAuthorMarkup', () => {
  it('GIVEN chub markup THEN comments, images, layout tags and relative links go; text, <START> and <3 stay', () => {
    const input =
      '<div align="center"><img src="x.png"/></div><!-- hidden\nnote -->\n<p>Hi <b>there</b> <3</p>\n![pic](/user/images/a.png) [site](/c/x) [web](https://example.com)\n<START>\n<style>.a{}</style><a href="/u/me">me</a>';
    expect(stripAuthorMarkup(input)).toBe('Hi there <3\n\n site [web](https://example.com)\n<START>\nme');
  });
});

describe('fillMacros and detectCardLanguage', () => {
  it.each([
    ['{{user}}’s cat is here.', 'reader', 'The user’s cat is here.'],
    ['Hi {{USER}}, {{ user }} looks tired.', 'channel', 'Hi everyone, everyone looks tired.'],
    ['{{user}}: hi', 'speaker', 'User: hi'],
    ['{{char}} and <bot> and <BOT>', 'reader', 'Ana and Ana and Ana'],
    ['A {{// secret }}note', 'reader', 'A note'],
  ] as const)('%j as %s → %j', (text, role, expected) => {
    expect(fillMacros(text, { char: 'Ana', language: 'en' }, role)).toBe(expected);
  });

  it.each([
    ['She is kind.', 'en'],
    ['她很善良，喜欢喝茶。', 'zh'],
    ['彼女は優しいです。', 'ja'],
    ['그녀는 친절해요.', 'ko'],
    ['Mei (美) is from Leeds and loves tea.', 'en'],
  ] as const)('%j is %s', (text, language) => {
    expect(detectCardLanguage(text)).toBe(language);
  });
});
