// What every stored line sets off (`reactToLine`): the director decides whether a persona answers (and
// when the turn runs), or else the silence timer restarts from the line. Personas' posted replies,
// greetings and resumed turns are stored here (`storePersonaLine`); people's lines are stored by
// receive.ts, which then reacts to them the same way.
import { resolveCast } from './cast.js';
import { inConversationOrder } from './conversation-order.js';
import type { CoreDeps } from './deps.js';
import { decideNextSpeaker } from './director/index.js';
import type { Line, TurnTrigger } from './line.js';
import type { Persona } from './persona.js';
import type { PostedMessage } from './ports.js';
import { hashString, seededRandom } from './random.js';
import { armSilence } from './silence-timer.js';
import { jittered } from './timing.js';

/** Stores a persona's posted text as its line (with the platform's message ids) and reacts to it. */
export async function storePersonaLine(
  deps: CoreDeps,
  channelId: string,
  persona: Pick<Persona, 'id' | 'name'>,
  text: string,
  posted: PostedMessage,
  trigger: TurnTrigger,
  /** The seq of the newest line the reply's prompt held (see `Line.seenSeq`). */
  seenSeq?: number,
): Promise<Line> {
  const line = await deps.history.append(channelId, {
    kind: 'persona',
    speakerId: persona.id,
    speakerName: persona.name,
    text,
    ...(posted.messageIds[0] === undefined ? {} : { messageId: posted.messageIds[0] }),
    messageIds: posted.messageIds,
    trigger,
    ...(seenSeq === undefined ? {} : { seenSeq }),
  });
  await reactToLine(deps, channelId, line);
  return line;
}

/**
 * What follows a stored line: the director decides whether a persona answers, and the silence timer
 * restarts from the line. The decision here only sets *when* the turn runs; the turn decides again
 * against the history as it is then (see take-turn.ts), so a burst of lines gets one reply that saw all
 * of them. A line that gets a turn leaves the silence timer to that turn: its reply is a line of its own
 * that re-arms it, and a turn that ends without posting re-arms it too (one arming per turn, not two).
 */
export async function reactToLine(
  deps: CoreDeps,
  channelId: string,
  line: Line,
  /** How long the line was held before it was stored (receive.ts), ms: part of the debounce. */
  heldMs = 0,
): Promise<void> {
  const settings = await deps.settings.get(channelId);
  if (settings.cast.length === 0) return;
  const history = inConversationOrder(await deps.history.recent(channelId, deps.options.directorWindow));
  const random = seededRandom(hashString(`${channelId}:${line.seq}`));
  if (line.trigger === 'greeting') return armSilence(deps, channelId, settings, history);

  const cast = await resolveCast(deps.personas, settings, { guildId: settings.guildId }, deps.log);
  const decision = decideNextSpeaker({
    history,
    cast,
    settings,
    now: deps.clock.now(),
    random,
    trigger: { kind: 'line' },
  });
  if (!decision.speak) {
    deps.log.debug({ channelId, seq: line.seq, reason: decision.reason }, 'nobody speaks');
    return armSilence(deps, channelId, settings, history);
  }
  const debounce =
    line.kind === 'person'
      ? Math.max(0, jittered(deps.options.debounceMs, deps.options.jitter, random) - heldMs)
      : 0;
  await deps.ledger.markRequested(channelId, line.seq);
  await deps.scheduler.scheduleTurn(
    channelId,
    { kind: 'line', seq: line.seq },
    Math.max(debounce, Math.round(decision.delayMs * deps.options.humanDelayScale)),
  );
}
