// The history window under load: a 5,000-line history never overflows any model's input limit, and
// over 200 turns consecutive requests share their prefix (the session cache's hit ratio), where a
// one-line sliding window shares almost nothing.
import { describe, expect, it } from 'vitest';
import type { Line } from '../../../src/core/line.js';
import { MODEL_LIMITS } from '../../../src/core/models.js';
import { buildPromptMessages, inputBudget, LINE_SHARE } from '../../../src/core/prompt/prompt.js';
import { sharedPrefixTokens } from '../../../src/core/prompt/prompt-cache-share.js';
import { seededRandom } from '../../../src/core/random.js';
import type { RandomSource } from '../../../src/core/random.js';
import { CUT_MARKER, promptTokens } from '../../../src/core/prompt/token-count.js';
import { chatPromptTokens, qwenTokenCounter } from '../../../src/model/qwen-tokens.js';
import { chineseText, englishText, makeLine, makePersona, personaLine } from './fixtures.js';

const MODELS = ['qwen-plus-character', 'qwen-flash-character', 'qwen-plus-character-ja'] as const;

const lingLu = makePersona({
  id: 'ling-lu',
  name: 'Ling Lu',
  summary: 'A sharp-tongued musical genius.',
  profile: 'Ling Lu is a 25-year-old musical genius known for his sharp tongue. Keep replies short.',
});
const taoLe = makePersona({ id: 'tao-le', name: 'Tao Le', profile: 'Tao Le is a gentle vocalist.' });
const cast = [lingLu, taoLe];
const SCENE = 'The band is in the studio at night; the rehearsal is running late.';

type Language = 'english' | 'chinese' | 'mixed';

function text(random: RandomSource, language: Language, chars: number): string {
  const chinese = language === 'chinese' || (language === 'mixed' && random() < 0.5);
  return chinese ? chineseText(random, chars) : englishText(random, chars);
}

/** Lines from a person, Ling Lu and Tao Le in turn, `minChars`–`maxChars` long each. */
function history(count: number, language: Language, minChars: number, maxChars: number, seed = 7): Line[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const seq = index + 1;
    const body = text(random, language, minChars + Math.floor(random() * (maxChars - minChars)));
    if (seq % 3 === 0) return personaLine(seq, lingLu, body);
    if (seq % 3 === 1) return makeLine(seq, 'person', '42', 'Mia', body);
    return personaLine(seq, taoLe, body);
  });
}

const longHistories = new Map<Language, Line[]>();
/** 5,000 lines of 300–1,800 characters, built once per language. */
function longHistory(language: Language): Line[] {
  const lines = longHistories.get(language) ?? history(5_000, language, 300, 1_800);
  longHistories.set(language, lines);
  return lines;
}

describe('history window limits', () => {
  for (const model of MODELS) {
    const limits = MODEL_LIMITS[model]!;
    for (const language of ['english', 'chinese', 'mixed'] as const) {
      it(`GIVEN 5,000 long ${language} lines on ${model} THEN the request fits the input limit with a margin`, () => {
        const lines = longHistory(language);
        for (const replyTokens of [256, limits.maxOutputTokens]) {
          const { messages, window } = buildPromptMessages({
            persona: lingLu,
            cast,
            history: lines,
            mode: 'reply',
            sceneNote: SCENE,
            notes: ['Lore: the studio floods when it rains.'],
            limits,
            replyTokens,
            tokens: qwenTokenCounter,
          });
          const allowed = Math.min(limits.maxInputTokens, limits.contextTokens - replyTokens);
          expect(window.promptTokens).toBeLessThanOrEqual(Math.floor(allowed * 0.95));
          // What the server counts (Qwen's chat template) is never more than the window's count.
          expect(chatPromptTokens(messages, { continueLast: true })).toBeLessThanOrEqual(window.promptTokens);
          expect(window.droppedLines).toBeGreaterThan(0);
          expect(window.droppedLines).toBeLessThan(lines.length);
          // The newest line is always the last thing before the prefix.
          const newest = lines.at(-1)!;
          expect(messages.at(-2)?.content).toBe(`${newest.speakerName}: ${newest.text}`);
        }
      });
    }
  }

  it("GIVEN a persona's own line larger than the whole budget THEN it is left out rather than overflowing", () => {
    const limits = MODEL_LIMITS['qwen-plus-character-ja']!;
    const random = seededRandom(3);
    const lines = [...history(10, 'english', 50, 100), personaLine(11, taoLe, chineseText(random, 9_000))];
    const { messages, window } = buildPromptMessages({
      persona: lingLu,
      cast,
      history: lines,
      mode: 'reply',
      limits,
      replyTokens: 256,
      tokens: qwenTokenCounter,
    });
    expect(window.promptTokens).toBeLessThanOrEqual(limits.maxInputTokens);
    expect(window).toMatchObject({ fromSeq: 12, droppedLines: 11 });
    expect(messages).toHaveLength(2);
  });

  it("GIVEN a person's line larger than the whole budget THEN it is shortened to its share with a marker and the scene before it stays", () => {
    const limits = MODEL_LIMITS['qwen-plus-character-ja']!;
    const random = seededRandom(3);
    const wall = `🎸${chineseText(random, 9_000)}`;
    const lines = [...history(10, 'english', 50, 100), makeLine(11, 'person', '42', 'Mia', wall)];
    const { messages, window } = buildPromptMessages({
      persona: lingLu,
      cast,
      history: lines,
      mode: 'reply',
      limits,
      replyTokens: 256,
      tokens: qwenTokenCounter,
    });
    expect(window.promptTokens).toBeLessThanOrEqual(limits.maxInputTokens);
    expect(window).toMatchObject({ fromSeq: 1, droppedLines: 0 });
    const shown = messages.at(-2)!.content;
    expect(shown.startsWith('Mia: 🎸')).toBe(true);
    expect(shown.endsWith(CUT_MARKER)).toBe(true);
    expect(wall.startsWith(shown.slice('Mia: '.length, -CUT_MARKER.length))).toBe(true);
    const budget = inputBudget(limits, 256);
    expect(qwenTokenCounter.count(shown.slice('Mia: '.length))).toBeLessThanOrEqual(budget * LINE_SHARE);
    expect(qwenTokenCounter.count(shown.slice('Mia: '.length))).toBeGreaterThan(budget * LINE_SHARE - 10);
  });
});

interface Scenario {
  language: Language;
  minChars: number;
  maxChars: number;
}

/** Chat-sized lines, in English or in Chinese (one token a character: the heavier case). */
const CHAT_EN: Scenario = { language: 'english', minChars: 20, maxChars: 200 };
const CHAT_ZH: Scenario = { language: 'chinese', minChars: 10, maxChars: 100 };
/** Long lines, half of them Chinese: about 300 tokens appended a turn. */
const HEAVY: Scenario = { language: 'mixed', minChars: 20, maxChars: 400 };

interface ShareFigures {
  /** Σ shared-prefix tokens / Σ tokens of the later request, over the 199 consecutive pairs. */
  share: number;
  /** How many times the window's start moved. */
  startMoves: number;
}

/**
 * 200 turns on a 1,500-line history: each turn a person says something, Ling Lu is asked (reply mode,
 * with the scene note) and its reply is appended. Measures what its consecutive requests share.
 */
function simulateTurns(
  model: (typeof MODELS)[number],
  scenario: Scenario,
  options: { maxBlockLines?: number; page?: number; flagTruncated?: boolean } = {},
): ShareFigures {
  const limits = MODEL_LIMITS[model]!;
  const random = seededRandom(11);
  const say = (): string =>
    text(
      random,
      scenario.language,
      scenario.minChars + Math.floor(random() * (scenario.maxChars - scenario.minChars)),
    );
  const lines = history(1_500, scenario.language, scenario.minChars, scenario.maxChars, 5);
  let seq = lines.length;
  let previous: ReturnType<typeof buildPromptMessages> | undefined;
  let shared = 0;
  let total = 0;
  let startMoves = 0;
  for (let turn = 0; turn < 200; turn++) {
    lines.push(makeLine(++seq, 'person', '42', 'Mia', say()));
    const request = buildPromptMessages({
      persona: lingLu,
      cast,
      // `page`: a count-capped read, as `HistoryStore.recent(channelId, page)` returns it.
      history: options.page === undefined ? lines : lines.slice(-options.page),
      historyTruncated: options.flagTruncated ?? false,
      mode: 'reply',
      sceneNote: SCENE,
      limits,
      replyTokens: Math.min(512, limits.maxOutputTokens),
      maxBlockLines: options.maxBlockLines,
      tokens: qwenTokenCounter,
    });
    expect(request.window.promptTokens).toBeLessThanOrEqual(limits.maxInputTokens);
    if (previous) {
      shared += sharedPrefixTokens(previous.messages, request.messages, qwenTokenCounter);
      total += promptTokens(qwenTokenCounter, request.messages);
      // The start never moves backward.
      expect(request.window.fromSeq).toBeGreaterThanOrEqual(previous.window.fromSeq);
      if (request.window.fromSeq !== previous.window.fromSeq) startMoves++;
    }
    previous = request;
    lines.push(personaLine(++seq, lingLu, say()));
  }
  return { share: shared / total, startMoves };
}

function compare(
  model: (typeof MODELS)[number],
  scenario: Scenario,
  label: string,
): [ShareFigures, ShareFigures] {
  const blocks = simulateTurns(model, scenario);
  const sliding = simulateTurns(model, scenario, { maxBlockLines: 1 });
  const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
  console.log(
    `${model}, ${label}: block window shares ${percent(blocks.share)} (start moved ${blocks.startMoves}× in 199 turns); ` +
      `one-line sliding window ${percent(sliding.share)} (moved ${sliding.startMoves}×)`,
  );
  return [blocks, sliding];
}

describe('history window and the session cache', () => {
  for (const model of MODELS) {
    for (const [label, scenario] of [
      ['English chat lines', CHAT_EN],
      ['Chinese chat lines', CHAT_ZH],
    ] as const) {
      it(`GIVEN 200 turns of ${label} on ${model} THEN consecutive requests share ≥ 90% of their tokens, a sliding window < 10%`, () => {
        const [blocks, sliding] = compare(model, scenario, label);
        expect(blocks.share).toBeGreaterThanOrEqual(0.9);
        expect(sliding.share).toBeLessThan(0.1);
        expect(blocks.startMoves).toBeLessThanOrEqual(15);
      });
    }
  }

  it('GIVEN 200 turns of long mixed lines on qwen-plus-character THEN consecutive requests still share ≥ 90%', () => {
    const [blocks, sliding] = compare('qwen-plus-character', HEAVY, 'long mixed lines');
    expect(blocks.share).toBeGreaterThanOrEqual(0.9);
    expect(sliding.share).toBeLessThan(0.25);
  });

  it('GIVEN a count-capped page of 300 lines that fits whole, flagged truncated, THEN requests still share ≥ 90%', () => {
    const flagged = simulateTurns('qwen-plus-character', CHAT_EN, { page: 300, flagTruncated: true });
    const unflagged = simulateTurns('qwen-plus-character', CHAT_EN, { page: 300 });
    console.log(
      `qwen-plus-character, 300-line page that fits whole: flagged truncated ${(flagged.share * 100).toFixed(1)}%` +
        ` (moved ${flagged.startMoves}×), not flagged ${(unflagged.share * 100).toFixed(1)}% (moved ${unflagged.startMoves}×)`,
    );
    expect(flagged.share).toBeGreaterThanOrEqual(0.9);
    // Not flagged, the page's first line moves every turn: that is why the flag exists.
    expect(unflagged.startMoves).toBeGreaterThan(190);
  });

  // On an 8k model a ~40-line window cannot hold still for long when each turn appends ~300 tokens:
  // ~4% of every prompt is new and the start must move every few turns. Still far above sliding: at
  // most a quarter of its uncached tokens (what is paid in full).
  it('GIVEN 200 turns of long mixed lines on qwen-flash-character THEN blocks share ≥ 75%, a quarter of a sliding window uncached', () => {
    const [blocks, sliding] = compare('qwen-flash-character', HEAVY, 'long mixed lines');
    expect(blocks.share).toBeGreaterThanOrEqual(0.75);
    expect(1 - blocks.share).toBeLessThan((1 - sliding.share) / 4);
  });
});
