// A card's `character_book` (V2/V3 spec; SillyTavern's World Info exported into a card) → the persona's
// lore, keeping what decides when an entry fires: keys, secondary keys with `selective` and the logic
// between them, `constant`, `enabled`, `insertion_order`, `priority`, `case_sensitive`. What Troupe does
// not do (regex keys, recursion, probability, timed effects, positions and depths) is reported.
import { MAX_PERSONA_LORE_TEXT_CHARS, type PersonaLore, type SelectiveLogic } from '../core/persona.js';
import { fitPrefix } from '../core/shorten.js';
import { text, type Text } from '../core/text.js';

/** The persona schema's priority range; card priorities are unbounded integers. */
const PRIORITY_RANGE = { min: -100, max: 100 } as const;

/** SillyTavern's numbers for `selectiveLogic` (world-info.js `world_info_logic`). */
const LOGIC_BY_NUMBER: readonly SelectiveLogic[] = ['andAny', 'notAll', 'notAny', 'andAll'];

export interface CardLorebook {
  lore: PersonaLore[];
  /** Sentences for whoever imported the card: what came over, and what did not. */
  notes: Text[];
}

type TextFilter = (text: string) => string;

/**
 * Maps the lorebook. `clean` fills macros and strips markup from an entry's text. Entries with no text
 * are dropped (nothing to say); every other entry is kept, including switched-off and keyless ones.
 */
export function lorebookToLore(book: unknown, clean: TextFilter): CardLorebook {
  if (!isRecord(book) || !Array.isArray(book.entries)) return { lore: [], notes: [] };
  const lore: PersonaLore[] = [];
  const keyless: string[] = [];
  let empty = 0;
  let regexKeys = 0;
  let cut = 0;
  for (const [index, raw] of book.entries.entries()) {
    if (!isRecord(raw)) continue;
    const extensions = isRecord(raw.extensions) ? raw.extensions : {};
    let text = clean(typeof raw.content === 'string' ? raw.content : '');
    if (text === '') {
      empty++;
      continue;
    }
    if (text.length > MAX_PERSONA_LORE_TEXT_CHARS) {
      text = fitPrefix(text, MAX_PERSONA_LORE_TEXT_CHARS).trim();
      cut++;
    }
    const keys = stringList(raw.keys);
    const selective = raw.selective === true || extensions.selective === true;
    const secondaryKeys = selective ? stringList(raw.secondary_keys) : [];
    if (raw.use_regex === true || [...keys, ...secondaryKeys].some((key) => /^\/.+\/[a-z]*$/u.test(key))) {
      regexKeys++;
    }
    const name = firstText(raw.name, raw.comment);
    const constant = raw.constant === true;
    if (keys.length === 0 && !constant) keyless.push(name ? `"${name}"` : `#${index + 1}`);
    const logic = selectiveLogic(
      raw.selective_logic ?? extensions.selectiveLogic ?? extensions.selective_logic,
    );
    const priority = integer(raw.priority);
    const order = integer(raw.insertion_order);
    const caseSensitive = raw.case_sensitive ?? extensions.case_sensitive;
    lore.push({
      keys,
      text,
      ...(priority === undefined ? {} : { priority: clamp(priority, PRIORITY_RANGE) }),
      ...(name ? { name } : {}),
      ...(secondaryKeys.length > 0 ? { secondaryKeys } : {}),
      ...(secondaryKeys.length > 0 && logic && logic !== 'andAny' ? { selectiveLogic: logic } : {}),
      ...(constant ? { constant } : {}),
      ...(raw.enabled === false ? { enabled: false } : {}),
      ...(order === undefined ? {} : { order }),
      ...(caseSensitive === true ? { caseSensitive: true } : {}),
    });
  }

  const notes: Text[] = [];
  if (lore.length > 0) {
    const constant = lore.filter((entry) => entry.constant).length;
    const off = lore.filter((entry) => entry.enabled === false).length;
    const details = [
      ...(constant ? [text('cardNotes.constant', { n: constant })] : []),
      ...(off ? [text('cardNotes.switchedOff', { n: off })] : []),
    ];
    notes.push(
      text('cardNotes.lorebook', {
        count: lore.length,
        details: details.length ? text('cardNotes.lorebookDetails', { details }) : '',
      }),
    );
  }
  if (keyless.length > 0) notes.push(text('cardNotes.keyless', { names: keyless }));
  if (empty > 0) notes.push(text('cardNotes.emptyEntries', { n: empty }));
  if (regexKeys > 0) notes.push(text('cardNotes.regexKeys', { n: regexKeys }));
  if (cut > 0) notes.push(text('cardNotes.cut', { max: MAX_PERSONA_LORE_TEXT_CHARS, n: cut }));
  if (integer(book.token_budget) !== undefined || integer(book.scan_depth) !== undefined) {
    notes.push(text('cardNotes.budget'));
  }
  return { lore, notes };
}

function selectiveLogic(value: unknown): SelectiveLogic | undefined {
  if (typeof value === 'number') return LOGIC_BY_NUMBER[value];
  if (typeof value !== 'string') return undefined;
  const compact = value.toLowerCase().replace(/[^a-z]/gu, '');
  return LOGIC_BY_NUMBER.find((logic) => logic.toLowerCase() === compact);
}

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return [
    ...new Set(list.filter((key): key is string => typeof key === 'string').map((key) => key.trim())),
  ].filter((key) => key !== '');
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? Math.round(number) : undefined;
}

function clamp(value: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
