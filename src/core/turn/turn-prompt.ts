// The chat request of one persona turn, in either of the two shapes the API takes:
//
// - plain: the whole group-chat prompt (system message, history window, note, `Name:` prefix), the
//   session header letting the session cache serve the shared prefix;
// - long-term memory: the same system message's text as `character_options.profile`, the memory
//   settings, and only the lines new since that (channel, persona) session's previous request (a
//   cursor per session in Redis), still as `Name: text` lines ending in the `Name:` prefix. The server
//   keeps the rest and summarises it.
import type { ChannelSettings } from '../channel-settings.js';
import type { ChatRequest } from '../chat.js';
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import { memoryModeFor, memoryOptions } from './memory-mode.js';
import type { Persona } from '../persona.js';
import { buildTurnRequest } from '../prompt/prompt.js';
import { chatRequestFor, personaModel, replyTokens } from './turn-request.js';

export interface TurnPromptInput {
  channelId: string;
  persona: Persona;
  cast: readonly Persona[];
  /** The history the turn answers, oldest first (for a retake: only the lines before the retaken one). */
  history: readonly Line[];
  mode: 'reply' | 'continue';
  sceneNote?: string;
  /** One-time notes and lore for this turn. */
  notes: readonly string[];
  /** `history` is a count-capped page (see TurnInput.historyTruncated). */
  historyTruncated: boolean;
  settings: Pick<ChannelSettings, 'memory'>;
  /** Overrides the persona's seed (regenerate). */
  seed?: number;
  /** Choices to ask for, 1–4 (alternatives). */
  n?: number;
}

export interface PreparedTurn {
  request: ChatRequest;
  /** The lines the reply may react to, for cleaning (other speakers' names). */
  contextLines: readonly Line[];
  /** Memory turns: where the session's cursor moves once the request succeeded. */
  memoryCursor?: { seq: number; sessionId: string };
}

export async function prepareTurnRequest(deps: CoreDeps, input: TurnPromptInput): Promise<PreparedTurn> {
  const { persona, history } = input;
  const { model, limits } = personaModel(persona, deps.options.defaultModel);
  const sessionId = await deps.sessions.get(input.channelId, persona.id);
  const memory = memoryModeFor(persona, input.settings);
  const cursor = memory ? await deps.sessions.getCursor(input.channelId, persona.id) : 0;
  const lines = memory ? history.filter((line) => line.seq > cursor) : history;

  const built = buildTurnRequest({
    persona,
    cast: input.cast,
    history: lines,
    mode: input.mode,
    sceneNote: input.sceneNote,
    notes: input.notes,
    limits,
    replyTokens: replyTokens(persona, limits),
    // A capped read keeps the window's start on block boundaries even when every line fits. In memory
    // mode the new lines are all the server lacks; nothing to align.
    historyTruncated: memory ? false : input.historyTruncated,
  });
  const options = {
    model,
    limits,
    sessionId,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    ...(input.n === undefined ? {} : { n: input.n }),
  };
  if (!memory) {
    return {
      request: chatRequestFor(persona, built.messages, options),
      contextLines: history.slice(built.window.droppedLines),
    };
  }
  const [system, ...messages] = built.messages;
  const request = chatRequestFor(persona, messages, {
    ...options,
    memory: { profile: system?.content ?? '', options: memoryOptions(memory) },
  });
  const sent = lines.length > built.window.droppedLines ? lines.at(-1) : undefined;
  return {
    request,
    // The server holds the older lines; their speakers may still be run into.
    contextLines: history,
    ...(sent ? { memoryCursor: { seq: sent.seq, sessionId } } : {}),
  };
}
