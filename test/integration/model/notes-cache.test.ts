// What supplementary notes cost the session cache, measured through the simulator's cached_tokens: the
// same 120 turns on a long scene, once with a standing scene note, a one-time note every third turn and
// lore on the lines that call it up, and once with none. The guide puts such notes just before the last
// unanswered line "so that the cached prefix holds"; this checks it does (and that the naive place, the
// system message, would not).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { selectLore, type LoreEntry } from '../../../src/core/lore.js';
import { modelLimits } from '../../../src/core/models.js';
import type { Persona } from '../../../src/core/persona.js';
import { buildPromptMessages } from '../../../src/core/prompt/prompt.js';
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

const TOPICS = ['the new demo', 'the festival', 'the mixing desk', 'dinner', 'the bridge', 'the rain'];
const LORE: LoreEntry[] = [
  { id: 'c1', keys: ['festival'], text: 'The festival moved to the riverside stage this year.' },
  { id: 'c2', keys: ['rain'], text: 'Rain floods the studio basement every spring.' },
];

/** `top`: the naive alternative, notes appended to the system message instead. */
async function runTurns(withNotes: boolean, sessionId: string, top = false) {
  const speaker = cast.find((p) => p.id === 'ling-lu')!;
  const limits = modelLimits('qwen-plus-character');
  const history: Line[] = [];
  const push = (line: Omit<Line, 'id' | 'seq' | 'at'>) => {
    const seq = history.length + 1;
    history.push({ ...line, id: String(seq), seq, at: seq * 1000 });
  };
  for (let i = 0; i < 2_000; i++) {
    const who = cast[i % cast.length]!;
    push({
      kind: 'persona',
      speakerId: who.id,
      speakerName: who.name,
      text: `Line ${i} about ${TOPICS[i % 6]}.`,
    });
  }
  const systems = new Set<string>();
  let cached = 0;
  let prompt = 0;
  for (let turn = 0; turn < 120; turn++) {
    push({
      kind: 'person',
      speakerId: 'u1',
      speakerName: 'Mia',
      text: `Ling Lu, what about ${TOPICS[turn % 6]}?`,
    });
    const window = history.slice(-500);
    const notes = withNotes
      ? [
          ...(turn % 3 === 0 ? [`A one-time event happens (turn ${turn}).`] : []),
          ...selectLore(LORE, window, { personaId: speaker.id, budgetTokens: 300, tokens: qwenTokenCounter })
            .texts,
        ]
      : [];
    const built = buildPromptMessages({
      persona: speaker,
      cast,
      history: window,
      mode: 'reply',
      ...(withNotes && !top ? { sceneNote: 'A rehearsal room after midnight.' } : {}),
      notes: top ? [] : notes,
      limits,
      replyTokens: replyTokens(speaker, limits),
      historyTruncated: true,
      tokens: qwenTokenCounter,
    });
    if (top) {
      const system = built.messages[0]!;
      built.messages[0] = {
        ...system,
        content: [system.content, 'A rehearsal room after midnight.', ...notes].join('\n\n'),
      };
    }
    systems.add(built.messages[0]!.content);
    const result = await model.complete(
      chatRequestFor(speaker, built.messages, { model: 'qwen-plus-character', limits, sessionId }),
    );
    if (turn > 0) {
      cached += result.usage.cachedTokens;
      prompt += result.usage.promptTokens;
    }
    push({ kind: 'persona', speakerId: speaker.id, speakerName: speaker.name, text: result.texts[0] ?? '…' });
  }
  return { share: cached / prompt, systems };
}

it('GIVEN notes and lore on a long scene THEN the system message stays byte-identical and the cached share stays within a point of a scene without notes', async () => {
  const plain = await runTurns(false, 'session-plain');
  const noted = await runTurns(true, 'session-noted');
  const atTop = await runTurns(true, 'session-top', true);
  console.log(
    `cached_tokens / prompt_tokens over 119 turn pairs: without notes ${(plain.share * 100).toFixed(1)}%, ` +
      `with a scene note, a one-time note every 3rd turn and lore ${(noted.share * 100).toFixed(1)}%, ` +
      `the same notes in the system message ${(atTop.share * 100).toFixed(1)}%`,
  );
  expect(plain.systems.size).toBe(1);
  expect([...noted.systems]).toEqual([...plain.systems]);
  expect(noted.share).toBeGreaterThanOrEqual(0.9);
  expect(noted.share).toBeGreaterThan(plain.share - 0.01);
  expect(atTop.share).toBeLessThan(noted.share - 0.2);
}, 60_000);
