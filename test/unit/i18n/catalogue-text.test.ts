// GIVEN every message of every catalogue THEN it reads whole with values of the kinds it formats (no
// `{{…}}` left, plural forms for one and many), a command it names is that language's name of a real
// command, sub-command or option, and what people wrote stays exactly as written.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { text, type MessageKey } from '../../../src/core/text.js';
import { CATALOGUES, LOCALES, t, translate, type AppLocale } from '../../../src/i18n/i18n.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([^,}\s]+)\s*(?:,\s*([a-z]+))?[^}]*\}\}/g;

/** Every message as `dotted.key` → text, without the `commands` section. */
function messages(locale: AppLocale): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (tree: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      if (prefix === '' && key === 'commands') continue;
      if (typeof value === 'string') out.set(`${prefix}${key}`, value);
      else walk(value as Record<string, unknown>, `${prefix}${key}.`);
    }
  };
  walk(CATALOGUES[locale], '');
  return out;
}

/** A value of the kind each variable's format takes. */
function sampleParams(template: string): Record<string, string | number | string[]> {
  const params: Record<string, string | number | string[]> = {};
  for (const [, name, format] of template.matchAll(VARIABLE)) {
    if (name === 'count') params[name] = 2;
    else if (format === 'number' || format === 'currency') params[name!] = 3;
    else if (format === 'datetime') params[name!] = Date.UTC(2025, 0, 2, 13, 4, 5);
    else if (format) params[name!] = ['alpha', 'beta'];
    else params[name!] = `⟨${name}⟩`;
  }
  return params;
}

describe.each(LOCALES)('every %s message', (locale) => {
  const own = messages(locale);

  it('reads whole with values of the kinds it formats, in one and many', () => {
    for (const [key, template] of own) {
      const base = key.replace(PLURAL, '') as MessageKey;
      const params = sampleParams(template);
      const formats = { amount: { currency: 'USD' } };
      for (const count of PLURAL.test(key) || 'count' in params ? [1, 2] : [undefined]) {
        const shown = t(locale, base, count === undefined ? params : { ...params, count }, formats);
        expect(shown, key).not.toMatch(/\{\{|\}\}/);
        expect(shown, key).not.toBe(base);
        expect(shown, key).not.toContain('NaN');
      }
    }
  });

  it('names only commands, sub-commands and options that exist, as that language calls them', () => {
    const names = new Map<string, Set<string>>();
    for (const command of COMMANDS) {
      const data = command.data;
      const nameIn = (item: { name: string; name_localizations?: Record<string, string | null> | null }) =>
        locale === 'en' ? item.name : (item.name_localizations?.[locale] ?? item.name);
      const children = new Set<string>();
      const collect = (options: typeof data.options) => {
        for (const option of options ?? []) {
          children.add(nameIn(option));
          if ('options' in option) collect(option.options);
        }
      };
      collect(data.options);
      names.set(nameIn(data), children);
    }
    const mentions: string[] = [];
    for (const [key, template] of own) {
      // The playground's help and usage name its own typed commands, which are English everywhere.
      if (key.startsWith('playground.')) continue;
      for (const [, mention] of template.matchAll(
        /(?:^|[\s`(（「“])\/([^\s`/][^`\n]*?)(?=`|[\s。，、；;.,）)]|$)/gu,
      )) {
        const [command = '', sub] = mention!.split(/\s+/u);
        const children = names.get(command);
        if (!children) mentions.push(`${key}: /${command}`);
        else if (sub !== undefined && !children.has(sub.replace(/:.*$/u, ''))) {
          mentions.push(`${key}: /${command} ${sub}`);
        }
      }
    }
    expect(mentions).toEqual([]);
  });
});

describe('what people wrote', () => {
  it('GIVEN a name imitating interpolation, nesting or markup THEN it is shown exactly as written', () => {
    const hostile = '{{query}} $t(router.failure) <b>&amp;</b> {{count}}';
    for (const locale of LOCALES) {
      const shown = translate(locale, text('persona.notFound', { query: hostile }));
      expect(shown, locale).toContain(hostile);
      expect(translate(locale, text('cast.joined', { name: hostile }))).toContain(hostile);
    }
  });

  it('GIVEN a nested Text THEN it reads in the language of the message around it', () => {
    const reason = text('failures.reason.timeout');
    const row = text('failures.line', {
      at: '2025-01-02 13:04:05',
      persona: 'ling-lu',
      code: 'timeout',
      reason,
    });
    expect(translate('ja', row)).toContain('API が時間内に応答しなかった');
    expect(translate('zh-TW', row)).toContain('API 沒有及時回應');
  });

  it('GIVEN a plural in Japanese or Chinese THEN the one form serves every count; English says one and many', () => {
    expect(t('en', 'alternatives.offered', { count: 1, name: 'Mia', list: ['1. a'] })).toMatch(
      /^1 alternative /,
    );
    expect(t('en', 'alternatives.offered', { count: 2, name: 'Mia', list: ['1. a'] })).toMatch(
      /^2 alternatives /,
    );
    expect(t('ja', 'alternatives.offered', { count: 1, name: 'Mia', list: ['1. a'] })).toMatch(/候補（1件）/);
    expect(t('zh-CN', 'alternatives.offered', { count: 3, name: 'Mia', list: ['1. a'] })).toMatch(/3 个备选/);
  });
});
