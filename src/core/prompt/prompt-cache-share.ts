// How much of a request the session cache could serve from the previous one: the tokens of the longest
// common prefix of the two prompts, counted the way prompt tokens are counted (each message's text plus
// its template overhead), by the model's tokenizer. The prompt tests use it to measure the window's
// cache-friendliness and the offline Qwen simulator reports it as `cached_tokens`, so both count the
// same way.
import type { ChatMessage } from '../chat.js';
import type { TokenCounter } from '../ports.js';
import { messageTokens } from './token-count.js';

type PromptMessage = Pick<ChatMessage, 'role' | 'content'>;

/** A prompt as one string: each message as `role\ncontent\n`, in order. */
export function serializePrompt(messages: readonly PromptMessage[]): string {
  let text = '';
  for (const message of messages) text += `${message.role}\n${message.content}\n`;
  return text;
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let length = 0;
  while (length < max && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  // Never end the prefix between the two halves of a surrogate pair.
  const lastCode = b.charCodeAt(length - 1);
  if (length > 0 && lastCode >= 0xd800 && lastCode <= 0xdbff) length--;
  return length;
}

/**
 * Tokens of the longest common prefix of the two prompts: every identical leading message in full
 * (text and template overhead, as `promptTokens` counts it), then the shared start of the first message
 * that differs, when its role is the same.
 */
export function sharedPrefixTokens(
  prevMessages: readonly PromptMessage[],
  nextMessages: readonly PromptMessage[],
  counter: TokenCounter,
): number {
  let tokens = 0;
  const count = Math.min(prevMessages.length, nextMessages.length);
  for (let i = 0; i < count; i++) {
    const prev = prevMessages[i]!;
    const next = nextMessages[i]!;
    if (prev.role !== next.role) break;
    if (prev.content === next.content) {
      tokens += messageTokens(counter, next.content);
      continue;
    }
    tokens += counter.count(next.content.slice(0, commonPrefixLength(prev.content, next.content)));
    break;
  }
  return tokens;
}
