// What a prompt message costs in the model's tokens, counted by the model's own tokenizer (the
// TokenCounter port), and how a line too long for its share of the window is shortened for the prompt.
//
// The count is the server's, not an estimate: Qwen's chat template wraps each message as
// `<|im_start|>role\ncontent<|im_end|>\n`, and the tokenizer splits at those special tokens before
// anything else, so a prompt costs the sum of its messages. A history line's text is counted once, when
// it is stored (`Line.tokens`); its rendered message adds only the speaker's `Name: ` in front.
import type { ChatMessage } from '../chat.js';
import type { Line } from '../line.js';
import type { Persona } from '../persona.js';
import type { TokenCounter } from '../ports.js';
import { defuseControlTokens, renderLine } from './prompt-lines.js';
import { speakerNames, type SpeakerNames } from './speaker-labels.js';

/** Names for a line rendered on its own (no cast to tell people apart from). */
const NO_NAMES = speakerNames([]);

/**
 * Tokens every chat message costs besides its content: `<|im_start|>`, the role, the newline after it,
 * `<|im_end|>` and the newline after that. (The trailing `Name:` prefix the model continues has no
 * `<|im_end|>\n`; counting it like the others leaves two tokens of slack.)
 */
export const MESSAGE_OVERHEAD_TOKENS = 5;

/**
 * Counting a rendered line as its speaker part plus its text, apart, can come out one token short of
 * counting it whole: the space after `Name:` joins the text's first piece, and with emoji or combining
 * marks that piece can then split into one more token (never more than one over 12,000 hostile samples).
 */
export const JOIN_SLACK_TOKENS = 1;

/** What a shortened line ends with, so the model reads that something was left out. */
export const CUT_MARKER = ' […]';

/** A message and its tokens, template overhead included. */
export interface CountedMessage {
  message: ChatMessage;
  tokens: number;
}

export function messageTokens(counter: TokenCounter, content: string): number {
  return counter.count(content) + MESSAGE_OVERHEAD_TOKENS;
}

/** A prompt's tokens: each message's content plus the template's overhead. */
export function promptTokens(
  counter: TokenCounter,
  messages: readonly Pick<ChatMessage, 'content'>[],
): number {
  let tokens = 0;
  for (const message of messages) tokens += messageTokens(counter, message.content);
  return tokens;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` if it is at most `maxTokens`, else its longest start that, with CUT_MARKER after it, is; cut
 * between two graphemes (never inside an emoji, a flag or a letter with its combining marks); and its
 * tokens. Deterministic, so a line shortened once reads the same on every turn (the session cache holds).
 */
export function shortenToTokens(
  text: string,
  maxTokens: number,
  counter: TokenCounter,
): { text: string; tokens: number } {
  const whole = counter.count(text);
  if (whole <= maxTokens) return { text, tokens: whole };
  // Grapheme boundaries are looked up around each probe (`containing`), not for the whole text.
  const segments = graphemes.segment(text);
  const startOf = (index: number): number => segments.containing(index)?.index ?? index;
  const endOf = (index: number): number => {
    const segment = segments.containing(index);
    return segment ? segment.index + segment.segment.length : text.length;
  };
  const cut = (end: number) => `${text.slice(0, end)}${CUT_MARKER}`;
  // Search for the last boundary that fits, between `low` (fits; 0 keeps only the marker) and `high`
  // (does not). Tokens grow about linearly with the text, so each probe is aimed where the count should
  // reach the limit; a probe that does not halve the bracket is followed by plain halving. Counts grow,
  // though not strictly (a longer piece can merge into fewer tokens), so every answer is a counted one.
  let low = 0;
  let lowTokens = counter.count(CUT_MARKER);
  let high = text.length;
  // Only to aim the first probe: the whole text is over the limit already.
  let highTokens = whole + lowTokens;
  let halve = false;
  for (;;) {
    const next = endOf(low);
    if (next >= high) break;
    const aim = halve
      ? (low + high) / 2
      : low + ((high - low) * (maxTokens - lowTokens)) / Math.max(1, highTokens - lowTokens);
    // A boundary strictly between the two: at or after `next`, before `high`.
    const probe = Math.max(startOf(Math.min(high - 1, Math.max(0, Math.round(aim)))), next);
    const width = high - low;
    const tokens = counter.count(cut(probe));
    if (tokens <= maxTokens) {
      low = probe;
      lowTokens = tokens;
    } else {
      high = probe;
      highTokens = tokens;
    }
    halve = !halve && high - low > width / 2;
  }
  const shortened = cut(low);
  return { text: shortened, tokens: counter.count(shortened) };
}

/**
 * A history line as the persona's prompt shows it, and its cost. A line whose text costs more than
 * `maxTextTokens` is shortened (`shortenToTokens`), unless a persona spoke it: a persona's line is the
 * model's own words, already bounded by its reply budget, and cutting them would teach it to trail off.
 */
export function countLine(
  line: Line,
  persona: Persona,
  options: { counter: TokenCounter; maxTextTokens: number; names?: SpeakerNames },
): CountedMessage | undefined {
  const { counter } = options;
  // Counted as the model will read it: control tokens written in the text are plain text there, and
  // longer (the stored count read each as one token).
  let text = defuseControlTokens(line.text);
  let textTokens = text === line.text ? (line.tokens ?? counter.count(text)) : counter.count(text);
  if (line.kind !== 'persona' && textTokens > options.maxTextTokens) {
    ({ text, tokens: textTokens } = shortenToTokens(text, options.maxTextTokens, counter));
  }
  const message = renderLine(
    text === line.text ? line : { ...line, text },
    persona,
    options.names ?? NO_NAMES,
  );
  if (!message) return undefined;
  // The rendered message is `<speaker part><text>`: only the speaker part needs counting.
  const { content } = message;
  const tokens = content.endsWith(text)
    ? counter.count(content.slice(0, content.length - text.length)) + textTokens + JOIN_SLACK_TOKENS
    : counter.count(content);
  return { message, tokens: tokens + MESSAGE_OVERHEAD_TOKENS };
}
