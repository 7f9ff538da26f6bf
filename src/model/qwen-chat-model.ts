// The ChatModel port over the openai SDK: Qwen-Character on DashScope's OpenAI-compatible endpoint, or
// any other OpenAI-compatible server (pick the PrefixMode it understands). One attempt per call: the
// BullMQ scheduler owns retries, so the SDK's own retries are off.
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import type { ChatRequest, ChatResult, PrefixMode } from '../core/chat.js';
import { ModelError } from '../core/errors.js';
import type { ChatModel } from '../core/ports.js';
import type { Logger } from '../logger.js';
import { toModelError } from './to-model-error.js';
import { toWireRequest } from './wire-request.js';

export interface QwenChatModelOptions {
  /** e.g. https://dashscope-intl.aliyuncs.com/compatible-mode/v1, or the simulator's `url`. */
  baseURL: string;
  /** Never logged and never put in an error message. */
  apiKey: string;
  /** Per request, ms, until the response headers arrive. @defaultValue 60_000 */
  timeoutMs?: number;
  /** How the trailing `Name:` assistant prefix is continued. @defaultValue 'partial' (DashScope) */
  prefixMode?: PrefixMode;
  /** Debug-level request summaries (no message text, no key). */
  logger?: Logger;
  /** For tests only: a fetch implementation (e.g. one that fails in a chosen way). */
  fetch?: typeof fetch;
}

export const DEFAULT_MODEL_TIMEOUT_MS = 60_000;

export class QwenChatModel implements ChatModel {
  private readonly client: OpenAI;
  private readonly prefixMode: PrefixMode;
  private readonly apiKey: string;
  private readonly logger: Logger | undefined;

  constructor(options: QwenChatModelOptions) {
    this.apiKey = options.apiKey;
    this.prefixMode = options.prefixMode ?? 'partial';
    this.logger = options.logger;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
      maxRetries: 0,
      // Explicit nulls so OPENAI_ORG_ID and friends in the environment never reach DashScope.
      organization: null,
      project: null,
      adminAPIKey: null,
      webhookSecret: null,
      // The SDK would log to the console on its own; our logger is the only one.
      logLevel: 'off',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async complete(request: ChatRequest, options: { signal?: AbortSignal } = {}): Promise<ChatResult> {
    const { body, headers } = toWireRequest(request, this.prefixMode);
    const startedAt = Date.now();
    let completion: ChatCompletion;
    try {
      // The wire body carries DashScope/vLLM fields the SDK's types do not know; the SDK sends the
      // body as JSON unchanged, so the cast is only about types.
      completion = await this.client.chat.completions.create(
        body as unknown as ChatCompletionCreateParamsNonStreaming,
        { headers, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } catch (err) {
      throw toModelError(err, { apiKey: this.apiKey, ...(options.signal ? { signal: options.signal } : {}) });
    }
    if (!Array.isArray(completion.choices) || completion.choices.length === 0) {
      // A 200 without choices is a server fault (seen behind proxies); worth another attempt.
      throw new ModelError('server_error', 'The model API answered without any choices.');
    }
    const result = toChatResult(completion, request.model);
    this.logger?.debug(
      {
        model: result.model,
        messages: body.messages.length,
        choices: result.texts.length,
        usage: result.usage,
        durationMs: Date.now() - startedAt,
      },
      'model completion',
    );
    return result;
  }
}

/** Choices in index order; a missing usage block counts as zeros rather than failing the turn. */
export function toChatResult(completion: ChatCompletion, requestedModel: string): ChatResult {
  const choices = [...completion.choices].sort((a, b) => a.index - b.index);
  const usage = completion.usage;
  return {
    texts: choices.map((choice) => choice.message?.content ?? ''),
    usage: {
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
    model: completion.model || requestedModel,
  };
}
