// The silence timer, in one place: when a quiet channel's next nudge is due, arming and stopping the
// timer, and whether a nudge that fired still applies. Who speaks up is the director's choice
// (director/silence.ts); the timer itself is a delayed job of the scheduler (`TurnScheduler`).
//
// The timer runs from the channel's last line. Every stored line that no persona is to answer re-arms
// it (store-line.ts; one that is answered leaves it to its turn), a turn that ends without posting
// re-arms it (take-turn.ts), and the admin commands arm or stop it when silence, pause or the history
// change (channel-admin.ts).
import type { ChannelSettings } from './channel-settings.js';
import type { CoreDeps } from './deps.js';
import type { Line } from './line.js';
import { hashString, seededRandom, type RandomSource } from './random.js';
import { jittered } from './timing.js';

type SilenceDeps = Pick<CoreDeps, 'history' | 'settings' | 'scheduler' | 'ledger' | 'options'>;

/** Unanswered nudges since the last person's line (derived from history, never stored). */
export function nudgesSinceLastPerson(history: readonly Line[]): number {
  let nudges = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i]!;
    if (line.kind === 'person' && !line.fromBot) break;
    if (line.kind === 'persona' && line.trigger === 'nudge') nudges++;
  }
  return nudges;
}

/**
 * When the silence timer should fire: `afterMs` for the first nudge, then later each time (×2, ×3…)
 * so that unanswered personas speak up less and less often.
 */
export function silenceDelayMs(
  settings: ChannelSettings,
  nudgesSoFar: number,
  jitter: number,
  random: RandomSource,
): number {
  return jittered(settings.silence.afterMs * (1 + nudgesSoFar), jitter, random);
}

/**
 * Restarts the silence timer from the channel's last line (its delay grows with each unanswered nudge).
 * The timer is for the newest *stored* line, which `history` in conversation order may not end with
 * (conversation-order.ts): a nudge no longer applies once a line newer than its own is stored.
 */
export async function armSilence(
  deps: Pick<SilenceDeps, 'scheduler' | 'options'>,
  channelId: string,
  settings: ChannelSettings,
  history: readonly Line[],
): Promise<void> {
  if (history.length === 0 || !settings.silence.enabled || settings.paused || settings.cast.length === 0) {
    return;
  }
  const lastSeq = Math.max(...history.map((line) => line.seq));
  const random = seededRandom(hashString(`${channelId}:${lastSeq}:silence`));
  const delay = silenceDelayMs(settings, nudgesSinceLastPerson(history), deps.options.jitter, random);
  await deps.scheduler.armSilence(channelId, lastSeq, delay);
}

/** Re-arms the silence timer from the channel's history as it is now (settings given if already read). */
export async function rearmSilence(
  deps: SilenceDeps,
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

/** Stops the channel's silence timer (silence turned off, personas paused, history reset). */
export async function stopSilence(deps: Pick<SilenceDeps, 'scheduler'>, channelId: string): Promise<void> {
  await deps.scheduler.cancelSilence(channelId);
}

/**
 * Why a silence nudge that fired for line `seq` no longer applies, or undefined when it does. A reply
 * still due re-arms the timer: the channel gets another silence period instead.
 */
export async function staleNudgeReason(
  deps: SilenceDeps,
  channelId: string,
  seq: number,
): Promise<string | undefined> {
  const history = await deps.history.recent(channelId, deps.options.directorWindow);
  const last = history.at(-1);
  if (last && last.seq !== seq) return 'the channel is no longer quiet';
  if (await deps.ledger.replyPending(channelId)) {
    // A reply to the last line is still coming (slow model, retries, a crashed worker's turn being
    // picked up): speaking up now would talk over it. Wait another silence period instead.
    await armSilence(deps, channelId, await deps.settings.get(channelId), history);
    return 'a reply is still due; silence timer re-armed';
  }
  return undefined;
}
