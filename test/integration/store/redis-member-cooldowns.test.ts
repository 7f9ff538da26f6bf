// Members' cooldowns on a real Redis: one claim wins across processes, the others learn the time left;
// the cooldown ends on its own; it is per member and per server (a channel outside any server).
import { describe, expect, it } from 'vitest';
import { RedisMemberCooldowns } from '../../../src/store/redis-member-cooldowns.js';
import { keySlot } from './cluster-slot.js';
import { redisPerTest } from '../../support/redis.js';
import { waitFor } from '../../support/wait-for.js';

const db = redisPerTest('cooldowns');
const server = { guildId: 'g1', channelId: 'c1' };

describe('RedisMemberCooldowns', () => {
  it('GIVEN two processes claiming at once THEN one starts the cooldown and the other gets the time left', async () => {
    const one = new RedisMemberCooldowns(db.redis, db.keys);
    const two = new RedisMemberCooldowns(db.other, db.keys);
    const claims = await Promise.all([one.claim(server, 'noah', 30_000), two.claim(server, 'noah', 30_000)]);
    expect(claims.filter((left) => left === 0)).toHaveLength(1);
    const left = claims.find((ms) => ms > 0)!;
    expect(left).toBeGreaterThan(29_000);
    expect(left).toBeLessThanOrEqual(30_000);
    // Another channel of the same server: the same cooldown. Another member or server: their own.
    expect(await one.claim({ guildId: 'g1', channelId: 'c2' }, 'noah', 30_000)).toBeGreaterThan(0);
    expect(await one.claim(server, 'kai', 30_000)).toBe(0);
    expect(await one.claim({ guildId: 'g2', channelId: 'c9' }, 'noah', 30_000)).toBe(0);
    expect(await one.claim({ channelId: 'dm' }, 'noah', 30_000)).toBe(0);
  });

  it('GIVEN a short cooldown THEN it runs out on its own', async () => {
    const cooldowns = new RedisMemberCooldowns(db.redis, db.keys);
    expect(await cooldowns.claim(server, 'noah', 150)).toBe(0);
    expect(await cooldowns.claim(server, 'noah', 150)).toBeGreaterThan(0);
    await waitFor(
      'the cooldown to end',
      async () => (await cooldowns.claim(server, 'noah', 150)) === 0,
      2000,
    );
  });

  it("GIVEN a server's key THEN it hashes with the server's other keys", () => {
    expect(keySlot(db.keys.memberCooldown(server, 'noah'))).toBe(keySlot(db.keys.guildCharacters('g1')));
    expect(keySlot(db.keys.memberCooldown({ channelId: 'c1' }, 'noah'))).toBe(keySlot(db.keys.history('c1')));
  });
});
