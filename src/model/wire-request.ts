// Turns the core's ChatRequest into the OpenAI-compatible wire body and headers, including DashScope's
// extensions (message-level `partial`, `character_options`, `enable_search`) and the ways other
// OpenAI-compatible servers continue an assistant prefix (PrefixMode). Pure: no I/O, easy to test.
import type { CharacterOptions, ChatMessage, ChatRequest, PrefixMode } from '../core/chat.js';

/** The session-cache / long-term-memory header DashScope reads. */
export const SESSION_HEADER = 'x-dashscope-aca-session';

export interface WireMessage {
  role: ChatMessage['role'];
  content: string;
  /** DashScope: continue this assistant message (only on the last one). */
  partial?: true;
  /** DeepSeek-style: the same, under another name. */
  prefix?: true;
}

/** The chat-completions body as sent; optional fields are left out rather than sent as null. */
export interface WireChatBody {
  model: string;
  messages: WireMessage[];
  n?: number;
  seed?: number;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  logit_bias?: Record<string, number>;
  character_options?: CharacterOptions;
  enable_search?: boolean;
  search_options?: Record<string, unknown>;
  /** vLLM: continue the final (assistant) message instead of opening a new turn. */
  continue_final_message?: true;
  /** vLLM: must be false together with continue_final_message. */
  add_generation_prompt?: false;
}

export interface WireRequest {
  body: WireChatBody;
  headers: Record<string, string>;
}

/**
 * The final system message used in `none` mode, where the server cannot continue a prefix: it tells
 * the model whose line comes next instead.
 */
export function speakAsInstruction(name: string): string {
  return `Reply only as ${name}, with ${name}'s next line; do not write anyone else's lines.`;
}

/** The speaker's name in an assistant prefix such as `Ling Lu:` (also a full-width `：`). */
export function prefixName(prefix: string): string {
  const match = /^(.*?)\s*[:：]/su.exec(prefix);
  return (match ? match[1]! : prefix).trim();
}

export function toWireRequest(request: ChatRequest, prefixMode: PrefixMode = 'partial'): WireRequest {
  const last = request.messages.at(-1);
  const hasPrefix = last !== undefined && last.role === 'assistant' && last.partial === true;
  // `partial` anywhere but on a trailing assistant message is a caller bug the core contract rules
  // out; the flag is dropped there rather than letting the server reject the whole turn.
  const plain: WireMessage[] = request.messages.map(({ role, content }) => ({ role, content }));

  const body: WireChatBody = { model: request.model, messages: plain };
  if (hasPrefix) {
    const final = plain.length - 1;
    switch (prefixMode) {
      case 'partial':
        plain[final] = { ...plain[final]!, partial: true };
        break;
      case 'prefix':
        plain[final] = { ...plain[final]!, prefix: true };
        break;
      case 'continue_final_message':
        body.continue_final_message = true;
        body.add_generation_prompt = false;
        break;
      case 'none':
        // Only the name survives: anything the prefix carried after `Name:` cannot be continued here.
        plain[final] = { role: 'system', content: speakAsInstruction(prefixName(last.content)) };
        break;
    }
  }

  if (request.n !== undefined) body.n = request.n;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.logitBias !== undefined && Object.keys(request.logitBias).length > 0) {
    body.logit_bias = request.logitBias;
  }
  if (request.characterOptions !== undefined) body.character_options = request.characterOptions;
  if (request.enableSearch !== undefined) body.enable_search = request.enableSearch;
  if (request.searchOptions !== undefined) body.search_options = request.searchOptions;

  const headers: Record<string, string> = {};
  if (request.sessionId) headers[SESSION_HEADER] = request.sessionId;
  return { body, headers };
}
