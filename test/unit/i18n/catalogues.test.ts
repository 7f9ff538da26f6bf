// GIVEN the message catalogues THEN each language has exactly the English keys (plural forms as its
// own plural rules need them), with the same interpolation variables, and every message translates.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, resolveLocale, t, translate } from '../../../src/i18n/i18n.js';
import { text } from '../../../src/core/text.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every message as `dotted.key` → text; the `commands` section is checked against the definitions instead. */
function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (prefix === '' && key === 'commands') continue;
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

interface Message {
  /** Plural categories present (`''` for a key without plural forms). */
  forms: Set<string>;
  variables: Set<string>;
}

function messages(locale: (typeof LOCALES)[number]): Map<string, Message> {
  const out = new Map<string, Message>();
  for (const [key, value] of flatten(CATALOGUES[locale])) {
    const base = key.replace(PLURAL, '');
    const message = out.get(base) ?? { forms: new Set<string>(), variables: new Set<string>() };
    message.forms.add(PLURAL.exec(key)?.[1] ?? '');
    for (const match of value.matchAll(/\{\{\s*([^,}\s]+)/g)) message.variables.add(match[1]!);
    out.set(base, message);
  }
  return out;
}

const english = messages('en');

describe.each(LOCALES.filter((l) => l !== 'en'))('the %s catalogue', (locale) => {
  const own = messages(locale);
  const pluralCategories = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);

  it('has every key of the English catalogue and no other', () => {
    expect([...own.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !own.has(k))).toEqual([]);
  });

  it("has each plural message in exactly its language's plural forms", () => {
    for (const [key, message] of english) {
      const forms = own.get(key)?.forms;
      if (!forms) continue;
      const expected = message.forms.has('') ? new Set(['']) : pluralCategories;
      expect([...forms].sort(), key).toEqual([...expected].sort());
    }
  });

  it('interpolates the same variables as English', () => {
    for (const [key, message] of english) {
      const variables = own.get(key)?.variables;
      if (variables) expect([...variables].sort(), key).toEqual([...message.variables].sort());
    }
  });
});

describe('the English catalogue', () => {
  it('has one and other forms wherever it has plurals', () => {
    for (const [key, message] of english) {
      if (!message.forms.has('')) expect([...message.forms].sort(), key).toEqual(['one', 'other']);
    }
  });
});

describe('translating', () => {
  it('GIVEN a Discord locale THEN Troupe reads the matching catalogue, and English for any other', () => {
    expect(resolveLocale('zh-CN')).toBe('zh-CN');
    expect(resolveLocale('zh-TW')).toBe('zh-TW');
    expect(resolveLocale('ja')).toBe('ja');
    expect(resolveLocale('ja_JP.UTF-8')).toBe('ja');
    expect(resolveLocale('zh-HK')).toBe('zh-TW');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('fr')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('GIVEN a key THEN each language says it in its own words, and an unknown locale in English', () => {
    const en = t('en-US', 'admin.refusal');
    expect(en).toContain('Manage Server');
    expect(t('zh-CN', 'admin.refusal')).toContain('管理服务器');
    expect(t('zh-TW', 'admin.refusal')).toContain('管理伺服器');
    expect(t('ja', 'admin.refusal')).toContain('サーバー管理');
    expect(t('pt-BR', 'admin.refusal')).toBe(en);
    expect(translate('ko', text('router.guildOnly'))).toBe(t('en', 'router.guildOnly'));
  });
});
