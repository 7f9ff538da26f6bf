// A sentence for a person, as a value: a key into the message catalogues (src/i18n/locales/*.json) and
// the values it interpolates. The core says *what* to tell ("that persona is not in the cast"); the
// adapter at the edge (a slash command, the playground) turns it into the reader's language. So the core
// knows no language and no i18n library, and a refusal stays a plain value a test can compare.
import type en from '../i18n/locales/en.json';

/** Plural forms live in the catalogues as `key_one`, `key_other`…; code names the key without them. */
type PluralSuffix = '_zero' | '_one' | '_two' | '_few' | '_many' | '_other';
type WithoutPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? WithoutPlural<`${Prefix}${K}`>
    : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key the English catalogue defines (the other catalogues are checked to match it). */
export type MessageKey = Paths<typeof en>;

/**
 * A value a message interpolates: numbers are formatted for the reader (Intl), lists joined in their
 * language (`{{names, list}}`, `{{keys, join}}`, `{{rows, lines}}`), and a Text (or a list of them) is
 * read in the same language as the message around it.
 */
export type TextParam = string | number | readonly string[] | Text | readonly Text[];

export interface Text {
  key: MessageKey;
  params?: Readonly<Record<string, TextParam>>;
  /** Intl options per parameter, e.g. `{ cost: { currency: 'CNY' } }` for a `{{cost, currency}}`. */
  formats?: Readonly<Record<string, Intl.NumberFormatOptions>>;
}

export function text(key: MessageKey, params?: Text['params'], formats?: Text['formats']): Text {
  return { key, ...(params ? { params } : {}), ...(formats ? { formats } : {}) };
}

/** Several Texts as one message, one a line (a list, a header and its rows). */
export function lines(...parts: readonly Text[]): Text {
  return text('common.lines', { lines: parts });
}

/** Several sentences as one message, spaced as the reader's language spaces them. */
export function sentences(...parts: readonly Text[]): Text {
  return text('common.sentences', { sentences: parts });
}

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && 'key' in value && typeof value.key === 'string';
}

/**
 * What a result shows its reader: always a Text, translated at the edge, so no English sentence can
 * reach a member who reads another language (what people wrote travels as a Text's values; several
 * Texts as one message are `lines(…)`).
 */
export type Message = Text;
