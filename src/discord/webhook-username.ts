// A persona's name made acceptable as a webhook `username`, which Discord refuses outright (400, and
// the reply is lost) when it is empty, longer than 80 characters, contains "discord" or "clyde" in any
// case, or is exactly "everyone" or "here". Persona names are checked when they are made, and again
// here at send time, because a name that was fine when written can still trip a rule.
import { fitPrefix } from '../core/shorten.js';

/** Discord's limit on a webhook username, in characters (UTF-16 code units, as its length check counts). */
export const MAX_WEBHOOK_USERNAME_LENGTH = 80;

/** What a name with nothing usable left becomes. */
export const FALLBACK_USERNAME = 'Persona';

// Cyrillic look-alikes: the name still reads the same to people, and no longer contains the word.
const LOOK_ALIKE: Readonly<Record<string, string>> = { o: 'о', O: 'О', y: 'у', Y: 'У', e: 'е', E: 'Е' };
const BANNED_WORDS = /discord|clyde/gi;

/** Swaps one letter of each banned word for its look-alike: "Discord Dan" → "Disсord Dan" (Cyrillic о). */
function breakBannedWords(name: string): string {
  return name.replace(BANNED_WORDS, (word) => {
    const target = word.toLowerCase() === 'discord' ? 4 : 2; // the "o" of discord, the "y" of clyde
    const letter = word[target]!;
    return word.slice(0, target) + (LOOK_ALIKE[letter] ?? letter) + word.slice(target + 1);
  });
}

/** Cuts to at most `max` UTF-16 units between graphemes (no half emoji; see core/shorten.ts). */
function truncate(text: string, max: number): string {
  return text.length <= max ? text : fitPrefix(text, max).trimEnd();
}

export function webhookUsername(name: string): string {
  let clean = name.replace(/\s+/g, ' ').replace(/```/g, "'''").trim();
  clean = truncate(breakBannedWords(clean), MAX_WEBHOOK_USERNAME_LENGTH);
  if (clean === '') return FALLBACK_USERNAME;
  const lower = clean.toLowerCase();
  if (lower === 'everyone' || lower === 'here') {
    const at = clean.search(/e/i);
    clean = clean.slice(0, at) + LOOK_ALIKE[clean[at]!]! + clean.slice(at + 1);
  }
  return clean;
}
