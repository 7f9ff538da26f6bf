// What players' character descriptions (`/character … about:`) cost the session cache, measured through
// the simulator's cached_tokens as notes-cache.test.ts measures notes: the same 120 turns of a long
// scene with three players, once without descriptions, once with them in the supplementary system
// message before the last unanswered line (where Troupe puts them), once in the top system message.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { modelLimits } from '../../../src/core/models.js';
import type { Persona } from '../../../src/core/persona.js';
import { characterNote } from '../../../src/core/player-characters.js';
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
const PLAYERS = [
  {
    id: 'u1',
    name: 'Captain Mira',
    about: 'A retired sky-pirate who hates storms and loves old jazz records.',
  },
  { id: 'u2', name: 'Brother Oak', about: 'A wandering monk with a drum, sworn never to play it indoors.' },
  { id: 'u3', name: 'Kestrel', about: 'A young courier who knows every shortcut in the city.' },
];

type Placement = 'none' | 'note' | 'top';

async function runTurns(placement: Placement, sessionId: string) {
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
    // Kestrel joins at turn 40; Brother Oak leaves at turn 80 (out of the window 30 lines later).
    const playing = PLAYERS.filter((p) => (p.id !== 'u3' || turn >= 40) && (p.id !== 'u2' || turn < 80));
    const player = playing[turn % playing.length]!;
    push({
      kind: 'person',
      speakerId: player.id,
      speakerName: player.name,
      text: `Ling Lu, what about ${TOPICS[turn % 6]}?`,
    });
    const window = history.slice(-500);
    const present = PLAYERS.filter((p) => window.slice(-60).some((l) => l.speakerId === p.id));
    const notes = placement === 'none' ? [] : present.map((p) => characterNote(p)!);
    const built = buildPromptMessages({
      persona: speaker,
      cast,
      history: window,
      mode: 'reply',
      notes: placement === 'note' ? notes : [],
      limits,
      replyTokens: replyTokens(speaker, limits),
      historyTruncated: true,
      tokens: qwenTokenCounter,
    });
    if (placement === 'top') {
      const system = built.messages[0]!;
      built.messages[0] = { ...system, content: [system.content, ...notes].join('\n\n') };
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

it('GIVEN players with character descriptions joining and leaving THEN the top system message never changes and the cached share stays within two points of none (the top system message would do worse)', async () => {
  const plain = await runTurns('none', 'players-plain');
  const noted = await runTurns('note', 'players-noted');
  const atTop = await runTurns('top', 'players-top');
  console.log(
    `cached_tokens / prompt_tokens over 119 turns, players joining and leaving: without descriptions ${(plain.share * 100).toFixed(1)}%, ` +
      `descriptions in the supplementary note ${(noted.share * 100).toFixed(1)}%, ` +
      `in the top system message ${(atTop.share * 100).toFixed(1)}%`,
  );
  expect([...noted.systems]).toEqual([...plain.systems]);
  expect(noted.share).toBeGreaterThanOrEqual(0.9);
  expect(noted.share).toBeGreaterThan(plain.share - 0.02);
  expect(atTop.systems.size).toBeGreaterThan(1);
  expect(atTop.share).toBeLessThan(noted.share);
}, 60_000);
