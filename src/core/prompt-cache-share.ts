// How much of a request the session cache could serve from the previous one: the tokens of the longest
// common prefix of the two prompts. The prompt tests use it to measure the window's cache-friendliness
// and the offline Qwen simulator reports it as `cached_tokens`, so both count the same way.
import type { ChatMessage } from './chat.js';
import { estimateTokens } from './token-estimate.js';

/** A prompt as one string: each message as `role\ncontent\n`, in order. */
export function serializePrompt(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): string {
  let text = '';
  for (const message of messages) text += `${message.role}\n${message.content}\n`;
  return text;
}

/** Estimated tokens of the longest common prefix of the two serialized prompts. */
export function sharedPrefixTokens(
  prevMessages: readonly Pick<ChatMessage, 'role' | 'content'>[],
  nextMessages: readonly Pick<ChatMessage, 'role' | 'content'>[],
): number {
  const prev = serializePrompt(prevMessages);
  const next = serializePrompt(nextMessages);
  const max = Math.min(prev.length, next.length);
  let length = 0;
  while (length < max && prev.charCodeAt(length) === next.charCodeAt(length)) length++;
  // Never end the prefix between the two halves of a surrogate pair.
  const lastCode = next.charCodeAt(length - 1);
  if (length > 0 && lastCode >= 0xd800 && lastCode <= 0xdbff) length--;
  return estimateTokens(next.slice(0, length));
}
