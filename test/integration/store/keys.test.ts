// The key module: one prefix for everything, and every multi-key operation's keys on one cluster slot.
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/store/keys.js';
import { hashTag, keySlot } from './cluster-slot.js';

describe('keySlot (the test helper)', () => {
  it('THEN matches the slots Redis Cluster documents', () => {
    // CLUSTER KEYSLOT values from a real cluster.
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(hashTag('foo{}{bar}')).toBe('foo{}{bar}');
  });
});

describe('createKeys', () => {
  const keys = createKeys('troupe');

  it('GIVEN one channel THEN all its keys share one hash tag and slot', () => {
    const channelKeys = [
      keys.history('123'),
      keys.seq('123'),
      keys.earlyChange('123', '987'),
      keys.sessions('123'),
      keys.memCursor('123'),
      keys.settings('123'),
      keys.turn('123'),
      keys.turnLock('123'),
      keys.webhook('123'),
      keys.onceNotes('123'),
      keys.alternatives('123'),
      keys.channelLore('123'),
      keys.failures('123'),
    ];
    expect(new Set(channelKeys).size).toBe(channelKeys.length);
    expect(new Set(channelKeys.map(hashTag))).toEqual(new Set(['ch:123']));
    expect(new Set(channelKeys.map(keySlot)).size).toBe(1);
    for (const key of channelKeys) expect(key.startsWith('troupe:{ch:123}:')).toBe(true);
  });

  it('GIVEN two channels THEN their keys hash on different tags', () => {
    expect(hashTag(keys.history('1'))).not.toBe(hashTag(keys.history('2')));
  });

  it('GIVEN usage keys THEN counters, indexes, caps and daily spend share one slot, with and without a guild', () => {
    const usageKeys = [
      keys.usage('g1', 'c1', 'alice'),
      keys.usage(undefined, 'c1', 'alice'),
      keys.usage('g2', 'c9', 'bob'),
      keys.usageIndex(),
      keys.usageGuildIndex('g1'),
      keys.budgetCap({ kind: 'guild', guildId: 'g1' }),
      keys.budgetCap({ kind: 'channel', channelId: 'g1' }),
      keys.spend({ kind: 'guild', guildId: 'g1' }, '2026-11-21'),
      keys.spend({ kind: 'guild', guildId: 'g1' }, '2026-11-22'),
      keys.spend({ kind: 'channel', channelId: 'c1' }, '2026-11-21'),
    ];
    expect(new Set(usageKeys).size).toBe(usageKeys.length);
    expect(new Set(usageKeys.map(keySlot)).size).toBe(1);
  });

  it('GIVEN the BullMQ prefix THEN every queue key lands on one slot', () => {
    expect(keys.bullPrefix).toBe('{troupe:bull}');
    const queueKeys = ['turns:wait', 'turns:1', 'silence:delayed', 'silence:meta'].map(
      (suffix) => `${keys.bullPrefix}:${suffix}`,
    );
    expect(new Set(queueKeys.map(keySlot)).size).toBe(1);
  });

  it('GIVEN a turn id THEN its record key is tagged by the turn', () => {
    expect(keys.turnRecord('turn-123-7')).toBe('troupe:{turn:turn-123-7}:record');
  });

  it('GIVEN a guild THEN its personas key carries the guild tag', () => {
    expect(keys.guildPersonas('42')).toBe('troupe:{guild:42}:personas');
    expect(keys.guildLore('42')).toBe('troupe:{guild:42}:lore');
  });

  it('GIVEN ids with braces or colons THEN they cannot move the hash tag or merge two keys', () => {
    expect(hashTag(keys.history('a}b{c'))).toBe('ch:a%7Db%7Bc');
    expect(keys.usage('a:c:b', 'x', 'p')).not.toBe(keys.usage('a', 'b:c:x', 'p'));
    expect(() => keys.history('')).toThrow(TypeError);
  });

  it('GIVEN a prefix with a brace THEN it is refused', () => {
    expect(() => createKeys('a{b}')).toThrow(TypeError);
    expect(() => createKeys('')).toThrow(TypeError);
  });
});
