// The messages of one persona's turn in Qwen-Character's group-chat format (pure): the system message
// (profile, roster, rule), the history window as `Name: text` lines, the supplementary note as one
// system message before the last unanswered line, and the `Name:` prefix the model continues.
//
// Everything is laid out for the session cache (one session per channel and persona): the system
// message never changes for the same cast, a line always renders to the same bytes, the window's start
// moves in blocks (prompt-window.ts), and the only per-turn content sits at the very end.
//
// Tokens are the model's own (token-count.ts). No single line may take more than LINE_SHARE of the
// input budget: one person pasting walls of text (or combining marks, base64, emoji…) cannot push the
// scene out of the window, or the prompt over the model's input limit.
import type { ChatMessage } from '../chat.js';
import type { Line } from '../line.js';
import type { ModelLimits } from '../models.js';
import type { Persona } from '../persona.js';
import type { TokenCounter } from '../ports.js';
import { notePosition, supplementaryText } from './prompt-lines.js';
import { buildSystemMessage, oneLine } from './prompt-system.js';
import { speakerNames } from './speaker-labels.js';
import { chooseWindow } from './prompt-window.js';
import { countLine, messageTokens, type CountedMessage } from './token-count.js';

/**
 * Share of the input budget left unused. The counts are the tokenizer's, but the server may lay a
 * request out a little differently (a `none`-mode instruction instead of the prefix, a template change).
 */
const SAFETY_MARGIN = 0.05;

/**
 * The most one history line's text may take of the input budget (an eighth: ~925 tokens on
 * qwen-flash-character, ~3,560 on qwen-plus-character, more than any ordinary Discord message). A
 * longer line is shortened for the prompt, at a grapheme boundary, with a marker; the stored line
 * stays whole. The share is of the budget, which only the model and the reply budget set, so a line is
 * shortened the same way on every turn and the session cache holds.
 */
export const LINE_SHARE = 1 / 8;

/**
 * Share of the input budget set aside for supplementary notes even when a turn has few or none, so a
 * one-time note does not move the window's start (and break the cached prefix) on the turns it comes
 * and goes. A note larger than this takes its excess from the history.
 */
const NOTE_RESERVE_SHARE = 0.04;

export interface PromptInput {
  /** Who speaks this turn. */
  persona: Persona;
  /** Everyone in the channel's cast, the speaker included. */
  cast: readonly Persona[];
  /** The channel's history, oldest first; the window picks the tail that fits. */
  history: readonly Line[];
  /**
   * True when `history` is a count-capped page that may not reach back to the scene's start (a
   * `recent(channelId, limit)` that returned `limit` lines). Even when every line fits, its first line
   * then moves every turn, so the start is block-aligned all the same. False: a history that fits whole
   * is sent whole (a young scene keeps its opening lines).
   */
  historyTruncated?: boolean;
  /** `reply` answers the newest lines; `continue` speaks up when nobody answered (the guide's continuous reply). */
  mode: 'reply' | 'continue';
  /** The channel's standing scene note. */
  sceneNote?: string;
  /** Notes or lore for this turn only. */
  notes?: readonly string[];
  limits: ModelLimits;
  /** Tokens reserved for the reply (the request's max tokens). */
  replyTokens: number;
  /** Largest window block, lines (default 256). 1 makes a one-line sliding window: comparisons only. */
  maxBlockLines?: number;
  /** The model's tokenizer. */
  tokens: TokenCounter;
  /**
   * Share of the input budget to fill, (0, 1]; 1 by default. Less after the server refused a prompt as
   * over its input limit (generate-replies.ts): the retry sends a shorter window.
   */
  budgetShare?: number;
}

export interface HistoryWindow {
  /** Lines with seq ≥ fromSeq were considered; once the budget binds, a block boundary. */
  fromSeq: number;
  /** History lines left out, oldest first, to fit the budget. */
  droppedLines: number;
  /**
   * The whole request's prompt tokens by the model's tokenizer, template overhead included (an upper
   * bound of what the server counts: the trailing prefix costs two tokens less).
   */
  promptTokens: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  window: HistoryWindow;
}

/** Prompt tokens a request may use: the smaller of the input limit and the context minus the reply. */
export function inputBudget(limits: ModelLimits, replyTokens: number, share = 1): number {
  const usable = Math.min(limits.maxInputTokens, limits.contextTokens - Math.max(0, replyTokens));
  return Math.max(0, Math.floor(usable * (1 - SAFETY_MARGIN) * Math.min(1, Math.max(0, share))));
}

/**
 * The messages of `input.persona`'s turn: `[system, …window lines (note inserted), Name: prefix]`.
 * Pure and deterministic: the same input gives the same bytes.
 */
export function buildPromptMessages(input: PromptInput): BuiltPrompt {
  const { persona } = input;
  const system: ChatMessage = { role: 'system', content: buildSystemMessage(persona, input.cast) };
  const prefix: ChatMessage = { role: 'assistant', content: `${oneLine(persona.name)}:`, partial: true };
  const noteText = supplementaryText(input.sceneNote, input.notes);
  const note: ChatMessage | undefined = noteText ? { role: 'system', content: noteText } : undefined;

  const counter = input.tokens;
  const budget = inputBudget(input.limits, input.replyTokens, input.budgetShare);
  const systemCost = messageTokens(counter, system.content);
  const prefixCost = messageTokens(counter, prefix.content);
  const noteTokens = note ? messageTokens(counter, note.content) : 0;
  const noteCost = Math.max(noteTokens, Math.floor(budget * NOTE_RESERVE_SHARE));
  const historyBudget = Math.max(0, budget - systemCost - prefixCost - noteCost);
  const maxTextTokens = Math.floor(budget * LINE_SHARE);

  const { history } = input;
  const names = speakerNames(input.cast, history);
  // Lines are rendered on demand, newest first, and only as far back as the window reaches.
  const rendered = new Map<number, CountedMessage | undefined>();
  const render = (index: number): CountedMessage | undefined => {
    const line = history[index];
    if (!rendered.has(index))
      rendered.set(index, line && countLine(line, persona, { counter, maxTextTokens, names }));
    return rendered.get(index);
  };
  const costOf = (index: number): number => render(index)?.tokens ?? 0;
  const window = chooseWindow(
    history.map((line) => line.seq),
    costOf,
    historyBudget,
    { maxBlockLines: input.maxBlockLines, truncated: input.historyTruncated },
  );

  const lines: ChatMessage[] = [];
  let tokens = systemCost + prefixCost + noteTokens;
  for (let index = window.startIndex; index < history.length; index++) {
    const counted = render(index);
    if (!counted) continue;
    lines.push(counted.message);
    tokens += counted.tokens;
  }
  if (note) lines.splice(notePosition(lines, input.mode), 0, note);
  const messages = [system, ...lines, prefix];
  return {
    messages,
    window: { fromSeq: window.fromSeq, droppedLines: window.startIndex, promptTokens: tokens },
  };
}
