// Troupe in its players' languages: one i18next instance over the message catalogues (locales/*.json),
// and the one function every adapter calls to show a Text (src/core/text.ts) to a reader. Discord says
// who reads in which language (`interaction.locale`, a server's `preferred_locale`); anything Troupe has
// no catalogue for reads English. Numbers, money and lists are formatted by the platform (Intl) in the
// reader's language through i18next's built-in formatters (`{{n, number}}`, `{{cost, currency}}`,
// `{{names, list}}`), and plurals follow Intl.PluralRules (`key_one` / `key_other`). Three formatters of
// our own: `{{keys, join}}` for a plain enumeration (keys, ids: "a, b" / "a、b", no "and"),
// `{{rows, lines}}` for one item a line, and `{{sentences, sentences}}` for sentences one after another
// (a space between them in English, none in Chinese or Japanese).
import i18next from 'i18next';
import type { Message, MessageKey, Text, TextParam } from '../core/text.js';
import { isText } from '../core/text.js';
import en from './locales/en.json' with { type: 'json' };
import ja from './locales/ja.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import zhTW from './locales/zh-TW.json' with { type: 'json' };

/** The languages Troupe speaks; the first is the fallback. Discord's locale codes. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const FALLBACK_LOCALE: AppLocale = 'en';

/** Each catalogue as written: messages, plus (outside English) the `commands` localizations. */
export const CATALOGUES: Readonly<Record<AppLocale, Record<string, unknown>>> = {
  en,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
  ja,
};

/**
 * The Troupe language for a Discord locale (`en-US`, `zh-CN`, `ja`, …) or a POSIX one (`ja_JP.UTF-8`):
 * an exact match, else the same language and region, else English. Chinese without a region reads
 * Simplified; `zh-HK`/`zh-MO` read Traditional.
 */
export function resolveLocale(locale: string | null | undefined): AppLocale {
  if (!locale) return FALLBACK_LOCALE;
  const tag = locale.split('.')[0]!.replace('_', '-');
  const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const [language = '', region = ''] = tag.toLowerCase().split('-');
  if (language === 'zh') return ['tw', 'hk', 'mo', 'hant'].includes(region) ? 'zh-TW' : 'zh-CN';
  if (language === 'ja') return 'ja';
  return FALLBACK_LOCALE;
}

const instance = i18next.createInstance();
void instance.init({
  // Synchronous: the catalogues are bundled, so t() works as soon as this module is loaded.
  initAsync: false,
  resources: Object.fromEntries(
    LOCALES.map((locale) => [locale, { translation: withoutCommands(CATALOGUES[locale]) }]),
  ),
  lng: FALLBACK_LOCALE,
  fallbackLng: FALLBACK_LOCALE,
  supportedLngs: [...LOCALES],
  // Discord text, not HTML: a persona called "<Mia>" stays "<Mia>".
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** What separates a plain enumeration, and sentences, in each language. */
const ENUMERATION_SEPARATOR: Readonly<Record<AppLocale, string>> = {
  en: ', ',
  'zh-CN': '、',
  'zh-TW': '、',
  ja: '、',
};
const SENTENCE_SEPARATOR: Readonly<Record<AppLocale, string>> = { en: ' ', 'zh-CN': '', 'zh-TW': '', ja: '' };

/** A formatter joining a list with a separator that depends on the language. */
const joinWith =
  (separator: (locale: AppLocale) => string) =>
  (value: unknown, lng: string | undefined): string =>
    Array.isArray(value) ? value.join(separator(resolveLocale(lng))) : String(value);

const formatter = instance.services.formatter!;
formatter.add(
  'join',
  joinWith((locale) => ENUMERATION_SEPARATOR[locale]),
);
formatter.add(
  'sentences',
  joinWith((locale) => SENTENCE_SEPARATOR[locale]),
);
formatter.add(
  'lines',
  joinWith(() => '\n'),
);

/** Command localizations are read by localize-commands.ts, not looked up as messages. */
function withoutCommands(catalogue: Record<string, unknown>): Record<string, unknown> {
  const { commands: _commands, ...messages } = catalogue;
  return messages;
}

/** One message in `locale` (any Discord or POSIX locale; unknown ones read English). */
export function t(
  locale: string | null | undefined,
  key: MessageKey,
  params?: Text['params'],
  formats?: Text['formats'],
): string {
  const lng = resolveLocale(locale);
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params ?? {})) values[name] = paramValue(lng, value);
  return instance.t(key, { ...values, lng, ...(formats ? { formatParams: formats } : {}) });
}

/** Whether `key` names a message of the English catalogue (a schema's custom message may be one). */
export function isMessageKey(key: string | undefined): key is MessageKey {
  return key !== undefined && /^[\w.-]+$/u.test(key) && instance.exists(key, { lng: FALLBACK_LOCALE });
}

/** A message (a Text) in `locale`. */
export function translate(locale: string | null | undefined, message: Message): string {
  return t(locale, message.key, message.params, message.formats);
}

/** A translator bound to one reader's locale, for handlers that say several things. */
export function translatorFor(locale: string | null | undefined) {
  return (key: MessageKey, params?: Text['params'], formats?: Text['formats']): string =>
    t(locale, key, params, formats);
}

function paramValue(lng: AppLocale, value: TextParam): unknown {
  // A nested Text (a reason inside a refusal, a row of a list) reads in the same language.
  if (isText(value)) return translate(lng, value);
  if (Array.isArray(value))
    return value.map((item: string | Text) => (isText(item) ? translate(lng, item) : item));
  return value;
}
