// Keyword-triggered lore (pure): which entries the last few lines of a scene call up, within a token
// budget. An entry comes from a persona's file, a server or a channel; it is added to a turn's
// supplementary note when one of its keys appears in the recent lines.
//
// Matching has to work for Chinese, which has no spaces to find words by: a key containing CJK (Han,
// kana, hangul) matches as a substring; any other key matches as a whole word, in any case, so "Rain"
// finds "rain!" but "art" does not fire on "party".
import type { Line } from './line.js';
import { estimateTokens } from './prompt/token-estimate.js';

export interface LoreEntry {
  /** `c<n>` for a channel's entries, `s<n>` for a server's, `p<n>` for a persona file's. */
  id: string;
  keys: string[];
  text: string;
  /** Only these personas get it; absent: every persona. */
  personaIds?: string[];
  /** Higher first when the budget cannot hold every match. @defaultValue 0 */
  priority?: number;
}

export type NewLoreEntry = Omit<LoreEntry, 'id'>;

/** Tokens of lore one turn carries at most, unless the deployment says otherwise. */
export const DEFAULT_LORE_BUDGET_TOKENS = 300;

/** How many of the newest lines are searched for keys: what the scene is about right now. */
export const LORE_SCAN_LINES = 8;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/** A test for one key: substring for CJK keys, whole word (any case, any run of spaces) otherwise. */
export function keyMatcher(key: string): (text: string) => boolean {
  const trimmed = key.trim();
  if (trimmed === '') return () => false;
  if (CJK.test(trimmed)) {
    const needle = trimmed.toLocaleLowerCase();
    return (text) => text.toLocaleLowerCase().includes(needle);
  }
  const body = escapeRegExp(trimmed).replace(/\s+/gu, '\\s+');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu');
  return (text) => pattern.test(text);
}

export interface LoreSelection {
  /** The chosen entries' texts, highest priority (then most recently triggered) first. */
  texts: string[];
  /** Their ids, in the same order. */
  ids: string[];
}

/**
 * The lore for `personaId`'s turn: entries meant for it whose keys appear in the newest
 * `LORE_SCAN_LINES` lines, ordered by priority, then by how recent the line that triggered them is,
 * then as given; taken in that order while they fit `budgetTokens` (one that does not fit is skipped,
 * a smaller one after it may still fit). The same text from two sources is taken once.
 */
export function selectLore(
  entries: readonly LoreEntry[],
  lines: readonly Pick<Line, 'text'>[],
  options: { personaId: string; budgetTokens: number; scanLines?: number },
): LoreSelection {
  const recent = lines.slice(-(options.scanLines ?? LORE_SCAN_LINES));
  const matches: Array<{ entry: LoreEntry; order: number; recency: number }> = [];
  entries.forEach((entry, order) => {
    if (entry.personaIds && entry.personaIds.length > 0 && !entry.personaIds.includes(options.personaId)) {
      return;
    }
    const tests = entry.keys.map(keyMatcher);
    for (let i = recent.length - 1; i >= 0; i--) {
      const text = recent[i]!.text;
      if (tests.some((test) => test(text))) {
        matches.push({ entry, order, recency: i });
        return;
      }
    }
  });
  matches.sort(
    (a, b) => (b.entry.priority ?? 0) - (a.entry.priority ?? 0) || b.recency - a.recency || a.order - b.order,
  );

  const texts: string[] = [];
  const ids: string[] = [];
  let used = 0;
  for (const { entry } of matches) {
    const text = entry.text.trim();
    if (text === '' || texts.includes(text)) continue;
    const cost = estimateTokens(text);
    if (used + cost > options.budgetTokens) continue;
    used += cost;
    texts.push(text);
    ids.push(entry.id);
  }
  return { texts, ids };
}
