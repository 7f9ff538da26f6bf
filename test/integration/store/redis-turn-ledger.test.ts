// The turn ledger on a real Redis: the at-most-once claim before a post holds across processes, so two
// runs of one turn (a job BullMQ took back from a worker that was only slow) never both post.
import { describe, expect, it } from 'vitest';
import { RedisTurnLedger } from '../../../src/store/redis-turn-ledger.js';
import { redisPerTest } from '../../support/redis.js';

const db = redisPerTest('ledger');

describe('RedisTurnLedger', () => {
  it('GIVEN two processes claiming the same turn at once THEN exactly one may post and the record is its', async () => {
    const one = new RedisTurnLedger(db.redis, db.keys);
    const two = new RedisTurnLedger(db.other, db.keys);
    const claims = await Promise.all([
      one.markPosting('turn-c-1', { personaId: 'ling-lu', text: 'from one', trigger: 'reply' }),
      two.markPosting('turn-c-1', { personaId: 'cheng-yi', text: 'from two', trigger: 'reply' }),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims[0] ? 'ling-lu' : 'cheng-yi';
    expect(await one.get('turn-c-1')).toMatchObject({ state: 'posting', personaId: winner });
    expect(await db.redis.ttl(db.keys.turnRecord('turn-c-1'))).toBeGreaterThan(0);
  });

  it('GIVEN a posted turn THEN a later claim of it is refused and the record stays posted', async () => {
    const ledger = new RedisTurnLedger(db.redis, db.keys);
    expect(await ledger.markPosting('turn-c-2', { personaId: 'ling-lu', text: 'hi', trigger: 'reply' })).toBe(
      true,
    );
    await ledger.markPosted('turn-c-2', ['m1']);
    expect(await ledger.markPosting('turn-c-2', { personaId: 'ling-lu', text: 'hi', trigger: 'reply' })).toBe(
      false,
    );
    expect(await ledger.get('turn-c-2')).toMatchObject({ state: 'posted', messageIds: ['m1'] });
  });

  it("GIVEN a claim with the persona's name and the newest line it saw THEN a resumed run reads them back", async () => {
    const ledger = new RedisTurnLedger(db.redis, db.keys);
    const record = {
      personaId: 'mira',
      speakerName: 'Mira Quell',
      text: 'hi',
      trigger: 'reply',
      seenSeq: 41,
    } as const;
    expect(await ledger.markPosting('turn-c-3', record)).toBe(true);
    await ledger.markPosted('turn-c-3', ['m9']);
    expect(await new RedisTurnLedger(db.other, db.keys).get('turn-c-3')).toEqual({
      ...record,
      state: 'posted',
      messageIds: ['m9'],
    });
  });
});
