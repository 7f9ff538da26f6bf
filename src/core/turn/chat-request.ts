// A persona's generation options around a turn's messages: the chat request's model, reply budget,
// sampling, logit bias (incl. the guide's no-parentheses ban), long-term memory, real-time, knowledge
// bases and web search (pure). The messages come from prompt/prompt.ts; generate-replies.ts joins them.
import type { ChatMessage, ChatRequest, CharacterOptions, MemoryOptions } from '../chat.js';
import { modelLimits, type ModelLimits } from '../models.js';
import type { Persona } from '../persona.js';

/** The guide's token ids of every token containing a parenthesis: banned for `noActions` personas. */
export const PARENTHESIS_TOKEN_IDS = [
  '7',
  '8',
  '7552',
  '9909',
  '320',
  '873',
  '42344',
  '58359',
  '96899',
  '6599',
  '10297',
  '91093',
  '12832',
] as const;

/** Reply budget when a persona sets none, tokens. */
export const DEFAULT_REPLY_TOKENS = 400;

export function personaModel(persona: Persona, defaultModel: string): { model: string; limits: ModelLimits } {
  const model = persona.model ?? defaultModel;
  return { model, limits: modelLimits(model) };
}

export function replyTokens(persona: Persona, limits: ModelLimits): number {
  return Math.min(persona.generation.maxReplyTokens ?? DEFAULT_REPLY_TOKENS, limits.maxOutputTokens);
}

export function logitBiasFor(persona: Persona): Record<string, number> | undefined {
  const bias: Record<string, number> = { ...persona.logitBias };
  if (persona.noActions) for (const id of PARENTHESIS_TOKEN_IDS) bias[id] = -100;
  return Object.keys(bias).length > 0 ? bias : undefined;
}

/** A long-term-memory turn: the system message's text moves to `profile`, plus the memory settings. */
export interface MemoryRequest {
  profile: string;
  options: MemoryOptions;
}

function characterOptionsFor(
  persona: Persona,
  memory: MemoryRequest | undefined,
): CharacterOptions | undefined {
  const options: CharacterOptions = {};
  if (memory) {
    options.profile = memory.profile;
    options.memory = memory.options;
  }
  if (persona.realtime) options.enable_realtime = true;
  if (persona.knowledgeBaseIds.length > 0) options.vector_store_ids = [...persona.knowledgeBaseIds];
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * The full request for one turn of `persona`, around already-built messages. `seed` overrides the
 * persona's (regenerate); `n` > 1 asks for that many choices (alternatives).
 */
export function chatRequestFor(
  persona: Persona,
  messages: ChatMessage[],
  options: {
    model: string;
    limits: ModelLimits;
    sessionId: string;
    seed?: number;
    n?: number;
    memory?: MemoryRequest;
  },
): ChatRequest {
  const request: ChatRequest = {
    model: options.model,
    messages,
    sessionId: options.sessionId,
    maxTokens: replyTokens(persona, options.limits),
  };
  const seed = options.seed ?? persona.generation.seed;
  if (seed !== undefined) request.seed = seed;
  if (options.n !== undefined && options.n > 1) request.n = options.n;
  if (persona.generation.temperature !== undefined) request.temperature = persona.generation.temperature;
  if (persona.generation.topP !== undefined) request.topP = persona.generation.topP;
  const logitBias = logitBiasFor(persona);
  if (logitBias) request.logitBias = logitBias;
  const characterOptions = characterOptionsFor(persona, options.memory);
  if (characterOptions) request.characterOptions = characterOptions;
  if (persona.webSearch.enabled) {
    request.enableSearch = true;
    if (persona.webSearch.options) request.searchOptions = persona.webSearch.options;
  }
  return request;
}
