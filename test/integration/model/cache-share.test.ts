// Cache-friendliness measured as the issue asks: over 200 consecutive turns on a long history, the share
// of a persona's prompt tokens that the simulator reports as `cached_tokens` (the prefix shared with
// that session's previous request), for Troupe's block window and, as the contrast, a one-line
// sliding window; and for a persona cast late into that scene (scene presence: it reads only the lines
// from its joining on).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { modelLimits } from '../../../src/core/models.js';
import type { Persona } from '../../../src/core/persona.js';
import { buildPromptMessages } from '../../../src/core/prompt/prompt.js';
import { linesSeenBy, type PresenceSpan } from '../../../src/core/scene-presence.js';
import { chatRequestFor, replyTokens } from '../../../src/core/turn/chat-request.js';
import { QwenChatModel } from '../../../src/model/qwen-chat-model.js';
import { startSimulator, type Simulator } from '../../../src/model/simulator/simulator.js';
import { shipped } from '../../support/core-harness.js';
import { qwenTokenCounter } from '../../../src/model/qwen-tokens.js';

let simulator: Simulator;
let model: QwenChatModel;
let cast: Persona[];
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  model = new QwenChatModel({ baseURL: simulator.url, apiKey: 'test-key' });
  cast = (await shipped()).filter((p) => ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'].includes(p.id));
});
afterAll(() => simulator.close());

const TOPICS = ['the new demo', 'the live stream', 'the mixing desk', 'the festival', 'dinner', 'the bridge'];

/** `joinedAfter`: the speaker was cast after that line (undefined: present all along). */
async function runTurns(maxBlockLines: number | undefined, sessionId: string, joinedAfter?: number) {
  const speaker = cast.find((p) => p.id === 'ling-lu')!;
  const limits = modelLimits('qwen-plus-character');
  const history: Line[] = [];
  let seq = 0;
  const push = (line: Omit<Line, 'id' | 'seq' | 'at'>) => {
    seq++;
    history.push({ ...line, id: String(seq), seq, at: seq * 1000 });
  };
  // A long scene already played: 3,000 lines, far more than the 30,000-token input limit holds.
  for (let i = 0; i < 3_000; i++) {
    const who = cast[i % cast.length]!;
    push({
      kind: 'persona',
      speakerId: who.id,
      speakerName: who.name,
      text: `Line ${i} about ${TOPICS[i % 6]}, and why it matters to ${who.name}.`,
    });
  }
  let cached = 0;
  let prompt = 0;
  for (let turn = 0; turn < 200; turn++) {
    push({
      kind: 'person',
      speakerId: 'u1',
      speakerName: 'Mia',
      text: `Ling Lu, what about ${TOPICS[turn % 6]}? (turn ${turn})`,
    });
    const spans: PresenceSpan[] | undefined =
      joinedAfter === undefined ? undefined : [{ from: joinedAfter + 1 }];
    const seen = linesSeenBy(history.slice(-500), spans, true);
    const built = buildPromptMessages({
      persona: speaker,
      cast,
      history: seen.lines,
      mode: 'reply',
      limits,
      replyTokens: replyTokens(speaker, limits),
      historyTruncated: seen.truncated,
      tokens: qwenTokenCounter,
      ...(maxBlockLines === undefined ? {} : { maxBlockLines }),
    });
    expect(built.window.promptTokens).toBeLessThanOrEqual(limits.maxInputTokens);
    const result = await model.complete(
      chatRequestFor(speaker, built.messages, { model: 'qwen-plus-character', limits, sessionId }),
    );
    if (turn > 0) {
      cached += result.usage.cachedTokens;
      prompt += result.usage.promptTokens;
    }
    push({ kind: 'persona', speakerId: speaker.id, speakerName: speaker.name, text: result.texts[0] ?? '…' });
  }
  return cached / prompt;
}

it('GIVEN 200 consecutive turns on a long history THEN at least 90% of prompt tokens hit the session cache, where a sliding window does not', async () => {
  const block = await runTurns(undefined, 'session-block');
  const sliding = await runTurns(1, 'session-sliding');
  console.log(
    `cached_tokens / prompt_tokens over 199 turn pairs: block window ${(block * 100).toFixed(1)}%, one-line sliding window ${(sliding * 100).toFixed(1)}%`,
  );
  expect(block).toBeGreaterThanOrEqual(0.9);
  expect(sliding).toBeLessThan(0.5);
}, 60_000);

it('GIVEN a persona cast late into that scene THEN its requests share the session cache as well', async () => {
  // Cast as the 200 turns begin (its window grows from nothing), and 300 lines earlier (its presence
  // already outgrows the 500-line page during the turns).
  const fresh = await runTurns(undefined, 'session-late-fresh', 3_000);
  const earlier = await runTurns(undefined, 'session-late-earlier', 2_700);
  console.log(
    `cached_tokens / prompt_tokens for a persona cast late: at the 200 turns' start ${(fresh * 100).toFixed(1)}%, 300 lines before ${(earlier * 100).toFixed(1)}%`,
  );
  expect(fresh).toBeGreaterThanOrEqual(0.9);
  expect(earlier).toBeGreaterThanOrEqual(0.9);
}, 60_000);
