// Persona names as webhook usernames Discord accepts: 1–80 characters, no "discord" or "clyde" in any
// case, never exactly "everyone" or "here"; otherwise the name people chose, as they chose it.
import { describe, expect, it } from 'vitest';
import { FALLBACK_USERNAME, webhookUsername } from '../../../src/discord/webhook-username.js';

describe('webhookUsername', () => {
  it('GIVEN an ordinary name in any script THEN it is kept', () => {
    expect(webhookUsername('Ling Lu')).toBe('Ling Lu');
    expect(webhookUsername('凌路')).toBe('凌路');
  });

  it('GIVEN "discord" or "clyde" in any case THEN one letter becomes a look-alike and the word is gone', () => {
    for (const name of ['Discord Dan', 'DISCORD', 'Clyde', 'mr clyde-discord']) {
      const clean = webhookUsername(name);
      expect(clean.toLowerCase()).not.toMatch(/discord|clyde/);
      expect(clean).toHaveLength(name.length);
    }
    expect(webhookUsername('Discord Dan')).toBe('Disc\u043Erd Dan');
  });

  it('GIVEN exactly "everyone" or "here" THEN it is broken up; as part of a name it stays', () => {
    for (const name of ['everyone', 'Everyone', 'here', 'HERE']) {
      const clean = webhookUsername(name);
      expect(['everyone', 'here']).not.toContain(clean.toLowerCase());
      expect(clean).toHaveLength(name.length);
    }
    expect(webhookUsername('Everyone’s Friend')).toBe('Everyone’s Friend');
  });

  it('GIVEN a name past 80 characters THEN it is cut, never inside a surrogate pair', () => {
    expect(webhookUsername('a'.repeat(100))).toHaveLength(80);
    const emoji = webhookUsername('😀'.repeat(41));
    expect(emoji.length).toBeLessThanOrEqual(80);
    expect(emoji).toBe('😀'.repeat(40));
  });

  it('GIVEN blanks, or code fences THEN a fallback, or quotes instead', () => {
    expect(webhookUsername('   ')).toBe(FALLBACK_USERNAME);
    expect(webhookUsername('  Tao \n Le ')).toBe('Tao Le');
    expect(webhookUsername('a```b')).toBe("a'''b");
  });
});
