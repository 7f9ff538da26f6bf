// Finds names in a line, in any script. SillyTavern matched names with `\b\w+\b`, which never sees a
// Chinese, Japanese or Cyrillic name (its issue #3065); here a name matches when it is not glued to
// letters or digits of its own kind, and names in scripts written without spaces (CJK, Thai…) match
// as plain substrings, since "凌路你好" has no boundary to look for.

/** Someone who can be named: a persona or a person, with every name they answer to. */
export interface Nameable {
  /** Unique among the nameables of one search (a persona id, or `person:<id>`). */
  key: string;
  /** The display name first (its words may stand for it), then aliases (only whole). */
  names: readonly string[];
}

export interface NameMatch {
  key: string;
  /** The name as given (not normalised); for a partial match, the display name it stands for. */
  name: string;
  /** Offsets in the normalised text (see `normalizeForMatching`). */
  start: number;
  end: number;
  /** False for one word of a longer name ("Tao" for "Tao Le"), which counts only when unambiguous. */
  whole: boolean;
}

type CharClass = 'unspaced' | 'word' | 'other';

// Scripts written without spaces between words: any substring may be a name.
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
/**
 * One word of a multi-word name counts as a partial name only from this many characters: "Tao" of
 * "Tao Le" yes, "Lu" or "Le" no (too many ordinary words and syllables that short).
 */
const MIN_PARTIAL_NAME_LENGTH = 3;

/** NFKC (full-width letters become ASCII) and lower case, so "ＬＩＮＧ" and "ling" match "Ling". */
export function normalizeForMatching(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function classOf(char: string | undefined): CharClass {
  if (char === undefined) return 'other';
  if (UNSPACED.test(char)) return 'unspaced';
  return WORD.test(char) ? 'word' : 'other';
}

/** The code point ending just before `index` (a surrogate pair counts as one character). */
export function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  return isLowSurrogate && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

/** The code point starting at `index`. */
export function charAt(text: string, index: number): string | undefined {
  if (index >= text.length) return undefined;
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

/** A match must not be glued to letters or digits of the same kind as its own first/last letter. */
function hasBoundaries(text: string, start: number, end: number): boolean {
  const first = classOf(charAt(text, start));
  const last = classOf(charBefore(text, end));
  if (first === 'word' && classOf(charBefore(text, start)) === 'word') return false;
  if (last === 'word' && classOf(charAt(text, end)) === 'word') return false;
  return true;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * Titles and particles that are words of names but never stand for one ("The Narrator" is not called
 * "the"). Nicknames are what a persona's aliases are for; this only keeps partial names from misfiring.
 */
const NOT_A_NAME = new Set(['the', 'mr', 'mrs', 'ms', 'dr', 'sir', 'miss', 'lady', 'lord', 'van', 'von', 'der', 'den', 'del', 'des', 'les', 'los', 'las']); // prettier-ignore

/** Words of a multi-word display name that may stand for it alone, e.g. "cheng" for "Cheng Yi". */
function partialWords(displayName: string): string[] {
  const words = normalizeForMatching(displayName).split(/\s+/u).filter(Boolean);
  if (words.length < 2) return [];
  const long = (word: string) => [...word].length >= MIN_PARTIAL_NAME_LENGTH;
  return words.filter((word) => long(word) && classOf(charAt(word, 0)) === 'word' && !NOT_A_NAME.has(word));
}

/**
 * Every name of `nameables` found in `text`, without overlaps: the longest match wins a span, and a
 * whole name beats a partial one, so "Ling Lu" goes to Ling Lu even when another persona is called
 * "Ling". A partial word shared by two nameables, or equal to anyone's whole name, is ignored.
 * Matches come back in text order.
 */
export function findNames(text: string, nameables: readonly Nameable[]): NameMatch[] {
  const normalized = normalizeForMatching(text);
  const wholeNames = new Set<string>();
  const partialOwners = new Map<string, Set<string>>();
  for (const nameable of nameables) {
    for (const name of nameable.names) wholeNames.add(normalizeForMatching(name.trim()));
    for (const word of partialWords(nameable.names[0] ?? '')) {
      const owners = partialOwners.get(word) ?? new Set<string>();
      owners.add(nameable.key);
      partialOwners.set(word, owners);
    }
  }

  const candidates: NameMatch[] = [];
  const collect = (key: string, name: string, needle: string, whole: boolean) => {
    for (const start of occurrences(normalized, needle)) {
      const end = start + needle.length;
      if (hasBoundaries(normalized, start, end)) candidates.push({ key, name, start, end, whole });
    }
  };
  for (const nameable of nameables) {
    for (const name of nameable.names) {
      collect(nameable.key, name, normalizeForMatching(name.trim()), true);
    }
  }
  for (const [word, owners] of partialOwners) {
    const [owner] = owners;
    if (owners.size !== 1 || owner === undefined || wholeNames.has(word)) continue;
    const displayName = nameables.find((nameable) => nameable.key === owner)?.names[0] ?? word;
    collect(owner, displayName, word, false);
  }

  // Longest first, then whole before partial: each accepted span shuts out everything overlapping it.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || Number(b.whole) - Number(a.whole));
  const accepted: NameMatch[] = [];
  for (const match of candidates) {
    const overlaps = accepted.some(
      (other) =>
        match.start < other.end &&
        other.start < match.end &&
        !(other.start === match.start && other.end === match.end && other.whole === match.whole),
    );
    const duplicate = accepted.some((other) => other.key === match.key && other.start === match.start);
    if (!overlaps && !duplicate) accepted.push(match);
  }
  return accepted.sort((a, b) => a.start - b.start);
}
