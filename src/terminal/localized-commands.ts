// The playground's commands under the Discord names of its language too: with LOCALE=zh-CN, `/阵容 加入
// 凌路` is `/cast add 凌路` and `/重置` is `/reset`, so what a Chinese or Japanese reader sees in Troupe's
// messages (which name the Discord commands) can be typed here. The names come from the catalogues'
// `commands` sections; an English command stays as typed.
import { resolveLocale } from '../i18n/i18n.js';
import { commandEntry, type CommandEntry } from '../i18n/localize-commands.js';

/** Discord commands whose playground command has another name. */
const PLAYGROUND_NAME: Readonly<Record<string, string>> = { turns: 'mode' };

/** Discord commands the playground has (the others need a server: personas, channel switches, characters). */
const PLAYGROUND_COMMANDS = [
  'cast',
  'turns',
  'silence',
  'mute',
  'unmute',
  'pause',
  'resume',
  'nudge',
  'reset',
  'alternatives',
  'regenerate',
  'scene',
  'lore',
  'memory',
  'usage',
  'budget',
  'failures',
] as const;

const same = (a: string, b: string | undefined) =>
  b !== undefined && a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** The English key of the option (or choice) `word` names in `entry`, if any. */
function englishOption(entry: CommandEntry, word: string): string | undefined {
  for (const [key, option] of Object.entries(entry.options ?? {})) {
    if (same(word, option.name)) return key;
    for (const [value, name] of Object.entries(option.choices ?? {})) if (same(word, name)) return value;
  }
  return undefined;
}

/** `input` ("/阵容 加入 凌路") with a localized command and sub-command name put back in English. */
export function playgroundCommandLine(locale: string, input: string): string {
  const lang = resolveLocale(locale);
  if (lang === 'en') return input;
  const [first = '', second, ...rest] = input.trim().slice(1).split(/\s+/u);
  for (const name of PLAYGROUND_COMMANDS) {
    const entry = commandEntry(lang, name);
    if (!entry || !same(first, entry.name)) continue;
    const sub = second === undefined ? undefined : (englishOption(entry, second) ?? second);
    return `/${[PLAYGROUND_NAME[name] ?? name, ...(sub === undefined ? [] : [sub]), ...rest].join(' ')}`;
  }
  return input;
}
