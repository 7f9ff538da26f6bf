// The simulator's session cache: how many prompt tokens of a request the previous request of the same
// `x-dashscope-aca-session` already covered. This is the figure we tune the prompt window against, so
// the rule is exact and written down:
//
//   1. A prompt is serialized in order, ChatML-style: for each message a frame `<|im_start|>{role}\n`,
//      then its content, then `<|im_end|>\n` — except a trailing assistant prefix (`partial`), which
//      stays open, since the model continues it. A long-term-memory profile comes first, as a system
//      message.
//   2. cached_tokens = the token count of the longest common prefix (in characters) of this request's
//      serialization and the previous one of the same session; 0 without the header or on the first.
//   3. Tokens are counted per segment with the same estimate as prompt_tokens: a whole frame costs
//      MESSAGE_OVERHEAD_TOKENS (the end marker is part of that cost and counts 0), content counts
//      estimateTokens() of its covered part, and a frame cut short counts 0. So two identical requests
//      give cached_tokens === prompt_tokens, and cached_tokens never exceeds prompt_tokens.
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './token-count.js';

export interface PromptMessage {
  role: string;
  content: string;
}

type SegmentKind = 'frame' | 'content' | 'end';

export interface PromptSegment {
  kind: SegmentKind;
  text: string;
}

export interface SerializedPrompt {
  segments: PromptSegment[];
  text: string;
}

/** Serializes messages; `openLast` leaves the last message unterminated (an assistant prefix). */
export function serializePrompt(messages: readonly PromptMessage[], openLast: boolean): SerializedPrompt {
  const segments: PromptSegment[] = [];
  messages.forEach((message, index) => {
    segments.push({ kind: 'frame', text: `<|im_start|>${message.role}\n` });
    segments.push({ kind: 'content', text: message.content });
    if (!(openLast && index === messages.length - 1)) segments.push({ kind: 'end', text: '<|im_end|>\n' });
  });
  return { segments, text: segments.map((segment) => segment.text).join('') };
}

function segmentTokens(segment: PromptSegment, covered: string): number {
  switch (segment.kind) {
    case 'frame':
      return covered.length === segment.text.length ? MESSAGE_OVERHEAD_TOKENS : 0;
    case 'content':
      return estimateTokens(covered);
    case 'end':
      return 0;
  }
}

/** Tokens of the first `length` characters of a serialized prompt (rule 3). */
export function prefixTokens(prompt: SerializedPrompt, length: number): number {
  let remaining = length;
  let tokens = 0;
  for (const segment of prompt.segments) {
    if (remaining <= 0) break;
    const covered = segment.text.slice(0, remaining);
    tokens += segmentTokens(segment, covered);
    remaining -= covered.length;
  }
  return tokens;
}

/** The whole prompt's tokens: equals estimateMessagesTokens() of the contents. */
export function promptTokens(prompt: SerializedPrompt): number {
  return prefixTokens(prompt, prompt.text.length);
}

export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never split a UTF-16 surrogate pair: half a character is not a cached token.
  if (i > 0 && i < max && isHighSurrogate(a.charCodeAt(i - 1))) i--;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Last serialized prompt per session id. */
export class PrefixCache {
  private readonly lastBySession = new Map<string, string>();

  /** cached_tokens for this prompt (rule 2), then remembers it as the session's latest. */
  observe(sessionId: string | undefined, prompt: SerializedPrompt): number {
    if (!sessionId) return 0;
    const previous = this.lastBySession.get(sessionId);
    this.lastBySession.set(sessionId, prompt.text);
    if (previous === undefined) return 0;
    return prefixTokens(prompt, commonPrefixLength(prompt.text, previous));
  }

  clear(): void {
    this.lastBySession.clear();
  }
}
