// Asking again for a reply already posted, with the context it was generated in: the history up to
// just before that line, the same persona and turn mode, the scene note and lore as they are now (the
// one-time notes that turn used are gone; those waiting now belong to the next turn). The shared step
// of /alternatives (n choices) and /regenerate (a new seed).
import { inConversationOrder } from '../conversation-order.js';
import { resolveCast } from '../cast.js';
import type { ChannelSettings } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import type { Line } from '../line.js';
import { budgetRefusal } from '../turn/budget-gate.js';
import { memoryModeFor } from '../turn/memory-mode.js';
import type { Persona } from '../persona.js';
import { hashString } from '../random.js';
import { generateReplies, type Generated } from '../turn/generate-replies.js';
import { gatherTurnNotes } from '../turn/turn-notes.js';
import { text, type Text } from '../text.js';
import { refuse, type Refusal } from './outcome.js';

export interface RetakeTarget {
  /** The persona line to replace: the channel's last one that was posted. */
  line: Line & { messageId: string };
  persona: Persona;
  cast: Persona[];
  settings: ChannelSettings;
  /** The lines before it, oldest first. */
  context: Line[];
  /** Whether the history read was capped (see PromptInput.historyTruncated). */
  truncated: boolean;
  mode: 'reply' | 'continue';
}

/** A seed for a retake that no earlier retake of the line used (it mixes in the time and the attempt). */
export function freshSeed(channelId: string, line: Pick<Line, 'id'>, now: number, attempt = 0): number {
  return hashString(`${channelId}:${line.id}:${now}${attempt === 0 ? '' : `:${attempt}`}`) % 2 ** 31;
}

/** How many seeds a retake tries before it says the model gave nothing new. */
export const FRESH_ATTEMPTS = 3;

export type FreshRetake =
  | { kind: 'moderation' }
  /** The server's daily budget is spent: nothing was asked. */
  | { kind: 'over-budget'; message: Text }
  /** Distinct texts other than the posted one (none after every attempt), and the seed that gave them. */
  | { kind: 'replies'; texts: string[]; seed: number };

/**
 * Retakes until the model says something other than the posted text: a new seed can still land on the
 * very reply being replaced, and a person who asked for another version should not be told to try
 * again. At most `FRESH_ATTEMPTS` requests, each with its own fresh seed; none once the server's daily
 * budget is spent (checked once, before the first).
 */
export async function retakeFresh(
  deps: CoreDeps,
  channelId: string,
  target: RetakeTarget,
  n?: number,
): Promise<FreshRetake> {
  const refusal = await budgetRefusal(deps, channelId, target.settings.guildId);
  if (refusal) return { kind: 'over-budget', message: refusal };
  const now = deps.clock.now();
  let seed = 0;
  for (let attempt = 0; attempt < FRESH_ATTEMPTS; attempt++) {
    seed = freshSeed(channelId, target.line, now, attempt);
    const generated = await retake(deps, channelId, target, n === undefined ? { seed } : { n, seed });
    if (generated.kind === 'moderation') return generated;
    const texts = [...new Set(generated.texts)].filter((text) => text !== target.line.text);
    if (texts.length > 0) return { kind: 'replies', texts, seed };
  }
  return { kind: 'replies', texts: [], seed };
}

/**
 * The channel's last posted persona line and everything needed to generate it again (`settingsRead`:
 * the channel's settings, when the caller has read them already).
 */
export async function findRetakeTarget(
  deps: CoreDeps,
  channelId: string,
  settingsRead?: ChannelSettings,
): Promise<{ ok: true; target: RetakeTarget } | Refusal> {
  const settings = settingsRead ?? (await deps.settings.get(channelId));
  // What the reply saw comes before it, so a retake reads what the posted version read.
  const history = inConversationOrder(await deps.history.recent(channelId, deps.options.historyWindow));
  const index = history.findLastIndex((l) => l.kind === 'persona' && l.messageId !== undefined);
  const line = history[index];
  if (!line || line.messageId === undefined) return refuse(text('retake.nothingToRedo'));
  const scope = settings.guildId === undefined ? {} : { guildId: settings.guildId };
  const persona = await deps.personas.get(line.speakerId, scope);
  if (!persona) return refuse(text('retake.personaGone', { name: line.speakerName }));
  const cast = await resolveCast(deps.personas, settings, scope, deps.log);
  if (!cast.some((p) => p.id === persona.id)) cast.push(persona);
  const context = history.slice(0, index);

  const memory = memoryModeFor(persona, settings);
  if (memory && (await deps.sessions.getCursor(channelId, persona.id)) >= line.seq) {
    // Long-term memory already took in lines after this one; the server cannot be rewound to before it.
    return refuse(text('retake.memoryMoved', { name: persona.name }));
  }
  return {
    ok: true,
    target: {
      line: { ...line, messageId: line.messageId },
      persona,
      cast,
      settings,
      context,
      truncated: history.length >= deps.options.historyWindow,
      mode: retakeMode(line, context),
    },
  };
}

/** The target a retake was admitted with (retake-access.ts), else the channel's as it is now. */
export async function retakeTargetOf(
  deps: CoreDeps,
  channelId: string,
  admitted: RetakeTarget | undefined,
): Promise<{ ok: true; target: RetakeTarget } | Refusal> {
  return admitted ? { ok: true, target: admitted } : findRetakeTarget(deps, channelId);
}

/** A nudge or greeting spoke up unprompted; so did a reply that followed the persona's own line. */
function retakeMode(line: Line, context: readonly Line[]): 'reply' | 'continue' {
  if (line.trigger === 'nudge' || line.trigger === 'greeting') return 'continue';
  const previous = context.findLast((l) => l.kind !== 'system');
  return previous?.kind === 'persona' && previous.speakerId === line.speakerId ? 'continue' : 'reply';
}

export async function retake(
  deps: CoreDeps,
  channelId: string,
  target: RetakeTarget,
  options: { n?: number; seed: number },
): Promise<Generated> {
  const { persona, settings, context } = target;
  const notes = await gatherTurnNotes(deps, channelId, settings, persona, context, { once: false });
  return generateReplies(deps, {
    channelId,
    settings,
    persona,
    cast: target.cast,
    history: context,
    historyTruncated: target.truncated,
    mode: target.mode,
    notes: notes.texts,
    seed: options.seed,
    ...(options.n === undefined ? {} : { n: options.n }),
  });
}
