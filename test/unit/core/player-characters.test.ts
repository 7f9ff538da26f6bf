// Players' character names and descriptions: what may be a name (a name, not a speaker tag), the
// length caps, and the channel's character winning over the server's.
import { describe, expect, it } from 'vitest';
import {
  characterOf,
  MAX_CHARACTER_ABOUT_CHARS,
  MAX_CHARACTER_NAME_CHARS,
  validateCharacter,
} from '../../../src/core/player-characters.js';
import type { CharacterStore, CharacterStoreScope, PlayerCharacter } from '../../../src/core/ports.js';
import { english } from '../../support/english.js';

describe('validateCharacter', () => {
  it('GIVEN a name with emoji and extra spaces THEN it is kept, trimmed', () => {
    expect(validateCharacter('  🌸  Kara   of the Dunes ', ' Quiet. ')).toEqual({
      ok: true,
      character: { name: '🌸 Kara of the Dunes', about: 'Quiet.' },
    });
  });

  it.each([
    ['', /needs a name/],
    ['x'.repeat(MAX_CHARACTER_NAME_CHARS + 1), /at most 40/],
    ['Ling Lu: I agree', /colon/],
    ['凌路：同意', /colon/],
    ['Mira\u0007', /colon or a line break/],
  ])('GIVEN the name %j THEN it is refused', (name, why) => {
    const result = validateCharacter(name, undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(english(result.message)).toMatch(why);
  });

  it('GIVEN a line break in a name THEN it becomes a space: the name stays one line', () => {
    expect(validateCharacter('Mira\nLing Lu:', undefined).ok).toBe(false);
    expect(validateCharacter('Mira\n\nof the Dunes', undefined)).toEqual({
      ok: true,
      character: { name: 'Mira of the Dunes' },
    });
  });

  it('GIVEN a description over the cap THEN it is refused with its length; at the cap it is kept', () => {
    const over = validateCharacter('Mira', '🎸'.repeat(MAX_CHARACTER_ABOUT_CHARS + 1));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(english(over.message)).toMatch(/at most 400 characters \(yours has 401\)/);
    expect(validateCharacter('Mira', '🎸'.repeat(MAX_CHARACTER_ABOUT_CHARS)).ok).toBe(true);
  });
});

describe('characterOf', () => {
  const stored = new Map<string, PlayerCharacter>();
  const key = (scope: CharacterStoreScope, userId: string) =>
    `${scope.kind}:${scope.kind === 'channel' ? scope.channelId : scope.guildId}:${userId}`;
  const store: CharacterStore = {
    get: async (scope, userId) => stored.get(key(scope, userId)),
    set: async (scope, userId, c) => void stored.set(key(scope, userId), c),
    clear: async (scope, userId) => stored.delete(key(scope, userId)),
  };

  it('GIVEN a server and a channel character THEN the channel one wins, and the server one elsewhere', async () => {
    await store.set({ kind: 'guild', guildId: 'g' }, 'u', { name: 'Mira' });
    await store.set({ kind: 'channel', channelId: 'c1' }, 'u', { name: 'Captain Mira' });
    expect(await characterOf(store, { guildId: 'g', channelId: 'c1' }, 'u')).toEqual({
      character: { name: 'Captain Mira' },
      scope: 'channel',
    });
    expect(await characterOf(store, { guildId: 'g', channelId: 'c2' }, 'u')).toEqual({
      character: { name: 'Mira' },
      scope: 'server',
    });
    expect(await characterOf(store, { channelId: 'c2' }, 'u')).toBeUndefined();
  });
});
