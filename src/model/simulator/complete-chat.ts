// Answers one validated chat-completions request the way Qwen-Character would: works out the prompt the
// model sees (long-term memory included), its usage and session-cache figures, and `n` in-character
// replies (or the test's scripted ones), trimmed to `max_tokens`. Every token figure is Qwen's own
// tokenizer's: prompt_tokens as its chat template lays the prompt out, completion_tokens of the texts.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/ports.js';
import { hashString } from '../../core/random.js';
import { serializePrompt } from '../../core/prompt/prompt-cache-share.js';
import { chatPromptTokens, qwenTokenCounter } from '../qwen-tokens.js';
import { bansParentheses, composeReply, truncateToTokens, type Quirks } from './compose-reply.js';
import { directorAnswer } from './director-answer.js';
import type { MemorySessions } from './memory-sessions.js';
import type { PrefixCache, PromptMessage } from './prefix-cache.js';
import { readScene, type Scene } from './read-scene.js';
import { continuesLast, type SimChatBody } from './validate-request.js';

export interface ScriptRequest {
  body: SimChatBody;
  /** The `x-dashscope-aca-session` header, if sent. */
  sessionId?: string;
  /** What the simulator read from the request (speaker, addressee, …). */
  scene: Scene;
}

/**
 * Forces reply texts: a string for every choice, an array for choice i (the last entry repeats), or
 * undefined to let the simulator compose. `max_tokens` still applies.
 */
export type ReplyScript = (request: ScriptRequest) => string | string[] | undefined;

export interface ChatContext {
  clock: Clock;
  prefixCache: PrefixCache;
  memory: MemorySessions;
  script?: ReplyScript | undefined;
  quirks?: Quirks | undefined;
}

export interface ChatCompletionBody {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string };
    finish_reason: 'stop' | 'length';
    logprobs: null;
  }>;
  usage: {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    prompt_tokens_details: { cached_tokens: number };
  };
  system_fingerprint: null;
}

/** The prompt as the model sees it: a profile leads as the system message; memory adds history. */
function promptFor(
  body: SimChatBody,
  sessionId: string | undefined,
  memory: MemorySessions,
): PromptMessage[] {
  if (body.character_options?.memory?.enable_long_term_memory && sessionId)
    return memory.prompt(sessionId, body);
  const profile = body.character_options?.profile?.trim() ? body.character_options.profile : undefined;
  const messages = body.messages.map(({ role, content }) => ({ role, content }));
  return profile ? [{ role: 'system', content: profile }, ...messages] : messages;
}

function scriptedText(script: string | string[] | undefined, choice: number): string | undefined {
  if (script === undefined || typeof script === 'string') return script;
  return script[choice] ?? script.at(-1);
}

export function completeChat(
  body: SimChatBody,
  sessionId: string | undefined,
  context: ChatContext,
): ChatCompletionBody {
  const prefixOpen = continuesLast(body);
  const messages = promptFor(body, sessionId, context.memory);
  const promptHash = hashString(serializePrompt(messages));
  const scene = readScene(messages, prefixOpen);
  const options = body.character_options;

  const script = context.script?.({ body, ...(sessionId ? { sessionId } : {}), scene });
  // A director request gets a name, not an in-character line (a test's script still comes first).
  const director = directorAnswer(body.messages);
  const choices = Array.from({ length: body.n }, (_, index) => {
    const composed =
      scriptedText(script, index) ??
      director ??
      composeReply({
        scene,
        seed: body.seed ?? promptHash % 2 ** 31,
        promptHash,
        choice: index,
        noActions: bansParentheses(body.logit_bias),
        ...(options?.enable_realtime ? { realtimeAt: context.clock.now() } : {}),
        ...(options?.vector_store_ids?.[0] ? { knowledgeBaseId: options.vector_store_ids[0] } : {}),
        webSearch: body.enable_search,
        ...(context.quirks ? { quirks: context.quirks } : {}),
      });
    const { text, truncated } =
      body.max_tokens === undefined
        ? { text: composed, truncated: false }
        : truncateToTokens(composed, body.max_tokens);
    return {
      index,
      message: { role: 'assistant' as const, content: text },
      finish_reason: truncated ? ('length' as const) : ('stop' as const),
      logprobs: null,
    };
  });

  const prompt_tokens = chatPromptTokens(messages, { continueLast: prefixOpen });
  const cached_tokens = context.prefixCache.observe(sessionId, messages, prompt_tokens);
  const completion_tokens = choices.reduce(
    (sum, choice) => sum + qwenTokenCounter.count(choice.message.content),
    0,
  );
  if (options?.memory?.enable_long_term_memory && sessionId) {
    context.memory.commit(sessionId, body, choices[0]!.message.content, messages.length);
  }
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(context.clock.now() / 1000),
    model: body.model,
    choices,
    usage: {
      prompt_tokens,
      completion_tokens,
      total_tokens: prompt_tokens + completion_tokens,
      prompt_tokens_details: { cached_tokens },
    },
    system_fingerprint: null,
  };
}
