// Discord's rules for a chat-input command definition, localizations included, checked before deploying
// (and by the catalogue tests) so a bad translation fails here with its path, not as a 400 from Discord
// naming only "name_localizations". From Discord's "Application Command Naming" and limits: names
// match NAME_PATTERN in lower case where the script has case, 1–32 characters; descriptions and choice
// names 1–100; at most 25 options and 25 choices per level; localization keys are Discord locales; and
// the name, description and value texts of a command, its options and choices add up to at most 4,000
// characters, counting only the longest localization of each field.
import type {
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { Locale } from 'discord.js';

/**
 * Discord's documented pattern without the apostrophe the docs list: the API rejects `'`
 * (discord/discord-api-docs#7371, #7712).
 */
export const NAME_PATTERN = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const MAX_DESCRIPTION_CHARS = 100;
export const MAX_CHOICE_NAME_CHARS = 100;
export const MAX_OPTIONS = 25;
export const MAX_CHOICES = 25;
export const MAX_COMMAND_CHARS = 4000;

const DISCORD_LOCALES = new Set<string>(Object.values(Locale));

type Localized = {
  name: string;
  description?: string;
  name_localizations?: Partial<Record<string, string | null>> | null;
  description_localizations?: Partial<Record<string, string | null>> | null;
};

type Option = APIApplicationCommandOption & {
  options?: Option[];
  choices?: APIApplicationCommandOptionChoice[];
};

const length = (text: string) => [...text].length;

function variants(base: string, localizations: Localized['name_localizations']): [string, string][] {
  return [
    ['default', base],
    ...Object.entries(localizations ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ];
}

function checkName(path: string, item: Localized, problems: string[]): void {
  for (const [locale, name] of variants(item.name, item.name_localizations)) {
    if (!NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
      problems.push(`${path} name (${locale}) "${name}": must be 1–32 lower-case letters, digits, - or _`);
    }
  }
}

function checkDescription(path: string, item: Localized, problems: string[]): void {
  for (const [locale, description] of variants(item.description ?? '', item.description_localizations)) {
    const n = length(description);
    if (n < 1 || n > MAX_DESCRIPTION_CHARS) {
      problems.push(`${path} description (${locale}): ${n} characters, must be 1–${MAX_DESCRIPTION_CHARS}`);
    }
  }
}

function checkLocaleKeys(path: string, item: Localized, problems: string[]): void {
  for (const key of [
    ...Object.keys(item.name_localizations ?? {}),
    ...Object.keys(item.description_localizations ?? {}),
  ]) {
    if (!DISCORD_LOCALES.has(key)) problems.push(`${path}: "${key}" is not a Discord locale`);
  }
}

/** Sibling names must stay distinct in every language, or Discord cannot tell them apart. */
function checkDistinct(path: string, items: readonly Localized[], problems: string[]): void {
  const locales = new Set(items.flatMap((i) => Object.keys(i.name_localizations ?? {})));
  for (const locale of ['default', ...locales]) {
    const seen = new Map<string, string>();
    for (const item of items) {
      const name = locale === 'default' ? item.name : (item.name_localizations?.[locale] ?? item.name);
      const other = seen.get(name);
      if (other) problems.push(`${path}: "${item.name}" and "${other}" are both "${name}" in ${locale}`);
      seen.set(name, item.name);
    }
  }
}

const longest = (base: string, localizations: Localized['name_localizations']) =>
  Math.max(...variants(base, localizations).map(([, text]) => length(text)));

function optionChars(option: Option): number {
  const own =
    longest(option.name, option.name_localizations) +
    longest(option.description, option.description_localizations);
  const choices = (option.choices ?? []).reduce(
    (sum, c) => sum + longest(c.name, c.name_localizations) + length(String(c.value)),
    0,
  );
  return own + choices + (option.options ?? []).reduce((sum, child) => sum + optionChars(child), 0);
}

/** The characters Discord counts toward MAX_COMMAND_CHARS. */
export function commandChars(command: RESTPostAPIChatInputApplicationCommandsJSONBody): number {
  return (
    longest(command.name, command.name_localizations) +
    longest(command.description ?? '', command.description_localizations) +
    ((command.options ?? []) as Option[]).reduce((sum, option) => sum + optionChars(option), 0)
  );
}

function checkOptions(path: string, options: readonly Option[] | undefined, problems: string[]): void {
  if (!options) return;
  if (options.length > MAX_OPTIONS)
    problems.push(`${path}: ${options.length} options, at most ${MAX_OPTIONS}`);
  checkDistinct(path, options, problems);
  for (const option of options) {
    const at = `${path} ${option.name}`;
    checkName(at, option, problems);
    checkDescription(at, option, problems);
    checkLocaleKeys(at, option, problems);
    const choices = option.choices ?? [];
    if (choices.length > MAX_CHOICES)
      problems.push(`${at}: ${choices.length} choices, at most ${MAX_CHOICES}`);
    for (const choice of choices) {
      for (const [locale, name] of variants(choice.name, choice.name_localizations)) {
        const n = length(name);
        if (n < 1 || n > MAX_CHOICE_NAME_CHARS)
          problems.push(`${at} choice ${String(choice.value)} (${locale}): ${n} characters, must be 1–100`);
      }
      checkLocaleKeys(`${at} choice ${String(choice.value)}`, choice, problems);
    }
    checkOptions(at, option.options, problems);
  }
}

/** Every rule the definition breaks, each with where; empty when Discord would take it. */
export function commandProblems(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  const path = `/${command.name}`;
  checkName(path, command, problems);
  checkDescription(path, command, problems);
  checkLocaleKeys(path, command, problems);
  checkOptions(path, command.options as Option[] | undefined, problems);
  const chars = commandChars(command);
  if (chars > MAX_COMMAND_CHARS)
    problems.push(`${path}: ${chars} characters in all, at most ${MAX_COMMAND_CHARS}`);
  return problems;
}
