// A conservative token count for Qwen prompts, without shipping the tokenizer. It only has to be safe
// (never under-count in practice) so the prompt window never overflows the model's input limit; being
// a little high just costs a few lines of history.
import type { ChatMessage } from '../chat.js';

/**
 * Tokens every chat message costs besides its text: Qwen's template wraps each message as
 * `<|im_start|>role\n … <|im_end|>\n`, which is five tokens.
 */
export const MESSAGE_OVERHEAD_TOKENS = 5;

/** Latin-script characters (letters, spaces, ASCII punctuation) per token; real English averages ~4. */
const LATIN_CHARS_PER_TOKEN = 3;

/** Emoji and other astral characters fall back to byte-level pieces: count two tokens each. */
const ASTRAL_CHAR_TOKENS = 2;

/**
 * Characters Qwen's BPE merges into multi-character tokens the way it does English: Basic Latin,
 * Latin-1, Latin Extended A/B, combining accents, Latin Extended Additional and the typographic
 * punctuation block (quotes, dashes, ellipsis), but not the zero-width joiners and marks inside it.
 */
function isLatinLike(codePoint: number): boolean {
  return (
    codePoint <= 0x024f ||
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    (codePoint >= 0x1e00 && codePoint <= 0x1eff) ||
    (codePoint >= 0x2010 && codePoint <= 0x205f)
  );
}

function isAsciiDigit(codePoint: number): boolean {
  return codePoint >= 0x30 && codePoint <= 0x39;
}

/**
 * Estimated tokens of a text: ceil(n / 3) per run of Latin-script characters; one per digit (Qwen
 * splits numbers digit by digit); one per CJK, kana, hangul, Cyrillic or any other non-Latin
 * character; two per astral character (emoji).
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let latinRun = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (isAsciiDigit(codePoint)) {
      tokens += 1;
    } else if (isLatinLike(codePoint)) {
      latinRun += 1;
      continue;
    } else {
      tokens += codePoint > 0xffff ? ASTRAL_CHAR_TOKENS : 1;
    }
    // A run ends at any non-Latin character; rounding each run up keeps mixed scripts conservative.
    tokens += Math.ceil(latinRun / LATIN_CHARS_PER_TOKEN);
    latinRun = 0;
  }
  return tokens + Math.ceil(latinRun / LATIN_CHARS_PER_TOKEN);
}

/** Estimated prompt tokens of a message list: each message's text plus the template's overhead. */
export function estimateMessageTokens(messages: readonly Pick<ChatMessage, 'content'>[]): number {
  let tokens = 0;
  for (const message of messages) tokens += estimateTokens(message.content) + MESSAGE_OVERHEAD_TOKENS;
  return tokens;
}
