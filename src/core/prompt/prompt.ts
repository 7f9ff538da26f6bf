// The messages of one persona's turn in Qwen-Character's group-chat format (pure): the system message
// (profile, roster, rule), the history window as `Name: text` lines, the supplementary note as one
// system message before the last unanswered line, and the `Name:` prefix the model continues.
//
// Everything is laid out for the session cache (one session per channel and persona): the system
// message never changes for the same cast, a line always renders to the same bytes, the window's start
// moves in blocks (prompt-window.ts), and the only per-turn content sits at the very end.
import type { ChatMessage } from '../chat.js';
import type { Line } from '../line.js';
import type { ModelLimits } from '../models.js';
import type { Persona } from '../persona.js';
import { notePosition, renderLine, supplementaryText } from './prompt-lines.js';
import { buildSystemMessage, oneLine } from './prompt-system.js';
import { chooseWindow } from './prompt-window.js';
import { estimateMessageTokens, estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './token-estimate.js';

/** Share of the input budget left unused, on top of the estimate's own caution. */
const SAFETY_MARGIN = 0.05;

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
}

export interface HistoryWindow {
  /** Lines with seq ≥ fromSeq were considered; once the budget binds, a block boundary. */
  fromSeq: number;
  /** History lines left out, oldest first, to fit the budget. */
  droppedLines: number;
  /** Conservative estimate of the whole request's prompt tokens. */
  estimatedTokens: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  window: HistoryWindow;
}

/** Prompt tokens a request may use: the smaller of the input limit and the context minus the reply. */
function inputBudget(limits: ModelLimits, replyTokens: number): number {
  const usable = Math.min(limits.maxInputTokens, limits.contextTokens - Math.max(0, replyTokens));
  return Math.max(0, Math.floor(usable * (1 - SAFETY_MARGIN)));
}

function messageCost(message: ChatMessage): number {
  return estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
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

  const budget = inputBudget(input.limits, input.replyTokens);
  const noteCost = Math.max(note ? messageCost(note) : 0, Math.floor(budget * NOTE_RESERVE_SHARE));
  const historyBudget = Math.max(0, budget - messageCost(system) - messageCost(prefix) - noteCost);

  const { history } = input;
  // Lines are rendered on demand, newest first, and only as far back as the window reaches.
  const rendered = new Map<number, ChatMessage | undefined>();
  const render = (index: number): ChatMessage | undefined => {
    const line = history[index];
    if (!rendered.has(index)) rendered.set(index, line && renderLine(line, persona));
    return rendered.get(index);
  };
  const costOf = (index: number): number => {
    const message = render(index);
    return message ? messageCost(message) : 0;
  };
  const window = chooseWindow(
    history.map((line) => line.seq),
    costOf,
    historyBudget,
    { maxBlockLines: input.maxBlockLines, truncated: input.historyTruncated },
  );

  const lines: ChatMessage[] = [];
  for (let index = window.startIndex; index < history.length; index++) {
    const message = render(index);
    if (message) lines.push(message);
  }
  if (note) lines.splice(notePosition(lines, input.mode), 0, note);
  const messages = [system, ...lines, prefix];
  return {
    messages,
    window: {
      fromSeq: window.fromSeq,
      droppedLines: window.startIndex,
      estimatedTokens: estimateMessageTokens(messages),
    },
  };
}
