// The playground's typed commands (`/cast add ling-lu`, `/mode pooled`, …), parsed into calls on the
// core's channel operations and capabilities (playground-capabilities.ts). The same operations back
// Discord's slash commands.
import {
  addToCast,
  nudge,
  removeFromCast,
  resetChannel,
  setMuted,
  setPaused,
  setSilence,
  setStrategy,
  type AdminResult,
} from '../core/channel-admin.js';
import { STRATEGIES, type Strategy } from '../core/channel-settings.js';
import type { CoreDeps } from '../core/deps.js';
import { text, type Text } from '../core/text.js';
import { playgroundCommandLine } from './localized-commands.js';
import { runCapabilityCommand, usage } from './playground-capabilities.js';

const MODES = { modes: STRATEGIES.join('|') };

/** Every command and how it is typed, in the playground's language. */
export const PLAYGROUND_HELP: Text = text('playground.help', {
  cast: text('playground.syntax.cast'),
  mode: text('playground.syntax.mode', MODES),
  silence: text('playground.syntax.silence'),
  scene: text('playground.syntax.scene'),
  lore: text('playground.syntax.lore'),
  memory: text('playground.syntax.memory'),
});

const ok = (message: Text): AdminResult => ({ ok: true, message });

/**
 * Runs one typed command (English, or the Discord command names of `locale`); `quit` asks the caller
 * to stop.
 */
export async function runPlaygroundCommand(
  deps: CoreDeps,
  channelId: string,
  input: string,
  locale = 'en',
): Promise<AdminResult & { quit?: boolean }> {
  const [command = '', ...args] = playgroundCommandLine(locale, input).trim().slice(1).split(/\s+/);
  const rest = args.join(' ');
  switch (command.toLowerCase()) {
    case 'help':
      return ok(PLAYGROUND_HELP);
    case 'quit':
    case 'exit':
      return { ...ok(text('playground.bye')), quit: true };
    case 'cast':
      return castCommand(deps, channelId, args);
    case 'mode':
      if (!STRATEGIES.includes(rest as Strategy)) return usage('playground.syntax.mode', MODES);
      return setStrategy(deps, channelId, rest as Strategy);
    case 'silence': {
      if (args[0] === 'off') return setSilence(deps, channelId, undefined);
      const seconds = Number(args[0]);
      const max = args[1] === undefined ? undefined : Number(args[1]);
      if (
        !Number.isFinite(seconds) ||
        seconds <= 0 ||
        (max !== undefined && !(Number.isInteger(max) && max >= 0))
      ) {
        return usage('playground.syntax.silence');
      }
      return setSilence(deps, channelId, Math.round(seconds * 1000), max);
    }
    case 'mute':
    case 'unmute':
      if (!rest) return usage('playground.syntax.persona', { command });
      return setMuted(deps, channelId, rest, command === 'mute');
    case 'pause':
      return setPaused(deps, channelId, true);
    case 'resume':
      return setPaused(deps, channelId, false);
    case 'nudge':
      if (!rest) return usage('playground.syntax.persona', { command: 'nudge' });
      return nudge(deps, channelId, rest);
    case 'reset':
      return resetChannel(deps, channelId);
    default: {
      const result = await runCapabilityCommand(deps, channelId, command.toLowerCase(), args);
      return result ?? { ok: false, message: text('playground.unknownCommand', { command }) };
    }
  }
}

/** `knows:everything` after the name: the persona knows what was said before it joined. */
const KNOWS_EVERYTHING = /^knows:everything$/i;

async function castCommand(deps: CoreDeps, channelId: string, args: string[]): Promise<AdminResult> {
  const [sub, ...nameParts] = args;
  const knowsEverything = sub === 'add' && KNOWS_EVERYTHING.test(nameParts.at(-1) ?? '');
  const name = (knowsEverything ? nameParts.slice(0, -1) : nameParts).join(' ');
  if (sub === 'add' && name) return addToCast(deps, channelId, name, { knowsEverything });
  if (sub === 'remove' && name) return removeFromCast(deps, channelId, name);
  if (sub === 'list' || sub === undefined) {
    const settings = await deps.settings.get(channelId);
    const all = await deps.personas.list({ guildId: settings.guildId });
    const rows = settings.cast.map((id) =>
      text(settings.muted.includes(id) ? 'playground.cast.rowMuted' : 'playground.cast.row', {
        name: all.find((p) => p.id === id)?.name ?? id,
        id,
      }),
    );
    const others = all
      .filter((p) => !settings.cast.includes(p.id))
      .map((p) => text('playground.cast.other', { name: p.name, id: p.id }));
    return ok(
      text('playground.cast.list', {
        strategy: text(`turns.strategy.${settings.strategy}`),
        rows: rows.length ? rows : [text('playground.cast.nobody')],
        others: others.length ? text('common.enumeration', { items: others }) : text('common.none'),
      }),
    );
  }
  return usage('playground.syntax.cast');
}
