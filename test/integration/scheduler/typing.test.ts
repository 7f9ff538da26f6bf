// People typing hold the personas back (core/typing.ts), on real Redis + BullMQ + the simulator: a reply
// due while its person types on waits until they send or stop, a line sent meanwhile gets one reply that
// saw it, someone else typing does not slow it, personas answering each other wait for anyone, someone
// typing forever holds a turn only so many times, and /nudge never waits.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import { receiveLine } from '../../../src/core/receive.js';
import { personTyping } from '../../../src/core/typing.js';
import { RedisTypingPresence } from '../../../src/store/redis-typing-presence.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-typing';
const MUSICIANS = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(core: { personTypingHoldMs: number; maxTypingHolds?: number }): Promise<CoreHarness> {
  const h = await startCoreHarness({ core });
  for (const id of MUSICIANS) await addToCast(h.core.deps, CHANNEL, id, { greet: false });
  await h.core.settings.update(CHANNEL, { minPersonaGapMs: 100 });
  await setSilence(h.core.deps, CHANNEL, undefined);
  return h;
}

const say = (h: CoreHarness, text: string) =>
  receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: 'user-mia', speakerName: 'Mia', text });

/** Records when each post reached the stage. */
function postTimes(h: CoreHarness): number[] {
  const times: number[] = [];
  const post = h.stage.post.bind(h.stage);
  h.stage.post = async (...args) => {
    times.push(Date.now());
    return post(...args);
  };
  return times;
}

function chatRequests(h: CoreHarness) {
  return h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
}

describe('people typing (Redis + BullMQ + simulator)', () => {
  it('GIVEN Mia types on right after her line THEN the reply waits until her typing runs out', async () => {
    harness = await start({ personTypingHoldMs: 1_200 });
    const posted = postTimes(harness);
    await say(harness, 'Ling Lu, wait till you hear this.');
    const typingAt = Date.now();
    await personTyping(harness.core.deps, CHANNEL, 'user-mia');

    await waitFor('a reply', () => harness!.stage.posts.length > 0, 10_000);
    expect(harness.stage.posts[0]?.personaId).toBe('ling-lu');
    // Never before her typing ran out (the debounce alone is 150 ms).
    expect(posted[0]! - typingAt).toBeGreaterThanOrEqual(1_150);
  });

  it('GIVEN Mia sends her next line while a reply waits for her THEN one reply comes, having seen both', async () => {
    harness = await start({ personTypingHoldMs: 5_000 });
    await say(harness, 'Ling Lu, wait till you hear this.');
    await personTyping(harness.core.deps, CHANNEL, 'user-mia');
    await sleep(600); // the first line's turn is due and holds
    expect(harness.stage.posts).toHaveLength(0);
    await say(harness, 'We got the main stage!');

    await waitFor('a reply', () => harness!.stage.posts.length > 0, 10_000);
    await sleep(600);
    expect(harness.stage.posts).toHaveLength(1);
    const requests = chatRequests(harness);
    expect(requests).toHaveLength(1);
    const seen = (requests[0]!.body as { messages: Array<{ content: string }> }).messages.map(
      (m) => m.content,
    );
    expect(seen).toContain('Mia: Ling Lu, wait till you hear this.');
    expect(seen).toContain('Mia: We got the main stage!');
    // Her sent line cleared her typing: nobody holds the channel any more.
    const presence = new RedisTypingPresence(harness.redis, harness.keys);
    expect(await presence.typingAt(CHANNEL, Date.now())).toEqual(new Map());
  });

  it('GIVEN Mia typing on and on THEN the turn waits its two holds and then goes ahead', async () => {
    harness = await start({ personTypingHoldMs: 400, maxTypingHolds: 2 });
    const posted = postTimes(harness);
    await say(harness, 'Ling Lu, what do you think?');
    const typingAt = Date.now();
    let typing = true;
    const keepTyping = (async () => {
      while (typing) {
        await personTyping(harness!.core.deps, CHANNEL, 'user-mia');
        await sleep(100);
      }
    })();

    await waitFor('a reply despite the typing', () => harness!.stage.posts.length > 0, 10_000);
    typing = false;
    await keepTyping;
    expect(harness.stage.posts[0]?.personaId).toBe('ling-lu');
    expect(posted[0]! - typingAt).toBeGreaterThanOrEqual(700); // two holds of ~400 ms each
  });

  it('GIVEN Noah typing while Mia is answered THEN the reply to her does not wait for him', async () => {
    harness = await start({ personTypingHoldMs: 60_000 });
    await personTyping(harness.core.deps, CHANNEL, 'user-noah');
    await say(harness, 'Ling Lu, are you ready?');
    await waitFor('the reply to Mia', () => harness!.stage.posts.length > 0, 10_000);
    expect(harness.stage.posts[0]?.personaId).toBe('ling-lu');
  });

  it('GIVEN personas answering each other WHEN Noah is typing THEN they wait for him', async () => {
    harness = await start({ personTypingHoldMs: 1_200 });
    const posted = postTimes(harness);
    const typingAt = Date.now();
    await personTyping(harness.core.deps, CHANNEL, 'user-noah');
    await receiveLine(harness.core.deps, CHANNEL, {
      kind: 'persona',
      speakerId: 'ling-lu',
      speakerName: 'Ling Lu',
      text: 'Cheng Yi, your turn to pick the song.',
    });
    await waitFor('Cheng Yi', () => harness!.stage.posts.length > 0, 10_000);
    expect(harness.stage.posts[0]?.personaId).toBe('cheng-yi');
    expect(posted[0]! - typingAt).toBeGreaterThanOrEqual(1_150);
  });

  it('GIVEN Mia is typing WHEN an admin nudges a persona THEN it speaks without waiting', async () => {
    harness = await start({ personTypingHoldMs: 60_000 });
    await personTyping(harness.core.deps, CHANNEL, 'user-mia');
    await harness.core.deps.scheduler.scheduleTurn(
      CHANNEL,
      { kind: 'forced', personaId: 'tao-le', nonce: 'n1' },
      0,
    );
    await waitFor('the nudged reply', () => harness!.stage.posts.length > 0, 10_000);
    expect(harness.stage.posts[0]?.personaId).toBe('tao-le');
  });

  it('GIVEN a channel without a cast THEN typing there is not tracked', async () => {
    harness = await start({ personTypingHoldMs: 60_000 });
    await personTyping(harness.core.deps, 'chan-empty', 'user-mia');
    expect(await harness.redis.exists(harness.keys.typing('chan-empty'))).toBe(0);
  });
});

describe('RedisTypingPresence', () => {
  it('GIVEN two people typing THEN each is kept apart, one sending leaves the other, and the key expires', async () => {
    harness = await startCoreHarness();
    const presence = new RedisTypingPresence(harness.redis, harness.keys);
    const now = Date.now();
    await presence.started(CHANNEL, 'a', now, now + 300);
    await presence.started(CHANNEL, 'b', now, now + 1_000);
    expect(await presence.typingAt(CHANNEL, now)).toEqual(
      new Map([
        ['a', now + 300],
        ['b', now + 1_000],
      ]),
    );
    // A message that arrived before b's typing was seen does not end it; one after it does.
    await presence.stopped(CHANNEL, 'b', now - 1);
    expect(await presence.typingAt(CHANNEL, now)).toEqual(
      new Map([
        ['a', now + 300],
        ['b', now + 1_000],
      ]),
    );
    await presence.stopped(CHANNEL, 'b', now);
    expect(await presence.typingAt(CHANNEL, now)).toEqual(new Map([['a', now + 300]]));
    expect(await presence.typingAt(CHANNEL, now + 301)).toEqual(new Map());
    // Within one millisecond the order still holds: typing seen 0.5 ms after a message outlives it.
    await presence.started(CHANNEL, 'c', now + 0.5, now + 1_000);
    await presence.stopped(CHANNEL, 'c', now + 0.25);
    expect((await presence.typingAt(CHANNEL, now)).get('c')).toBe(now + 1_000);
    await presence.stopped(CHANNEL, 'c', now + 0.75);
    await waitFor(
      'the key to expire',
      async () => (await harness!.redis.exists(harness!.keys.typing(CHANNEL))) === 0,
    );
  });
});
