// The turn scheduler on real Redis + BullMQ + the simulator (through the openai SDK): debounced bursts,
// one turn in flight per channel, retries, moderation, and the silence nudge with its cap.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCast, setSilence } from '../../../src/core/channel-admin.js';
import type { ChatRequest, ChatResult } from '../../../src/core/chat.js';
import type { ChatModel } from '../../../src/core/ports.js';
import { receiveLine } from '../../../src/core/receive.js';
import { startCoreHarness, type CoreHarness } from '../../support/core-harness.js';
import { sleep, waitFor } from '../../support/wait-for.js';

const CHANNEL = 'chan-1';
const MUSICIANS = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];

let harness: CoreHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function castMusicians(h: CoreHarness, options: { silence?: boolean } = {}) {
  for (const id of MUSICIANS) await addToCast(h.core.deps, CHANNEL, id, { greet: false });
  await h.core.settings.update(CHANNEL, { minPersonaGapMs: 100 });
  if (!options.silence) await setSilence(h.core.deps, CHANNEL, undefined);
}

const say = (h: CoreHarness, text: string, name = 'Mia') =>
  receiveLine(h.core.deps, CHANNEL, { kind: 'person', speakerId: `user-${name}`, speakerName: name, text });

function chatRequests(h: CoreHarness) {
  return h.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
}

function contents(body: unknown): string[] {
  return ((body as { messages: Array<{ content: string }> }).messages ?? []).map((m) => m.content);
}

describe('turn scheduler (Redis + BullMQ + simulator)', () => {
  it('GIVEN a burst of three lines THEN one persona replies once, having seen all three', async () => {
    harness = await startCoreHarness();
    await castMusicians(harness);
    await say(harness, 'Ling Lu, listen up.');
    await say(harness, 'I have news about the festival.');
    await say(harness, 'We got the main stage!');

    await waitFor('a reply', () => harness!.stage.posts.length > 0);
    await sleep(800); // longer than the debounce: a second reply would have come by now
    expect(harness.stage.posts).toHaveLength(1);
    const requests = chatRequests(harness);
    expect(requests).toHaveLength(1);
    const seen = contents(requests[0]!.body);
    expect(seen).toContain('Mia: Ling Lu, listen up.');
    expect(seen).toContain('Mia: I have news about the festival.');
    expect(seen).toContain('Mia: We got the main stage!');
    const history = await harness.core.history.recent(CHANNEL, 10);
    expect(history.map((l) => l.kind)).toEqual(['person', 'person', 'person', 'persona']);
    expect(history.at(-1)!.text).toBe(harness.stage.posts[0]!.chunks.join('\n'));
  });

  it('GIVEN two workers on one channel THEN turns never overlap and each is posted once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const tracking = (model: ChatModel): ChatModel => ({
      async complete(request: ChatRequest, options?: { signal?: AbortSignal }): Promise<ChatResult> {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await model.complete(request, options);
        } finally {
          inFlight--;
        }
      },
    });
    harness = await startCoreHarness({ workers: 2, wrapModel: tracking });
    harness.simulator.setLatency(150);
    await castMusicians(harness);
    // Six forced turns at once: both workers compete for the channel.
    for (const id of [...MUSICIANS, 'ling-lu', 'tao-le']) {
      await harness.core.deps.scheduler.scheduleTurn(
        CHANNEL,
        { kind: 'forced', personaId: id, nonce: `n-${Math.random()}` },
        0,
      );
    }
    await waitFor('six posts', () => harness!.stage.posts.length >= 6, 15_000);
    await sleep(300);
    expect(maxInFlight).toBe(1);
    expect(harness.stage.posts).toHaveLength(6);
    const personaLines = (await harness.core.history.recent(CHANNEL, 50)).filter((l) => l.kind === 'persona');
    expect(personaLines).toHaveLength(6);
    expect(new Set(personaLines.map((l) => l.messageId)).size).toBe(6);
  });

  it('GIVEN a 429 with Retry-After THEN the turn backs off and then succeeds', async () => {
    harness = await startCoreHarness();
    await castMusicians(harness);
    harness.simulator.injectFault({ kind: '429', retryAfterSeconds: 0.3 }, { times: 1 });
    await say(harness, 'Ling Lu, are you there?');
    await waitFor('a reply after the 429', () => harness!.stage.posts.length > 0, 10_000);
    const statuses = chatRequests(harness).map((r) => r.response?.status);
    expect(statuses).toEqual([429, 200]);
    const [first, second] = chatRequests(harness);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(250);
    expect(harness.stage.posts[0]!.personaId).toBe('ling-lu');
  });

  it('GIVEN a moderation rejection THEN the persona passes, the line stays, and the channel keeps working', async () => {
    harness = await startCoreHarness();
    await castMusicians(harness);
    harness.simulator.injectFault({ kind: 'moderation' }, { times: 1 });
    await say(harness, 'Ling Lu, say something outrageous.');
    await waitFor('the rejected request', () =>
      chatRequests(harness!).some((r) => r.response?.status === 400),
    );
    await sleep(400);
    expect(harness.stage.posts).toHaveLength(0);
    expect(chatRequests(harness)).toHaveLength(1); // moderation is never retried

    await say(harness, 'Ling Lu, never mind. How was rehearsal?');
    await waitFor('a reply after moderation', () => harness!.stage.posts.length > 0);
    const history = await harness.core.history.recent(CHANNEL, 10);
    expect(history.filter((l) => l.kind === 'person').map((l) => l.text)).toEqual([
      'Ling Lu, say something outrageous.',
      'Ling Lu, never mind. How was rehearsal?',
    ]);
  });

  it('GIVEN a quiet channel THEN personas speak up, later each time, and stop at the nudge cap until a person speaks', async () => {
    harness = await startCoreHarness();
    await castMusicians(harness);
    await setSilence(harness.core.deps, CHANNEL, 300, 2);
    await say(harness, 'I will just sit here quietly.');
    const nudges = async () =>
      (await harness!.core.history.recent(CHANNEL, 50)).filter(
        (l) => l.kind === 'persona' && l.trigger === 'nudge',
      );
    await waitFor('two nudges', async () => (await nudges()).length >= 2, 15_000);
    await sleep(2_500); // a third nudge would be due after ~900 ms more
    const afterCap = await nudges();
    expect(afterCap).toHaveLength(2);
    const [first, second] = afterCap;
    const personLine = (await harness.core.history.recent(CHANNEL, 50)).find((l) => l.kind === 'person')!;
    const firstGap = first!.at - personLine.at;
    expect(second!.at - first!.at).toBeGreaterThan(firstGap); // each nudge later than the last
    // Continuous reply: the silence turn's request ends with the persona's own partial prefix.
    const nudgeRequest = chatRequests(harness).at(0)!.body as {
      messages: Array<{ role: string; partial?: boolean }>;
    };
    expect(nudgeRequest.messages.at(-1)).toMatchObject({ role: 'assistant', partial: true });

    await say(harness, 'Okay, okay, I am back.');
    await waitFor('a nudge again after the person spoke', async () => (await nudges()).length >= 3, 15_000);
  });
});
