// A line arrives: store it, re-arm the silence timer, ask the director whether someone should answer,
// and if so schedule the turn. Used for people's lines and, after a post, for personas' own lines.
import { resolveCast } from './cast.js';
import type { ChannelSettings } from './channel-settings.js';
import type { CoreDeps } from './deps.js';
import { decideNextSpeaker } from './director/index.js';
import type { Line, NewLine, TurnTrigger } from './line.js';
import type { Persona } from './persona.js';
import type { PostedMessage } from './ports.js';
import { hashString, seededRandom } from './random.js';
import { jittered, nudgesSinceLastPerson, silenceDelayMs } from './timing.js';
import { personSent } from './typing.js';

/** Restarts the silence timer from the channel's last line (its delay grows with each unanswered nudge). */
export async function armSilence(
  deps: CoreDeps,
  channelId: string,
  settings: ChannelSettings,
  history: readonly Line[],
): Promise<void> {
  const last = history.at(-1);
  if (!last || !settings.silence.enabled || settings.paused || settings.cast.length === 0) return;
  const random = seededRandom(hashString(`${channelId}:${last.seq}:silence`));
  const delay = silenceDelayMs(settings, nudgesSinceLastPerson(history), deps.options.jitter, random);
  await deps.scheduler.armSilence(channelId, last.seq, delay);
}

/** Re-arms the silence timer from the channel's history as it is now (settings given if already read). */
export async function rearmSilence(
  deps: CoreDeps,
  channelId: string,
  settings?: ChannelSettings,
): Promise<void> {
  const current = settings ?? (await deps.settings.get(channelId));
  await armSilence(
    deps,
    channelId,
    current,
    await deps.history.recent(channelId, deps.options.directorWindow),
  );
}

/** Stores a persona's posted text as its line (with the platform's message ids) and reacts to it. */
export async function storePersonaLine(
  deps: CoreDeps,
  channelId: string,
  persona: Pick<Persona, 'id' | 'name'>,
  text: string,
  posted: PostedMessage,
  trigger: TurnTrigger,
): Promise<Line> {
  const line = await deps.history.append(channelId, {
    kind: 'persona',
    speakerId: persona.id,
    speakerName: persona.name,
    text,
    ...(posted.messageIds[0] === undefined ? {} : { messageId: posted.messageIds[0] }),
    messageIds: posted.messageIds,
    trigger,
  });
  await reactToLine(deps, channelId, line);
  return line;
}

/**
 * Stores a line and reacts to it. The line is in history before anything else can fail. `receivedAt` is
 * when the platform's event arrived (a person's typing seen before it ends with it); now by default.
 * Undefined when the person's message was deleted before its line could be stored.
 */
export async function receiveLine(
  deps: CoreDeps,
  channelId: string,
  newLine: NewLine,
  options: { receivedAt?: number } = {},
): Promise<Line | undefined> {
  const receivedAt = options.receivedAt ?? deps.clock.now();
  const line =
    newLine.kind === 'person'
      ? await deps.history.appendPerson(channelId, { ...newLine, kind: 'person' })
      : await deps.history.append(channelId, newLine);
  // Deleted before it was stored (its deletion was handled first): nothing to answer.
  if (!line) return undefined;
  if (line.kind === 'person') await personSent(deps, channelId, line.speakerId, receivedAt);
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
export async function reactToLine(deps: CoreDeps, channelId: string, line: Line): Promise<void> {
  const settings = await deps.settings.get(channelId);
  if (settings.cast.length === 0) return;
  const history = await deps.history.recent(channelId, deps.options.directorWindow);
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
    line.kind === 'person' ? jittered(deps.options.debounceMs, deps.options.jitter, random) : 0;
  await deps.ledger.markRequested(channelId, line.seq);
  await deps.scheduler.scheduleTurn(
    channelId,
    { kind: 'line', seq: line.seq },
    Math.max(debounce, Math.round(decision.delayMs * deps.options.humanDelayScale)),
  );
}
