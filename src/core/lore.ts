// Keyword-triggered lore (pure): which entries the last few lines of a scene call up, within a token
// budget. An entry comes from a persona's file, a server or a channel; it is added to a turn's
// supplementary note when one of its keys appears in the recent lines.
//
// Matching has to work for Chinese, which has no spaces to find words by: a key containing CJK (Han,
// kana, hangul) matches as a substring; any other key matches as a whole word, in any case, so "Rain"
// finds "rain!" but "art" does not fire on "party".
import type { Line } from './line.js';
import type { SelectiveLogic } from './persona.js';
import type { TokenCounter } from './ports.js';

export interface LoreEntry {
  /** `c<n>` for a channel's entries, `s<n>` for a server's, `p<n>` for a persona file's. */
  id: string;
  keys: string[];
  text: string;
  /** Only these personas get it; absent: every persona. */
  personaIds?: string[];
  /** Higher first when the budget cannot hold every match. @defaultValue 0 */
  priority?: number;
  /** A persona file's (or card's) finer controls; see `personaLoreSchema`. */
  secondaryKeys?: string[];
  selectiveLogic?: SelectiveLogic;
  constant?: boolean;
  enabled?: boolean;
  order?: number;
  caseSensitive?: boolean;
}

export type NewLoreEntry = Omit<LoreEntry, 'id'>;

/** How many of the newest lines are searched for keys: what the scene is about right now. */
export const LORE_SCAN_LINES = 8;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/**
 * A test for one key: substring for CJK keys, whole word (any run of spaces) otherwise; in any case
 * unless `caseSensitive`.
 */
export function keyMatcher(
  key: string,
  options: { caseSensitive?: boolean } = {},
): (text: string) => boolean {
  const trimmed = key.trim();
  if (trimmed === '') return () => false;
  if (CJK.test(trimmed)) {
    if (options.caseSensitive) return (text) => text.includes(trimmed);
    const needle = trimmed.toLocaleLowerCase();
    return (text) => text.toLocaleLowerCase().includes(needle);
  }
  const body = escapeRegExp(trimmed).replace(/\s+/gu, '\\s+');
  const flags = options.caseSensitive ? 'u' : 'iu';
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, flags);
  return (text) => pattern.test(text);
}

/** Whether the secondary keys let a keyed match through, by SillyTavern's four logics. */
function secondaryAllows(entry: LoreEntry, text: string): boolean {
  const secondary = entry.secondaryKeys ?? [];
  if (secondary.length === 0) return true;
  const hits = secondary.map((key) => keyMatcher(key, entry)(text));
  switch (entry.selectiveLogic ?? 'andAny') {
    case 'andAny':
      return hits.some(Boolean);
    case 'andAll':
      return hits.every(Boolean);
    case 'notAny':
      return !hits.some(Boolean);
    case 'notAll':
      return !hits.every(Boolean);
  }
}

/** Where a long entry may be cut, best first, and what joins the pieces kept. */
const CUT_POINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\n\s*\n/u, '\n\n'],
  [/\n/u, '\n'],
  [/(?<=[.!?。！？])\s*/u, ' '],
];

/**
 * As much of `text` as fits `budgetTokens`, cut after a paragraph, else a line, else a sentence, so
 * an entry longer than the budget still brings its opening part (cards put what matters first).
 */
function leadingPart(text: string, budgetTokens: number, counter: TokenCounter): string | undefined {
  if (counter.count(text) <= budgetTokens) return text;
  for (const [separator, joiner] of CUT_POINTS) {
    const pieces = text
      .split(separator)
      .map((piece) => piece.trim())
      .filter((piece) => piece !== '');
    if (pieces.length < 2) continue;
    let taken = '';
    for (const piece of pieces) {
      const joined = taken === '' ? piece : `${taken}${joiner}${piece}`;
      if (counter.count(joined) > budgetTokens) break;
      taken = joined;
    }
    if (taken !== '') return taken;
  }
  return undefined;
}

export interface LoreSelection {
  /** The chosen entries' texts, highest priority (then most recently triggered) first. */
  texts: string[];
  /** Their ids, in the same order. */
  ids: string[];
}

/**
 * The lore for `personaId`'s turn: entries meant for it, switched on, and either `constant` or with a
 * key (and their secondary keys' logic) in the same line among the newest `LORE_SCAN_LINES`. Chosen in
 * this order: constant entries, then priority, then how recent the triggering line is, then as given;
 * taken while they fit `budgetTokens` (one that does not fit whole brings its leading paragraphs when
 * they fit, else it is skipped and a smaller one after it may still fit). The chosen texts then go out
 * by `order` (lower earlier; entries without one keep the choosing order, after those with one). The
 * same text from two sources is taken once.
 */
export function selectLore(
  entries: readonly LoreEntry[],
  lines: readonly Pick<Line, 'text'>[],
  options: { personaId: string; budgetTokens: number; tokens: TokenCounter; scanLines?: number },
): LoreSelection {
  const recent = lines.slice(-(options.scanLines ?? LORE_SCAN_LINES));
  const matches: Array<{ entry: LoreEntry; order: number; recency: number }> = [];
  entries.forEach((entry, order) => {
    if (entry.enabled === false) return;
    if (entry.personaIds && entry.personaIds.length > 0 && !entry.personaIds.includes(options.personaId)) {
      return;
    }
    if (entry.constant) {
      matches.push({ entry, order, recency: recent.length });
      return;
    }
    const tests = entry.keys.map((key) => keyMatcher(key, entry));
    for (let i = recent.length - 1; i >= 0; i--) {
      const text = recent[i]!.text;
      if (tests.some((test) => test(text)) && secondaryAllows(entry, text)) {
        matches.push({ entry, order, recency: i });
        return;
      }
    }
  });
  matches.sort(
    (a, b) =>
      Number(b.entry.constant ?? false) - Number(a.entry.constant ?? false) ||
      (b.entry.priority ?? 0) - (a.entry.priority ?? 0) ||
      b.recency - a.recency ||
      a.order - b.order,
  );

  const chosen: Array<{ text: string; id: string; order: number }> = [];
  let used = 0;
  for (const { entry } of matches) {
    const whole = entry.text.trim();
    if (whole === '' || chosen.some((taken) => taken.text === whole)) continue;
    const text = leadingPart(whole, options.budgetTokens - used, options.tokens);
    if (text === undefined) continue;
    used += options.tokens.count(text);
    chosen.push({ text, id: entry.id, order: entry.order ?? Number.POSITIVE_INFINITY });
  }
  // A stable sort: equal orders (and every entry without one) keep the choosing order.
  chosen.sort((a, b) => (a.order === b.order ? 0 : a.order < b.order ? -1 : 1));
  return { texts: chosen.map((taken) => taken.text), ids: chosen.map((taken) => taken.id) };
}
