// A conservative token estimate, used by the simulator for `usage`, the input-size check and the
// session-cache figure. Conservative means it rather over- than under-counts compared with Qwen's
// tokenizer: ASCII text at ~3 characters per token, CJK (and any other non-ASCII character) at one token
// each, plus a fixed framing cost per message.

/** Framing cost of one chat message (role markers, separators), tokens. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** ASCII characters per token. */
const ASCII_CHARS_PER_TOKEN = 3;

export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  // for…of walks code points, so an emoji or a rare Han character counts once.
  for (const char of text) {
    if (char.codePointAt(0)! < 0x80) ascii++;
    else other++;
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN) + other;
}

/** Tokens of a list of message contents, each with its framing cost. */
export function estimateMessagesTokens(contents: readonly string[]): number {
  return contents.reduce((sum, content) => sum + MESSAGE_OVERHEAD_TOKENS + estimateTokens(content), 0);
}
