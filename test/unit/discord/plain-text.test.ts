// Discord markup as a reader sees it, and files as a note the model can read.
import { describe, expect, it } from 'vitest';
import { attachmentNote, plainText } from '../../../src/discord/plain-text.js';

const names = {
  user: (id: string) => ({ '11': 'Mia', '22': 'Ling Lu' })[id],
  role: (id: string) => ({ '33': 'Moderators' })[id],
  channel: (id: string) => ({ '44': 'tavern' })[id],
};

describe('plainText', () => {
  it('GIVEN user, role and channel mentions THEN names', () => {
    expect(plainText('<@11> and <@!22>, ask <@&33> in <#44>', names)).toBe(
      '@Mia and @Ling Lu, ask @Moderators in #tavern',
    );
  });

  it('GIVEN unknown ids THEN a neutral word, never a snowflake', () => {
    expect(plainText('<@99> <@&98> <#97>', names)).toBe('@someone @a role #a channel');
  });

  it('GIVEN custom emoji and command mentions THEN their names', () => {
    expect(plainText('hi <:wave:123> <a:dance:456> try </cast add:789>', names)).toBe(
      'hi :wave: :dance: try /cast add',
    );
  });

  it('GIVEN plain text, @everyone included THEN it is left alone', () => {
    expect(plainText('@everyone look: 1 < 2 > 0', names)).toBe('@everyone look: 1 < 2 > 0');
  });
});

describe('attachmentNote', () => {
  it('GIVEN files and stickers THEN a short note naming a few', () => {
    expect(attachmentNote([])).toBe('');
    expect(attachmentNote(['map.png'])).toBe('[attached: map.png]');
    expect(attachmentNote(['a', 'b', 'c', 'd', 'e'])).toBe('[attached: a, b, c and 2 more]');
    expect(attachmentNote([], ['Wumpus'])).toBe('[sticker: Wumpus]');
  });
});
