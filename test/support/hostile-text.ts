// Text a hostile member posts to blow up the prompt: what costs Qwen's tokenizer many tokens per
// character (combining marks, base64, emoji sequences, random ids and URLs, scripts mixed mid-word),
// up to Discord's 2,000 characters a message. Seeded, so a failing case can be replayed.
import type { RandomSource } from '../../src/core/random.js';

/** Discord's limit on a message's content, characters (UTF-16 code units). */
export const DISCORD_MESSAGE_MAX_CHARS = 2_000;

export type HostileKind = 'zalgo' | 'base64' | 'emoji' | 'ids' | 'mixed';

export const HOSTILE_KINDS: readonly HostileKind[] = ['zalgo', 'base64', 'emoji', 'ids', 'mixed'];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const EMOJI = ['🎸', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇯🇵', '👍🏽', '🧑🏿‍🚀', '❤️‍🔥', '🫠', '🥁', '😀'];
const MIXED = ['Ж', 'ψ', 'ק', 'ع', 'अ', 'ก', '한', '語', 'ｶ', 'ß', '𝔘', '𝕏', 'ᚠ', 'Ꭰ', '∑', '⟨'];

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function from(random: RandomSource, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

/** A base letter under a stack of combining marks (U+0300–U+036F), "zalgo". */
function zalgo(random: RandomSource): string {
  let text = from(random, 'abcdefghijklmnopqrstuvwxyz', 1);
  const marks = 2 + Math.floor(random() * 6);
  for (let i = 0; i < marks; i++) text += String.fromCodePoint(0x300 + Math.floor(random() * 0x70));
  return text;
}

function piece(random: RandomSource, kind: HostileKind): string {
  switch (kind) {
    case 'zalgo':
      return zalgo(random);
    case 'base64':
      return from(random, BASE64, 76);
    case 'emoji':
      return pick(random, EMOJI);
    case 'ids':
      return random() < 0.5
        ? `https://x.example/${from(random, HEX, 8)}-${from(random, HEX, 4)}?id=${from(random, BASE64.slice(0, 62), 11)} `
        : `${from(random, HEX, 32)} `;
    case 'mixed':
      return pick(random, MIXED) + (random() < 0.3 ? zalgo(random) : '');
  }
}

/**
 * A message of `kind` filling `maxChars` characters (UTF-16 code units), the last piece cut between
 * code points (never half a surrogate pair) where it does not fit whole.
 */
export function hostileText(
  random: RandomSource,
  kind: HostileKind,
  maxChars: number = DISCORD_MESSAGE_MAX_CHARS,
): string {
  let text = '';
  for (;;) {
    const next = piece(random, kind);
    if (text.length + next.length <= maxChars) {
      text += next;
      continue;
    }
    for (const char of next) {
      if (text.length + char.length > maxChars) break;
      text += char;
    }
    return text;
  }
}
