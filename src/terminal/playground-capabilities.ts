// The playground's commands for the Qwen-Character capabilities (alternatives, regenerate, scene notes,
// lore, memory, usage, spending cap, failures), parsed into calls on src/core/capabilities, the same
// functions Discord's slash commands call, and answered as they do (an `Outcome`).
import {
  addLore,
  budgetReport,
  clearDailyBudget,
  clearOnceNotes,
  listLore,
  offerAlternatives,
  pickAlternative,
  recentFailures,
  regenerate,
  removeLore,
  sceneOnce,
  setDailyBudget,
  setMemory,
  setSceneNote,
  usageReport,
  type Outcome,
  type Refusal,
} from '../core/capabilities/index.js';
import { refuse } from '../core/capabilities/outcome.js';
import type { CoreDeps } from '../core/deps.js';
import { text, type MessageKey, type Text } from '../core/text.js';

/** A refusal showing how the command is typed (`playground.syntax.*`). */
export const usage = (syntax: MessageKey, params?: Text['params']): Refusal =>
  refuse(text('playground.usage', { syntax: text(syntax, params) }));

/** Runs a capability command, or resolves to undefined when `command` is not one. */
export async function runCapabilityCommand(
  deps: CoreDeps,
  channelId: string,
  command: string,
  args: string[],
): Promise<Outcome | undefined> {
  const rest = args.join(' ');
  switch (command) {
    case 'alternatives': {
      const count = args[0] === undefined ? 3 : Number(args[0]);
      return offerAlternatives(deps, channelId, count);
    }
    case 'pick': {
      const index = Number(args[0]);
      if (!Number.isInteger(index)) return usage('playground.syntax.pick');
      return pickAlternative(deps, channelId, index);
    }
    case 'regenerate':
      return regenerate(deps, channelId);
    case 'scene':
      // `/scene set <text>` as on Discord (`/场景 设置 …` in a Chinese playground) is `/scene <text>`.
      if (args[0] === 'set') return runCapabilityCommand(deps, channelId, command, args.slice(1));
      if (args[0] === 'once') return sceneOnce(deps, channelId, args.slice(1).join(' '));
      if (args[0] === 'clear' && args.length === 1) {
        await clearOnceNotes(deps, channelId);
        return setSceneNote(deps, channelId, undefined);
      }
      if (!rest) return usage('playground.syntax.scene');
      return setSceneNote(deps, channelId, rest);
    case 'lore':
      return loreCommand(deps, channelId, args);
    case 'memory':
      return memoryCommand(deps, channelId, args);
    case 'usage':
      return usageReport(deps, { channelId });
    case 'failures':
      return recentFailures(deps, channelId);
    case 'budget':
      return budgetCommand(deps, channelId, args);
    default:
      return undefined;
  }
}

/** The playground has no server: its channel is the budget's owner. */
async function budgetCommand(deps: CoreDeps, channelId: string, args: string[]): Promise<Outcome> {
  const [sub, amount] = args[0] === 'set' ? ['set', args[1]] : [args[0], args[0]];
  if (sub === undefined || sub === 'show') return budgetReport(deps, { channelId });
  if (sub === 'off') return clearDailyBudget(deps, { channelId });
  const daily = Number(amount);
  if (amount === undefined || !Number.isFinite(daily)) return usage('playground.syntax.budget');
  return setDailyBudget(deps, { channelId }, daily);
}

async function loreCommand(deps: CoreDeps, channelId: string, args: string[]): Promise<Outcome> {
  const [sub, ...restArgs] = args;
  const rest = restArgs.join(' ');
  if (sub === 'list' || sub === undefined) return listLore(deps, channelId);
  if (sub === 'remove' && rest) return removeLore(deps, channelId, rest);
  const colon = rest.indexOf(':');
  if (sub === 'add' && colon > 0) {
    const keys = rest.slice(0, colon).split(',');
    return addLore(deps, channelId, { keys, text: rest.slice(colon + 1), scope: 'channel' });
  }
  return usage('playground.syntax.lore');
}

async function memoryCommand(deps: CoreDeps, channelId: string, args: string[]): Promise<Outcome> {
  const [sub, ...options] = args;
  if (sub === 'off') return setMemory(deps, channelId, { enabled: false });
  if (sub === 'default') return setMemory(deps, channelId, undefined);
  if (sub !== 'on') return usage('playground.syntax.memory');
  let entries: number | undefined;
  let skipSaveTypes: string[] | undefined;
  for (const option of options) {
    if (option.startsWith('skip:')) {
      const list = option.slice('skip:'.length);
      skipSaveTypes = list === 'none' ? [] : list.split(',').filter(Boolean);
    } else entries = Number(option);
  }
  return setMemory(deps, channelId, {
    enabled: true,
    ...(entries === undefined ? {} : { entries }),
    ...(skipSaveTypes === undefined ? {} : { skipSaveTypes }),
  });
}
