// A persona's reply texts, read top to bottom: build the chat request, call the model, move the memory
// cursor, clean each choice. Used by a turn (one choice) and by a retake of a posted reply (several
// choices, or a new seed).
//
// The request takes one of the two shapes the API offers:
// - plain: the whole group-chat prompt (system message, history window, note, `Name:` prefix), the
//   session header letting the session cache serve the shared prefix;
// - long-term memory: the same system message's text as `character_options.profile`, the memory
//   settings, and only the lines new since that (channel, persona) session's previous request (a
//   cursor per session), still as `Name: text` lines ending in the `Name:` prefix. The server keeps
//   the rest and summarises it.
//
// Either way the persona reads only the lines it was in the scene for (scene-presence.ts): one cast
// mid-scene starts from its joining, one that left and came back misses what was said meanwhile.
//
// Every model failure is kept in the channel's failure log (`recentFailures`), so a persona that passed
// can be explained; a failure only an operator can fix (a rejected API key, a used-up quota, an overdue
// account, a model the account may not use or the endpoint does not know) also sends one notice per
// kind to the server's admins per hour, not one per message; a moderation rejection is not thrown, so
// the persona passes its turn (or says its in-character line). A prompt the server refuses as over its
// input limit (`input_too_long`: the window is counted by the model's own tokenizer, so this should not
// happen, but a server may lower its limit or lay the prompt out differently) is asked again once with
// a window of OVER_LIMIT_RETRY_SHARE of the budget.
//
// Each request's usage is recorded with its estimated cost toward the server's daily budget. Whether
// the budget still allows a request is the caller's check (budget-gate.ts: a turn checks before its
// round, a retake before its requests), made before anything shows the channel a persona is typing.
import type { ChannelSettings } from '../channel-settings.js';
import type { ChatRequest, ChatResult } from '../chat.js';
import type { CoreDeps } from '../deps.js';
import { isModelError, type ModelError } from '../errors.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import { buildPromptMessages } from '../prompt/prompt.js';
import { cleanReply, otherSpeakerNames } from '../reply/clean-reply.js';
import { linesSeenBy } from '../scene-presence.js';
import { noticeScope, recordFailure, tellAdminsOnce } from './admin-reports.js';
import { recordUsage } from './budget-gate.js';
import { text, type Text } from '../text.js';
import { chatRequestFor, personaModel, replyTokens } from './chat-request.js';
import { memoryModeFor, memoryOptions } from './memory-mode.js';

/** How long one notice of a kind (a bad key, a used-up quota…) holds for a server (or a channel outside any server), ms. */
export const NOTICE_INTERVAL_MS = 60 * 60 * 1000;

export const INVALID_KEY_NOTICE: Text = text('notices.model.invalid_api_key');

/**
 * What admins are told when a failure only an operator can fix (a key, a bill, the model's access or
 * name) stops the personas: every turn fails the same way until they do. Undefined for any other failure.
 */
function modelNotice(err: ModelError, model: string): Text | undefined {
  switch (err.code) {
    case 'invalid_api_key':
      return INVALID_KEY_NOTICE;
    case 'quota_exhausted':
    case 'account_overdue':
      return text(`notices.model.${err.code}`);
    case 'model_access_denied':
    case 'model_not_found':
      return text(`notices.model.${err.code}`, { model });
    default:
      return undefined;
  }
}

/**
 * Share of the input budget the one retry after an `input_too_long` refusal fills: half, so a server
 * whose limit or count is well below ours still takes it, while the scene keeps its recent lines.
 */
export const OVER_LIMIT_RETRY_SHARE = 0.5;

export type ReplyDeps = Pick<
  CoreDeps,
  'model' | 'sessions' | 'usage' | 'failures' | 'notices' | 'clock' | 'log' | 'options' | 'tokens'
>;

/** Everything one generation needs. */
export interface ReplyInput {
  channelId: string;
  /** The channel's settings: its server (usage, notices), scene note and memory switch. */
  settings: Pick<ChannelSettings, 'guildId' | 'scene' | 'memory' | 'presence'>;
  /** Who speaks. */
  persona: Persona;
  /** Everyone in the cast, the speaker included. */
  cast: readonly Persona[];
  /** The history the reply answers, oldest first (for a retake: only the lines before the retaken one). */
  history: readonly Line[];
  /** `history` is a count-capped page (see PromptInput.historyTruncated). */
  historyTruncated: boolean;
  mode: 'reply' | 'continue';
  /** One-time notes and lore for this reply (turn-notes.ts). */
  notes: readonly string[];
  /** Overrides the persona's seed (regenerate). */
  seed?: number;
  /** Choices to ask for, 1–4 (alternatives). */
  n?: number;
}

export type Generated =
  /** Cleaned texts in choice order; choices that cleaned to nothing are left out. */
  | { kind: 'replies'; texts: string[] }
  /** The model's moderation rejected the request. */
  | { kind: 'moderation' };

export async function generateReplies(deps: ReplyDeps, input: ReplyInput): Promise<Generated> {
  const { channelId, persona } = input;
  let answered: Answered;
  try {
    answered = await askModel(deps, input);
  } catch (err) {
    if (!isModelError(err)) throw err;
    await reportFailure(deps, input, err);
    if (err.code === 'moderation') return { kind: 'moderation' };
    throw err;
  }
  const { built, result } = answered;
  const usageScope = { channelId, guildId: input.settings.guildId, personaId: persona.id };
  await recordUsage(deps, usageScope, result.usage, built.request.model);

  // The server stored the new lines once it answered, whatever becomes of the reply.
  if (built.memoryCursor) {
    const { seq, sessionId } = built.memoryCursor;
    await deps.sessions.setCursor(channelId, persona.id, seq, { sessionId });
  }

  const otherNames = otherSpeakerNames(persona, input.cast, built.contextLines);
  const texts = result.texts
    .map((raw) => cleanReply(raw, { speaker: persona, otherNames }))
    .filter((text): text is string => text !== undefined);
  return { kind: 'replies', texts };
}

/** A request the model answered, and its answer. */
interface Answered {
  built: BuiltRequest;
  result: ChatResult;
}

/**
 * The model's answer to the input's request; after an `input_too_long` refusal (recorded), its answer to
 * the same request with a window of OVER_LIMIT_RETRY_SHARE of the budget. Throws any other failure.
 */
async function askModel(deps: ReplyDeps, input: ReplyInput): Promise<Answered> {
  const built = await buildRequest(deps, input);
  try {
    return { built, result: await deps.model.complete(built.request) };
  } catch (err) {
    if (!isModelError(err) || err.code !== 'input_too_long') throw err;
    await reportFailure(deps, input, err);
  }
  const shorter = await buildRequest(deps, input, OVER_LIMIT_RETRY_SHARE);
  return { built: shorter, result: await deps.model.complete(shorter.request) };
}

interface BuiltRequest {
  request: ChatRequest;
  /** The lines the reply may react to, for cleaning (other speakers' names). */
  contextLines: readonly Line[];
  /** Memory turns: where the session's cursor moves once the request succeeded. */
  memoryCursor?: { seq: number; sessionId: string };
}

async function buildRequest(deps: ReplyDeps, input: ReplyInput, budgetShare = 1): Promise<BuiltRequest> {
  const { persona } = input;
  const { model, limits } = personaModel(persona, deps.options.defaultModel);
  const sessionId = await deps.sessions.get(input.channelId, persona.id);
  const memory = memoryModeFor(persona, input.settings);
  const cursor = memory ? await deps.sessions.getCursor(input.channelId, persona.id) : 0;
  const seen = linesSeenBy(input.history, input.settings.presence?.[persona.id], input.historyTruncated);
  const history = seen.lines;
  const lines = memory ? history.filter((line) => line.seq > cursor) : history;

  const prompt = buildPromptMessages({
    persona,
    cast: input.cast,
    history: lines,
    mode: input.mode,
    sceneNote: input.settings.scene,
    notes: input.notes,
    limits,
    replyTokens: replyTokens(persona, limits),
    // A capped read keeps the window's start on block boundaries even when every line fits. In memory
    // mode the new lines are all the server lacks; nothing to align.
    historyTruncated: memory ? false : seen.truncated,
    tokens: deps.tokens,
    budgetShare,
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
      request: chatRequestFor(persona, prompt.messages, options),
      contextLines: history.slice(prompt.window.droppedLines),
    };
  }
  const [system, ...messages] = prompt.messages;
  const request = chatRequestFor(persona, messages, {
    ...options,
    memory: { profile: system?.content ?? '', options: memoryOptions(memory) },
  });
  const sent = lines.length > prompt.window.droppedLines ? lines.at(-1) : undefined;
  return {
    request,
    // The server holds the older lines; their speakers may still be run into.
    contextLines: history,
    ...(sent ? { memoryCursor: { seq: sent.seq, sessionId } } : {}),
  };
}

/** The failure in the channel's log and, when only an operator can fix it, a notice to admins. */
async function reportFailure(deps: ReplyDeps, input: ReplyInput, err: ModelError): Promise<void> {
  const { channelId, persona, settings } = input;
  deps.log.warn(
    { channelId, personaId: persona.id, code: err.code, retryable: err.retryable },
    'model request failed',
  );
  await recordFailure(deps, channelId, {
    code: err.code,
    personaId: persona.id,
    retryable: err.retryable,
    message: err.message,
  });
  const notice = modelNotice(err, personaModel(persona, deps.options.defaultModel).model);
  if (notice) {
    const key = `${err.code}:${noticeScope(settings.guildId, channelId)}`;
    await tellAdminsOnce(deps, channelId, key, NOTICE_INTERVAL_MS, notice);
  }
}
