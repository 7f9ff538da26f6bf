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
import { CAPABILITY_HELP, runCapabilityCommand } from './playground-capabilities.js';

export const PLAYGROUND_HELP = [
  'Type to speak. Commands:',
  '  /cast add <persona> [knows:everything] | /cast remove <persona> | /cast list',
  `  /mode <${STRATEGIES.join('|')}>`,
  '  /silence <seconds> [max nudges] | /silence off',
  '  /mute <persona> | /unmute <persona> | /pause | /resume',
  '  /nudge <persona>   make a persona speak now',
  '  /reset             forget the history and start new sessions',
  ...CAPABILITY_HELP,
  '  /help | /quit',
].join('\n');

const ok = (message: string): AdminResult => ({ ok: true, message });
const usage = (message: string): AdminResult => ({ ok: false, message: `Usage: ${message}` });

/** Runs one typed command; `quit` asks the caller to stop. */
export async function runPlaygroundCommand(
  deps: CoreDeps,
  channelId: string,
  input: string,
): Promise<AdminResult & { quit?: boolean }> {
  const [command = '', ...args] = input.trim().slice(1).split(/\s+/);
  const rest = args.join(' ');
  switch (command.toLowerCase()) {
    case 'help':
      return ok(PLAYGROUND_HELP);
    case 'quit':
    case 'exit':
      return { ...ok('Bye.'), quit: true };
    case 'cast':
      return castCommand(deps, channelId, args);
    case 'mode':
      if (!STRATEGIES.includes(rest as Strategy)) return usage(`/mode <${STRATEGIES.join('|')}>`);
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
        return usage('/silence <seconds> [max nudges] | /silence off');
      }
      return setSilence(deps, channelId, Math.round(seconds * 1000), max);
    }
    case 'mute':
    case 'unmute':
      if (!rest) return usage(`/${command} <persona>`);
      return setMuted(deps, channelId, rest, command === 'mute');
    case 'pause':
      return setPaused(deps, channelId, true);
    case 'resume':
      return setPaused(deps, channelId, false);
    case 'nudge':
      if (!rest) return usage('/nudge <persona>');
      return nudge(deps, channelId, rest);
    case 'reset':
      return resetChannel(deps, channelId);
    default: {
      const result = await runCapabilityCommand(deps, channelId, command.toLowerCase(), args);
      return result ?? { ok: false, message: `Unknown command /${command}. Type /help.` };
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
    const inCast = settings.cast.map((id) => {
      const persona = all.find((p) => p.id === id);
      const muted = settings.muted.includes(id) ? ' (muted)' : '';
      return `  ${persona?.name ?? id} [${id}]${muted}`;
    });
    const others = all.filter((p) => !settings.cast.includes(p.id)).map((p) => `${p.name} [${p.id}]`);
    return ok(
      [
        `In the scene (${settings.strategy}):`,
        ...(inCast.length ? inCast : ['  nobody']),
        `Available: ${others.join(', ') || 'none'}`,
      ].join('\n'),
    );
  }
  return usage('/cast add <persona> [knows:everything] | /cast remove <persona> | /cast list');
}
