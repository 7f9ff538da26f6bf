// Every Redis store on a real Redis Cluster (three masters, test/support/redis-cluster.ts): the Lua
// scripts, transactions and pipelines that touch several keys run without CROSSSLOT, because each keeps
// its keys on one slot (keys.ts's hash tags); and the channels of a deployment spread over every master.
import type { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { NewLine } from '../../../src/core/line.js';
import { ChannelLock } from '../../../src/store/channel-lock.js';
import { createRedisStores } from '../../../src/store/redis-stores.js';
import { RedisProxyHolds } from '../../../src/store/redis-proxy-holds.js';
import { clusterPerTest, scanPrefix } from '../../support/redis.js';
import { hashTag, keySlot } from './cluster-slot.js';

const db = clusterPerTest('cluster');

/** The master port that serves each slot, from CLUSTER SLOTS. */
async function slotOwners(cluster: Cluster): Promise<(slot: number) => number> {
  const ranges = await cluster.cluster('SLOTS');
  return (slot) => {
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`slot ${slot} is served by no master`);
    return range[2]![1];
  };
}

/** One channel id per master (found by their slots), so every test below runs on all three. */
async function channelOnEachMaster(cluster: Cluster, prefix: string): Promise<string[]> {
  const owner = await slotOwners(cluster);
  const byMaster = new Map<number, string>();
  for (let n = 1000; byMaster.size < 3; n++) {
    const channelId = String(n);
    const port = owner(keySlot(`${prefix}:{ch:${channelId}}:history`));
    if (!byMaster.has(port)) byMaster.set(port, channelId);
  }
  return [...byMaster.values()];
}

const said = (text: string, messageId: string): NewLine & { kind: 'person' } => ({
  kind: 'person',
  speakerId: 'u1',
  speakerName: 'Ana',
  text,
  messageId,
});

describe('the stores on a Redis Cluster', () => {
  it('GIVEN the cluster THEN its slots are the ones keys.ts is written for (CLUSTER KEYSLOT agrees)', async () => {
    const { keys } = db;
    for (const key of [
      keys.history('42'),
      keys.usage('g1', 'c1', 'p1'),
      keys.usageIndex(),
      keys.guildPersonas('7'),
      keys.turnRecord('turn-42-3'),
      `${keys.bullPrefix}:turns:wait`,
    ]) {
      expect(await db.redis.cluster('KEYSLOT', key)).toBe(keySlot(key));
    }
    expect(db.redis.nodes('master')).toHaveLength(3);
  });

  it('GIVEN history on three masters THEN the append, early-change, edit, remove and replace scripts all run', async () => {
    const { history } = createRedisStores(db.redis, db.keys);
    const channels = await channelOnEachMaster(db.redis, db.prefix);
    for (const channel of channels) {
      // Deleted before it was stored: the remove script leaves the early-change key, the append script
      // (3 keys: list, seq, early change) reads and drops it.
      expect(await history.removeByMessageId(channel, 'm0')).toBe(false);
      expect(await history.appendPerson(channel, said('gone', 'm0'))).toBeUndefined();
      // Edited before it was stored: stored as edited.
      expect(await history.editByMessageId(channel, 'm1', { text: 'edited early' })).toBeUndefined();
      expect(await history.appendPerson(channel, said('first words', 'm1'))).toMatchObject({
        seq: 1,
        text: 'edited early',
      });
      await history.appendPerson(channel, said('second', 'm2'));
      expect(await history.editByMessageId(channel, 'm2', { text: 'second, edited' })).toMatchObject({
        seq: 2,
        text: 'second, edited',
      });
      expect(await history.removeByMessageId(channel, 'm1')).toBe(true);
      expect((await history.recent(channel, 10)).map((l) => [l.seq, l.text])).toEqual([
        [2, 'second, edited'],
      ]);
      expect(await history.findByMessageId(channel, 'm2')).toMatchObject({ text: 'second, edited' });
    }
  });

  it('GIVEN turns on three masters THEN the ledger, the channel lock and the settings script hold', async () => {
    const other = createRedisStores(db.other, db.keys);
    const { ledger, settings } = createRedisStores(db.redis, db.keys);
    const channels = await channelOnEachMaster(db.redis, db.prefix);
    for (const channel of channels) {
      await ledger.markRequested(channel, 3);
      await other.ledger.markRequested(channel, 2); // never moves back
      expect(await ledger.requestedSeq(channel)).toBe(3);
      expect(await ledger.replyPending(channel)).toBe(true);
      await ledger.markAnswered(channel, 3);
      expect(await other.ledger.replyPending(channel)).toBe(false);

      const turnId = `turn-${channel}-3`;
      const record = { personaId: 'ling-lu', text: 'hi', trigger: 'reply' } as const;
      expect(await ledger.markPosting(turnId, record)).toBe(true);
      expect(await other.ledger.markPosting(turnId, record)).toBe(false);
      await ledger.markPosted(turnId, ['m9']);
      expect(await other.ledger.get(turnId)).toMatchObject({ state: 'posted', messageIds: ['m9'] });

      const lock = new ChannelLock(db.redis, (id) => db.keys.turnLock(id), { ttlMs: 300 });
      const otherLock = new ChannelLock(db.other, (id) => db.keys.turnLock(id), { ttlMs: 300 });
      const held = await lock.acquire(channel);
      expect(held).toBeDefined();
      // Renewed (a script) past its first lifetime while held.
      await new Promise((r) => setTimeout(r, 450));
      expect(await otherLock.acquire(channel)).toBeUndefined();
      await held!.release();
      const next = await otherLock.acquire(channel);
      expect(next).toBeDefined();
      await next!.release();

      await settings.update(channel, { cast: ['ling-lu'] });
      await other.settings.addToCast(channel, 'tao-le');
      expect((await settings.get(channel)).cast).toEqual(['ling-lu', 'tao-le']);
    }
  });

  it('GIVEN usage from many servers and channels THEN counters and both indexes (one {usage} slot) add up', async () => {
    const { usage } = createRedisStores(db.redis, db.keys);
    const other = createRedisStores(db.other, db.keys).usage;
    const tokens = {
      promptTokens: 100,
      completionTokens: 10,
      cachedTokens: 60,
      model: 'qwen-plus-character',
    };
    await Promise.all(
      ['g1', 'g2', 'g3'].flatMap((guildId) =>
        ['c1', 'c2'].flatMap((channelId) =>
          [usage, other].map((store) => store.record({ guildId, channelId, personaId: 'ling-lu' }, tokens)),
        ),
      ),
    );
    await usage.record({ channelId: 'dm', personaId: 'tao-le' }, tokens);
    expect(await usage.totals()).toMatchObject({ promptTokens: 1_300, requests: 13 });
    expect(await other.totals({ guildId: 'g2' })).toMatchObject({ promptTokens: 400, cachedTokens: 240 });
    expect(await usage.rows({ guildId: 'g3', channelId: 'c2' })).toEqual([
      expect.objectContaining({ guildId: 'g3', channelId: 'c2', personaId: 'ling-lu', requests: 2 }),
    ]);
  });

  it('GIVEN the per-channel stores on three masters THEN sessions, notes, lore, characters, failures, alternatives, typing and proxy holds work', async () => {
    const stores = createRedisStores(db.redis, db.keys);
    const holds = new RedisProxyHolds(db.redis, db.keys);
    const channels = await channelOnEachMaster(db.redis, db.prefix);
    for (const channel of channels) {
      // Sessions: MULTI over the sessions hash, the cursor script and DEL over both keys.
      const session = await stores.sessions.get(channel, 'ling-lu');
      expect(await stores.sessions.setCursor(channel, 'ling-lu', 5, { sessionId: session })).toBe(true);
      expect(await stores.sessions.getCursor(channel, 'ling-lu')).toBe(5);
      const rotated = await stores.sessions.rotate(channel, 'ling-lu');
      expect(rotated).not.toBe(session);
      expect(await stores.sessions.getCursor(channel, 'ling-lu')).toBe(0);
      await stores.sessions.setCursor(channel, 'ling-lu', 2);
      await stores.sessions.rotateAll(channel);
      expect(await stores.sessions.getCursor(channel, 'ling-lu')).toBe(0);

      const note = await stores.notes.add(channel, 'It starts to rain');
      await stores.notes.consume(channel, [note]);
      expect(await stores.notes.pending(channel)).toEqual([]);

      const lore = await stores.lore.add(
        { kind: 'channel', channelId: channel },
        { keys: ['rain'], text: 'wet' },
      );
      expect(await stores.lore.list({ kind: 'channel', channelId: channel })).toEqual([lore]);
      await stores.characters.set({ kind: 'channel', channelId: channel }, 'u1', { name: 'Wren' });
      expect(await stores.characters.get({ kind: 'channel', channelId: channel }, 'u1')).toEqual({
        name: 'Wren',
      });

      await stores.failures.record(channel, {
        code: 'rate_limited',
        personaId: 'ling-lu',
        at: 1,
        retryable: true,
        message: 'slow down',
      });
      expect(await stores.failures.recent(channel, 5)).toHaveLength(1);
      const set = { setId: 's1', messageId: 'm1', personaId: 'ling-lu', texts: ['a', 'b'], at: 1 };
      await stores.alternatives.save(channel, set, 60_000);
      expect(await stores.alternatives.get(channel)).toEqual(set);

      const now = Date.now();
      await stores.typing.started(channel, 'u1', now, now + 5_000);
      expect([...(await stores.typing.typingAt(channel, now + 1)).keys()]).toEqual(['u1']);

      const held = { line: said('hi', 'p1'), content: 'hi', files: [], at: now, receivedAt: now };
      expect(await holds.hold(channel, 'p1', held)).toBe(true);
      expect((await holds.records(channel)).held.get('p1')).toEqual({ ...held, deleted: false });
    }
    const serverLore = await stores.lore.add(
      { kind: 'guild', guildId: 'g1' },
      { keys: ['sea'], text: 'salt' },
    );
    expect(await stores.lore.list({ kind: 'guild', guildId: 'g1' })).toEqual([serverLore]);
  });

  it('GIVEN a deployment of many channels THEN each channel keeps its keys on one master and the channels use all three', async () => {
    const stores = createRedisStores(db.redis, db.keys);
    const channels = Array.from({ length: 30 }, (_, i) => `${2000 + i}`);
    for (const channel of channels) {
      await stores.history.appendPerson(channel, said('hello', `m-${channel}`));
      await stores.sessions.get(channel, 'ling-lu');
      await stores.settings.update(channel, { cast: ['ling-lu'] });
      await stores.ledger.markRequested(channel, 1);
    }
    const owner = await slotOwners(db.redis);
    const found = await scanPrefix(db.redis, db.prefix);
    const mastersByChannel = new Map<string, Set<number>>();
    for (const key of found) {
      const tag = hashTag(key);
      if (!tag.startsWith('ch:')) continue;
      const ports = mastersByChannel.get(tag) ?? new Set<number>();
      ports.add(owner(keySlot(key)));
      mastersByChannel.set(tag, ports);
    }
    expect(mastersByChannel.size).toBe(channels.length);
    for (const ports of mastersByChannel.values()) expect(ports.size).toBe(1);
    expect(new Set([...mastersByChannel.values()].flatMap((ports) => [...ports])).size).toBe(3);
  });
});
