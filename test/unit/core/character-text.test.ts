// A card's instructions and example dialogue in the system message: after the profile, before the
// roster, the same bytes every turn (the session prefix cache depends on it).
import { describe, expect, it } from 'vitest';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { makePersona } from './fixtures.js';

describe('buildSystemMessage with a card persona', () => {
  const mira = makePersona({
    id: 'mira',
    name: 'Mira',
    profile: 'You are Mira, a lamp keeper.',
    systemPrompt: 'Write Mira in the third person.',
    examples: [
      'User: Why the lamps?\nMira: So the river knows its way home.',
      'User: Help?\nMira: Hold the ladder.',
    ],
    postHistoryInstructions: 'Keep Mira terse.',
    creatorNotes: 'Never in a prompt.',
    tags: ['fantasy'],
    creator: 'someone',
  });
  const other = makePersona({ id: 'ada', name: 'Ada', profile: 'You are Ada.' });

  it('GIVEN instructions and examples THEN they follow the profile, examples under a heading, before the roster', () => {
    const system = buildSystemMessage(mira, [mira, other]);
    expect(
      system.startsWith(
        [
          'You are Mira, a lamp keeper.',
          'Write Mira in the third person.',
          'Examples of how Mira speaks (earlier scenes, not part of this conversation):\nUser: Why the lamps?\nMira: So the river knows its way home.\n\nUser: Help?\nMira: Hold the ladder.',
          'Also in this group chat:\n- Ada: You are Ada.',
        ].join('\n\n'),
      ),
    ).toBe(true);
    expect(system).not.toMatch(/Keep Mira terse|Never in a prompt|fantasy|someone/u);
    expect(buildSystemMessage(mira, [other, mira])).toBe(system);
  });
});
