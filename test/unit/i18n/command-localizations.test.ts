// GIVEN the slash command definitions as deployed THEN each passes Discord's rules with its
// localizations, every command, sub-command, option and choice has a name and description in every
// language Troupe speaks, and no catalogue localizes something that does not exist.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { commandChars, commandProblems, MAX_COMMAND_CHARS } from '../../../src/discord/command-rules.js';
import { commandEntry, COMMAND_LOCALES, type CommandEntry } from '../../../src/i18n/localize-commands.js';
import { CATALOGUES } from '../../../src/i18n/i18n.js';

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
  options?: Node[];
  choices?: {
    name: string;
    value: string | number;
    name_localizations?: Record<string, string | null> | null;
  }[];
}

/** Paths of every name, description and choice name the definition has that `locale` leaves English. */
function missing(node: Node, locale: string, path: string): string[] {
  const out: string[] = [];
  if (!node.name_localizations?.[locale]) out.push(`${path} name`);
  if (node.description !== undefined && !node.description_localizations?.[locale])
    out.push(`${path} description`);
  for (const choice of node.choices ?? []) {
    if (!choice.name_localizations?.[locale]) out.push(`${path} choice ${choice.value}`);
  }
  for (const option of node.options ?? []) out.push(...missing(option, locale, `${path} ${option.name}`));
  return out;
}

/** Paths in a catalogue entry that name no option or choice of the definition. */
function extra(entry: CommandEntry, node: Node, path: string): string[] {
  const out: string[] = [];
  for (const [name, child] of Object.entries(entry.options ?? {})) {
    const option = node.options?.find((o) => o.name === name);
    if (!option) out.push(`${path} ${name}`);
    else out.push(...extra(child, option, `${path} ${name}`));
  }
  for (const value of Object.keys(entry.choices ?? {})) {
    if (!node.choices?.some((c) => String(c.value) === value)) out.push(`${path} choice ${value}`);
  }
  return out;
}

describe('slash command definitions', () => {
  it.each(COMMANDS.map((c) => [c.data.name, c.data] as const))("/%s passes Discord's rules", (_, data) => {
    expect(commandProblems(data)).toEqual([]);
    expect(commandChars(data)).toBeLessThanOrEqual(MAX_COMMAND_CHARS);
  });

  describe.each(COMMAND_LOCALES)('in %s', (locale) => {
    it('localizes every command, sub-command, option and choice', () => {
      const gaps = COMMANDS.flatMap((c) => missing(c.data as Node, locale, `/${c.data.name}`));
      expect(gaps).toEqual([]);
    });

    it('localizes nothing that is not defined', () => {
      const commands = (CATALOGUES[locale].commands ?? {}) as Record<string, CommandEntry>;
      const unknown = Object.keys(commands).filter((name) => !COMMANDS.some((c) => c.data.name === name));
      expect(unknown).toEqual([]);
      const stale = COMMANDS.flatMap((c) => {
        const entry = commandEntry(locale, c.data.name);
        return entry ? extra(entry, c.data as Node, `/${c.data.name}`) : [];
      });
      expect(stale).toEqual([]);
    });

    it('gives every command a name of its own', () => {
      const names = COMMANDS.map((c) => c.data.name_localizations?.[locale] ?? c.data.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    });
  });
});

describe('the rules check', () => {
  const base = { name: 'cast', description: 'Who plays' };

  it('GIVEN a localized name with an upper-case letter, a space or an apostrophe THEN it says where', () => {
    expect(commandProblems({ ...base, name_localizations: { ja: 'Cast' } })).toEqual([
      '/cast name (ja) "Cast": must be 1–32 lower-case letters, digits, - or _',
    ]);
    expect(commandProblems({ ...base, name_localizations: { 'zh-CN': '阵 容' } })).toHaveLength(1);
    expect(commandProblems({ ...base, name_localizations: { fr: "l'équipe" } })).toHaveLength(1);
    expect(commandProblems({ ...base, name_localizations: { ja: 'キャラ・一覧' } })).toHaveLength(1);
    expect(commandProblems({ ...base, name_localizations: { ja: 'キャラー覧' } })).toEqual([]);
  });

  it('GIVEN a description over 100 characters or an unknown locale THEN it is refused', () => {
    expect(commandProblems({ ...base, description_localizations: { 'zh-CN': '长'.repeat(101) } })).toEqual([
      '/cast description (zh-CN): 101 characters, must be 1–100',
    ]);
    const unknownLocale = { 'zh-HK': '陣容' } as Record<string, string>;
    expect(commandProblems({ ...base, name_localizations: unknownLocale })).toEqual([
      '/cast: "zh-HK" is not a Discord locale',
    ]);
  });

  it('GIVEN two options with one localized name THEN it is refused', () => {
    const option = (name: string) => ({
      type: 3,
      name,
      description: 'x',
      name_localizations: { ja: '同じ' },
    });
    expect(commandProblems({ ...base, options: [option('a'), option('b')] })).toEqual([
      '/cast: "b" and "a" are both "同じ" in ja',
    ]);
  });

  it('GIVEN localizations THEN only the longest of each field counts toward 4,000 characters', () => {
    const long = 'x'.repeat(90);
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: 3,
      name: `o${i}`,
      description: long,
      description_localizations: { ja: 'y'.repeat(100) },
      choices: Array.from({ length: 25 }, (_, j) => ({ name: `c${j}`, value: `v${j}` })),
    }));
    const chars = commandChars({ ...base, options });
    expect(chars).toBe(4 + 9 + (10 * 2 + 15 * 3) + 25 * (100 + 10 * (2 + 2) + 15 * (3 + 3)));
    expect(commandProblems({ ...base, options })).toContain(
      `/cast: ${chars} characters in all, at most 4000`,
    );
  });
});
