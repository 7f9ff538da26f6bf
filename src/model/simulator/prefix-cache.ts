// The simulator's session cache: how many prompt tokens of a request the previous request of the same
// `x-dashscope-aca-session` already covered. The prompt window is tuned against this figure, so the
// rule is exact, written down, and shared with the core (src/core/prompt/prompt-cache-share.ts):
//
//   1. The prompt the model sees is serialized in order, each message as `role\ncontent\n` — the
//      trailing `Name:` prefix is simply the last (assistant) message; a long-term-memory profile
//      leads as a system message, stored memory follows it.
//   2. cached_tokens = the Qwen tokens (qwen-tokens.ts) of the longest common prefix (in characters,
//      never splitting a surrogate pair) of this request's serialization and the previous one of the
//      same session, each whole message with the template's overhead; 0 without the header or on the
//      session's first request. Failed requests do not count.
//   3. It never exceeds prompt_tokens.
import type { ChatRole } from '../../core/chat.js';
import { sharedPrefixTokens } from '../../core/prompt/prompt-cache-share.js';
import { qwenTokenCounter } from '../qwen-tokens.js';

export interface PromptMessage {
  role: ChatRole;
  content: string;
}

/** Last prompt per session id. */
export class PrefixCache {
  private readonly lastBySession = new Map<string, readonly PromptMessage[]>();

  /** cached_tokens for this prompt (rule 2), then remembers it as the session's latest. */
  observe(sessionId: string | undefined, messages: readonly PromptMessage[], promptTokens: number): number {
    if (!sessionId) return 0;
    const previous = this.lastBySession.get(sessionId);
    this.lastBySession.set(
      sessionId,
      messages.map((m) => ({ role: m.role, content: m.content })),
    );
    if (previous === undefined) return 0;
    return Math.min(promptTokens, sharedPrefixTokens(previous, messages, qwenTokenCounter));
  }

  clear(): void {
    this.lastBySession.clear();
  }
}
