// The Redis history store on a real Redis: ids, order, the cap, message-id lookups, exact round trips
// and concurrent writers on separate connections.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Line, NewLine } from '../../../src/core/line.js';
import { qwenTokenCounter } from '../../../src/model/qwen-tokens.js';
import { RedisHistoryStore } from '../../../src/store/redis-history-store.js';
import { redisPerTest } from '../../support/redis.js';

const CHANNEL = '1000';

function said(text: string, extra: Partial<NewLine> = {}): NewLine {
  return { kind: 'person', speakerId: 'u1', speakerName: 'Ana', text, ...extra };
}

const db = redisPerTest('history');
let now: number;
const clock = { now: () => now };
beforeEach(() => {
  now = 1_700_000_000_000;
});

describe('RedisHistoryStore', () => {
  it('GIVEN appends THEN ids count up per channel and recent returns the last lines oldest first', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { clock });
    const first = await store.append(CHANNEL, said('one'));
    await store.append(CHANNEL, said('two'));
    await store.append(CHANNEL, said('three'));
    const elsewhere = await store.append('2000', said('other channel'));

    expect(first).toStrictEqual({
      id: '1',
      seq: 1,
      kind: 'person',
      speakerId: 'u1',
      speakerName: 'Ana',
      text: 'one',
      at: now,
    });
    expect(elsewhere.seq).toBe(1);
    expect((await store.recent(CHANNEL, 2)).map((line) => [line.id, line.text])).toEqual([
      ['2', 'two'],
      ['3', 'three'],
    ]);
    expect((await store.recent(CHANNEL, 100)).map((line) => line.seq)).toEqual([1, 2, 3]);
    expect(await store.recent(CHANNEL, 0)).toEqual([]);
    expect(await store.recent('empty', 10)).toEqual([]);
  });

  it('GIVEN a line with its own time THEN it is kept, otherwise the clock gives it', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { clock });
    expect((await store.append(CHANNEL, said('dated', { at: 5 }))).at).toBe(5);
    now += 1_000;
    expect((await store.append(CHANNEL, said('undated'))).at).toBe(now);
  });

  it('GIVEN more lines than the limit THEN the oldest are dropped', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { historyLimit: 3 });
    for (let i = 1; i <= 5; i++) await store.append(CHANNEL, said(`line ${i}`));
    expect((await store.recent(CHANNEL, 10)).map((line) => line.text)).toEqual([
      'line 3',
      'line 4',
      'line 5',
    ]);
    expect(await db.redis.llen(db.keys.history(CHANNEL))).toBe(3);
  });

  it('GIVEN a bad limit THEN the store refuses it', () => {
    expect(() => new RedisHistoryStore(db.redis, db.keys, { historyLimit: 0 })).toThrow(RangeError);
  });

  it('GIVEN a clear THEN the lines are gone and later ids are still new', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    await store.append(CHANNEL, said('a'));
    await store.append(CHANNEL, said('b'));
    await store.clear(CHANNEL);
    expect(await store.recent(CHANNEL, 10)).toEqual([]);
    const next = await store.append(CHANNEL, said('c'));
    expect(next.id).toBe('3');
  });

  it('GIVEN every optional field THEN the line reads back exactly, and undefined fields are not added', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { clock });
    const full: NewLine = {
      kind: 'persona',
      speakerId: 'mira',
      speakerName: 'Mira "the Bold" 🌙',
      text: 'Line one\nline "two" \\ ünïcödé',
      at: 1_700_000_123_456,
      messageId: 'm1',
      messageIds: ['m1', 'm2'],
      replyTo: { kind: 'person', speakerId: 'u1', speakerName: 'Ana' },
      mentions: [],
      fromBot: false,
      trigger: 'nudge',
    };
    const appended = await store.append(CHANNEL, full);
    const [read] = await store.recent(CHANNEL, 1);
    expect(read).toStrictEqual({ id: '1', seq: 1, ...full });
    expect(appended).toStrictEqual(read);

    const sparse = await store.append(CHANNEL, said('sparse', { messageId: undefined, replyTo: undefined }));
    expect(Object.keys(sparse).sort()).toEqual([
      'at',
      'id',
      'kind',
      'seq',
      'speakerId',
      'speakerName',
      'text',
    ]);
    expect((await store.recent(CHANNEL, 1))[0]).toStrictEqual(sparse);
  });

  it('GIVEN a stray id on the input THEN the store still assigns its own', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    const line = await store.append(CHANNEL, { ...said('x'), id: '99', seq: 99 } as NewLine);
    expect([line.id, line.seq]).toEqual(['1', 1]);
    expect((await store.recent(CHANNEL, 1))[0]).toStrictEqual(line);
  });

  it('GIVEN message ids THEN lines are found by the first id or any id of a split reply', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    await store.append(CHANNEL, said('person', { messageId: 'p1' }));
    const split = await store.append(CHANNEL, {
      kind: 'persona',
      speakerId: 'mira',
      speakerName: 'Mira',
      text: 'long reply',
      messageId: 'm1',
      messageIds: ['m1', 'm2', 'm3'],
    });
    await store.append(CHANNEL, said('no message id'));

    expect(await store.findByMessageId(CHANNEL, 'm1')).toStrictEqual(split);
    expect(await store.findByMessageId(CHANNEL, 'm3')).toStrictEqual(split);
    expect((await store.findByMessageId(CHANNEL, 'p1'))?.text).toBe('person');
    expect(await store.findByMessageId(CHANNEL, 'm')).toBeUndefined();
    expect(await store.findByMessageId('other', 'm1')).toBeUndefined();
  });

  it('GIVEN an edit THEN the text changes in place and id, seq and other fields stay', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    await store.append(CHANNEL, said('before', { messageId: 'p1' }));
    const split = await store.append(CHANNEL, {
      kind: 'persona',
      speakerId: 'mira',
      speakerName: 'Mira',
      text: 'draft',
      messageId: 'm1',
      messageIds: ['m1', 'm2'],
      trigger: 'reply',
    });
    await store.append(CHANNEL, said('after'));

    const edited = await store.editByMessageId(CHANNEL, 'm2', {
      text: 'final',
      id: '77',
      trigger: undefined,
    });
    expect(edited).toStrictEqual({ ...split, text: 'final' });
    expect((await store.recent(CHANNEL, 10)).map((line) => line.text)).toEqual(['before', 'final', 'after']);
    expect(await store.findByMessageId(CHANNEL, 'm1')).toStrictEqual(edited);
    expect(await store.editByMessageId(CHANNEL, 'nope', { text: 'x' })).toBeUndefined();
  });

  it('GIVEN a removal by a secondary id THEN exactly that line goes', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    await store.append(CHANNEL, said('keep 1', { messageId: 'p1' }));
    await store.append(CHANNEL, said('split', { messageId: 'm1', messageIds: ['m1', 'm2'] }));
    await store.append(CHANNEL, said('keep 2', { messageId: 'p2' }));

    expect(await store.removeByMessageId(CHANNEL, 'm2')).toBe(true);
    expect(await store.removeByMessageId(CHANNEL, 'm1')).toBe(false);
    expect((await store.recent(CHANNEL, 10)).map((line) => line.text)).toEqual(['keep 1', 'keep 2']);
  });

  it('GIVEN message ids JSON escapes THEN they are still found', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys);
    const odd = 'a"b\\c';
    await store.append(CHANNEL, said('odd', { messageId: odd }));
    expect((await store.findByMessageId(CHANNEL, odd))?.text).toBe('odd');
    expect(await store.removeByMessageId(CHANNEL, odd)).toBe(true);
  });

  it('GIVEN a long history THEN lookups reach lines beyond the first scan chunk', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { historyLimit: 500 });
    await store.append(CHANNEL, said('oldest', { messageId: 'old' }));
    for (let i = 0; i < 250; i++) await store.append(CHANNEL, said(`filler ${i}`, { messageId: `f${i}` }));
    expect((await store.findByMessageId(CHANNEL, 'old'))?.seq).toBe(1);
  });

  it('GIVEN two connections appending at once THEN seqs are strict, unique and without gaps', async () => {
    const one = new RedisHistoryStore(db.redis, db.keys);
    const two = new RedisHistoryStore(db.other, db.keys);
    const appended = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? one : two).append(CHANNEL, said(`line ${i}`))),
    );
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(appended.map((line) => line.seq).sort((a, b) => a - b)).toEqual(expected);
    const stored = await one.recent(CHANNEL, 500);
    expect(stored.map((line) => line.seq)).toEqual(expected);
    expect(stored.map((line) => line.id)).toEqual(expected.map(String));
  });

  it('GIVEN two connections editing one line at once THEN neither edit is lost', async () => {
    const one = new RedisHistoryStore(db.redis, db.keys);
    const two = new RedisHistoryStore(db.other, db.keys);
    await one.append(CHANNEL, said('original', { messageId: 'p1' }));
    const patches: Array<Pick<Line, 'text'> & Partial<Line>> = [
      { text: 'edited', mentions: ['mira'] },
      { text: 'edited', fromBot: true },
      { text: 'edited', trigger: 'forced' },
      { text: 'edited', messageIds: ['p1', 'p2'] },
    ];
    await Promise.all(
      patches.map((patch, i) => (i % 2 === 0 ? one : two).editByMessageId(CHANNEL, 'p1', patch)),
    );
    expect(await one.findByMessageId(CHANNEL, 'p1')).toMatchObject({
      text: 'edited',
      mentions: ['mira'],
      fromBot: true,
      trigger: 'forced',
      messageIds: ['p1', 'p2'],
    });
  });

  it('GIVEN edits and deletions racing their messages appends on two connections THEN every one applies', async () => {
    const one = new RedisHistoryStore(db.redis, db.keys);
    const two = new RedisHistoryStore(db.other, db.keys);
    const person = (messageId: string) => ({ ...said('original', { messageId }), kind: 'person' as const });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        Promise.all([
          one.appendPerson(CHANNEL, person(`m${i}`)),
          i % 2 === 0
            ? two.editByMessageId(CHANNEL, `m${i}`, { text: `edited ${i}` })
            : two.removeByMessageId(CHANNEL, `m${i}`),
        ]),
      ),
    );
    const stored = await one.recent(CHANNEL, 100);
    expect(stored.map((line) => line.text).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `edited ${i * 2}`).sort(),
    );
    const earlyKeys = Array.from({ length: 40 }, (_, i) => db.keys.earlyChange(CHANNEL, `m${i}`));
    expect(await db.redis.exists(...earlyKeys)).toBe(0); // every waiting change was used up
  });

  it('GIVEN a token counter THEN every stored text carries its count, kept in step through edits made before and after the line arrived', async () => {
    const store = new RedisHistoryStore(db.redis, db.keys, { tokens: qwenTokenCounter });
    const count = (text: string) => qwenTokenCounter.count(text);
    const zalgo = 'Z̴̡̛͎̞a̷̛͓l̸̢g̵̛o̴ '.repeat(20);
    // A caller's count is never trusted: the store counts.
    const line = await store.append(CHANNEL, said(zalgo, { messageId: 'p1', tokens: 1 }));
    expect(line.tokens).toBe(count(zalgo));
    expect((await store.recent(CHANNEL, 1))[0]!.tokens).toBe(count(zalgo));
    const edited = await store.editByMessageId(CHANNEL, 'p1', { text: 'short now' });
    expect(edited).toMatchObject({ text: 'short now', tokens: count('short now') });
    expect(await store.findByMessageId(CHANNEL, 'p1')).toStrictEqual(edited);
    // Edited before it was stored: stored as edited, counted as edited.
    await store.editByMessageId(CHANNEL, 'p2', { text: '👨‍👩‍👧‍👦'.repeat(9) });
    const early = await store.appendPerson(CHANNEL, {
      ...said('original', { messageId: 'p2' }),
      kind: 'person',
    });
    expect(early).toMatchObject({ text: '👨‍👩‍👧‍👦'.repeat(9), tokens: count('👨‍👩‍👧‍👦'.repeat(9)) });
    // Without a counter, lines are stored uncounted (the prompt counts them), never with a stale count.
    const plain = new RedisHistoryStore(db.redis, db.keys);
    await plain.editByMessageId(CHANNEL, 'p1', { text: 'edited without a counter' });
    expect((await plain.findByMessageId(CHANNEL, 'p1'))!.tokens).toBeUndefined();
    expect((await plain.append(CHANNEL, said('x', { tokens: 99 }))).tokens).toBeUndefined();
  });
});
