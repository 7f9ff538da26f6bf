// Discord shows a slash command in the member's client language when its definition carries
// `name_localizations` and `description_localizations` (on the command, every option and sub-command)
// and choices carry `name_localizations`. The English definitions in commands/ stay the source; each
// other catalogue's `commands` section mirrors their shape, keyed by the English names (and choice
// values), and is laid over them here, once, before deployment. Interactions still arrive with the
// English names, so handlers never see a translated name.
import type {
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { CATALOGUES, FALLBACK_LOCALE, LOCALES, type AppLocale } from './i18n.js';

/** One command, option or sub-command in a catalogue's `commands` section. */
export interface CommandEntry {
  name?: string;
  description?: string;
  options?: Record<string, CommandEntry>;
  /** Choice names by choice value. */
  choices?: Record<string, string>;
}

/** The languages command definitions are localized into (English is the definition itself). */
export const COMMAND_LOCALES = LOCALES.filter((l): l is Exclude<AppLocale, 'en'> => l !== FALLBACK_LOCALE);

export function commandEntry(locale: AppLocale, name: string): CommandEntry | undefined {
  const commands = CATALOGUES[locale].commands as Record<string, CommandEntry> | undefined;
  return commands?.[name];
}

type Localizable = {
  name: string;
  description?: string;
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
};

function withLocalizations<T extends Localizable>(item: T, entries: Map<AppLocale, CommandEntry>): T {
  const names: Record<string, string> = { ...(item.name_localizations ?? {}) } as Record<string, string>;
  const descriptions = { ...(item.description_localizations ?? {}) } as Record<string, string>;
  for (const [locale, entry] of entries) {
    if (entry.name) names[locale] = entry.name;
    if (entry.description) descriptions[locale] = entry.description;
  }
  return {
    ...item,
    ...(Object.keys(names).length ? { name_localizations: names } : {}),
    ...(item.description !== undefined && Object.keys(descriptions).length
      ? { description_localizations: descriptions }
      : {}),
  };
}

function childEntries(entries: Map<AppLocale, CommandEntry>, name: string): Map<AppLocale, CommandEntry> {
  const children = new Map<AppLocale, CommandEntry>();
  for (const [locale, entry] of entries) {
    const child = entry.options?.[name];
    if (child) children.set(locale, child);
  }
  return children;
}

function localizeChoice(
  choice: APIApplicationCommandOptionChoice,
  entries: Map<AppLocale, CommandEntry>,
): APIApplicationCommandOptionChoice {
  const names = { ...(choice.name_localizations ?? {}) } as Record<string, string>;
  for (const [locale, entry] of entries) {
    const name = entry.choices?.[String(choice.value)];
    if (name) names[locale] = name;
  }
  return Object.keys(names).length ? { ...choice, name_localizations: names } : choice;
}

function localizeOption(
  option: APIApplicationCommandOption,
  entries: Map<AppLocale, CommandEntry>,
): APIApplicationCommandOption {
  const localized = withLocalizations(option, entries) as APIApplicationCommandOption & {
    options?: APIApplicationCommandOption[];
    choices?: APIApplicationCommandOptionChoice[];
  };
  if (localized.options) {
    localized.options = localized.options.map((child) =>
      localizeOption(child, childEntries(entries, child.name)),
    );
  }
  if (localized.choices) localized.choices = localized.choices.map((c) => localizeChoice(c, entries));
  return localized;
}

/** The definition with every localization the catalogues have for it. */
export function localizeCommand(
  data: RESTPostAPIChatInputApplicationCommandsJSONBody,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const entries = new Map<AppLocale, CommandEntry>();
  for (const locale of COMMAND_LOCALES) {
    const entry = commandEntry(locale, data.name);
    if (entry) entries.set(locale, entry);
  }
  const localized = withLocalizations(data, entries);
  return {
    ...localized,
    ...(data.options
      ? { options: data.options.map((o) => localizeOption(o, childEntries(entries, o.name))) }
      : {}),
  };
}
