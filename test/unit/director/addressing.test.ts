// Whom a line addresses, in any script: the part of the director SillyTavern got wrong for non-Latin
// names (its \w-based matcher never saw "凌路").
import { describe, expect, it } from 'vitest';
import { addressing } from '../../../src/core/director/addressing.js';
import { findNames } from '../../../src/core/director/names.js';
import { personaNames } from '../../../src/core/persona.js';
import type { Persona } from '../../../src/core/persona.js';
import { band, chengYi, lingLu, lingSister, mia, misaki, said, spoke, taoLe } from './fixtures.js';

const nameables = (cast: readonly Persona[]) => cast.map((p) => ({ key: p.id, names: personaNames(p) }));
const keysIn = (text: string, cast: readonly Persona[] = band) =>
  findNames(text, nameables(cast)).map((m) => m.key);

describe('finding names', () => {
  it('GIVEN an English line naming a persona in any case THEN the persona is found', () => {
    expect(keysIn('I think TAO LE should take the solo')).toEqual(['tao-le']);
    expect(keysIn('what about cheng yi?')).toEqual(['cheng-yi']);
  });

  it('GIVEN a Chinese name inside a Chinese sentence with no spaces THEN it is found', () => {
    expect(keysIn('我觉得凌路今天唱得特别好')).toEqual(['ling-lu']);
    expect(keysIn('程毅你来弹贝斯吧')).toEqual(['cheng-yi']);
  });

  it('GIVEN a Japanese name in kanji or kana inside a Japanese sentence THEN it is found', () => {
    expect(keysIn('美咲さん、次の曲はどうする？', [misaki])).toEqual(['misaki']);
    expect(keysIn('みさきちゃんも来る？', [misaki])).toEqual(['misaki']);
    expect(keysIn('佐藤美咲の新曲', [misaki])).toEqual(['misaki']);
  });

  it('GIVEN a Latin name glued to a Chinese word THEN it is still found (different scripts are a boundary)', () => {
    expect(keysIn('我和Tao Le一起去')).toEqual(['tao-le']);
  });

  it('GIVEN a name that is only part of a longer Latin word THEN it is not found', () => {
    expect(keysIn('Misakis and Lingual things', [misaki, lingSister])).toEqual([]);
  });

  it('GIVEN "Ling Lu" and a persona called "Ling" THEN the whole name wins the span', () => {
    const cast = [lingSister, lingLu];
    expect(keysIn('Ling Lu, play the intro', cast)).toEqual(['ling-lu']);
    expect(keysIn('Ling, play the intro', cast)).toEqual(['ling']);
  });

  it('GIVEN one word of a multi-word name THEN it counts only when no other persona shares it', () => {
    expect(keysIn('Cheng, you are late')).toEqual(['cheng-yi']);
    const chengWei = { id: 'cheng-wei', name: 'Cheng Wei', aliases: [] };
    expect(
      findNames(
        'Cheng, you are late',
        nameables([chengYi]).concat({ key: chengWei.id, names: [chengWei.name] }),
      ),
    ).toEqual([]);
  });

  it('GIVEN a title or article in a display name THEN it does not stand for the name', () => {
    const narrator = { key: 'narrator', names: ['The Narrator'] };
    expect(findNames('the show goes on', [narrator])).toEqual([]);
    expect(findNames('Narrator, go on', [narrator])).toMatchObject([
      { key: 'narrator', name: 'The Narrator', whole: false },
    ]);
  });

  it('GIVEN an alias THEN it stands for the persona', () => {
    expect(keysIn('路路，你好')).toEqual(['ling-lu']);
    expect(keysIn('马慧呢？')).toEqual(['ma-hui']);
  });

  it('GIVEN full-width Latin letters THEN they match as ordinary ones', () => {
    expect(keysIn('ＴＡＯ ＬＥ!')).toEqual(['tao-le']);
  });
});

describe('addressing a line', () => {
  const history = [said(mia, 'hi all'), spoke(taoLe, 'hey Mia')];

  it('GIVEN a vocative at the start or at the end THEN the persona is addressed as a vocative', () => {
    const start = addressing(said(mia, 'Tao Le, what do you think?'), band, history);
    expect(start.personas).toMatchObject([{ personaId: 'tao-le', kind: 'vocative', question: true }]);
    const end = addressing(said(mia, 'what do you think, 凌路？'), band, history);
    expect(end.personas).toMatchObject([{ personaId: 'ling-lu', kind: 'vocative', question: true }]);
    const chinese = addressing(said(mia, '程毅，你来弹吧。'), band, history);
    expect(chinese.personas).toMatchObject([{ personaId: 'cheng-yi', kind: 'vocative' }]);
  });

  it('GIVEN a name in the middle of a sentence THEN the persona is only named', () => {
    const found = addressing(said(mia, 'I heard Ma Hui wrote a new song'), band, history);
    expect(found.personas).toMatchObject([{ personaId: 'ma-hui', kind: 'named' }]);
  });

  it('GIVEN a reply to a persona and an @-mention THEN both are addressed, the strongest first', () => {
    const line = said(mia, 'this one', {
      replyTo: { kind: 'persona', speakerId: 'cheng-yi', speakerName: 'Cheng Yi' },
      mentions: ['ma-hui'],
    });
    expect(addressing(line, band, history).personas.map((a) => [a.personaId, a.kind])).toEqual([
      ['cheng-yi', 'reply'],
      ['ma-hui', 'mention'],
    ]);
  });

  it('GIVEN a persona naming itself THEN it does not address itself', () => {
    expect(addressing(spoke(lingLu, "I'm Ling Lu, hi"), band, history).personas).toEqual([]);
  });

  it('GIVEN a line naming a person of the history, or replying to one THEN the person is addressed', () => {
    expect(
      addressing(said(mia, 'Sam, look at this'), band, [said({ id: 'u-sam', name: 'Sam' }, 'yo')]).persons,
    ).toEqual(['Sam']);
    const reply = spoke(chengYi, 'sure', {
      replyTo: { kind: 'person', speakerId: mia.id, speakerName: mia.name },
    });
    expect(addressing(reply, band, history).persons).toEqual(['Mia']);
  });

  it('GIVEN a person naming themselves THEN they do not address a person', () => {
    expect(addressing(said(mia, 'Mia here, hello'), band, history).persons).toEqual([]);
  });
});
