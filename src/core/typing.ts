// People typing hold the personas back, as a person in a group chat lets someone finish: a turn that
// comes due waits until they send (their line then gets a turn of its own) or stop. A reply to a
// person's line waits only for that person (going on with their thought), so a busy channel where
// someone is always typing does not slow every reply; personas answering each other, and a silence
// nudge, wait for anyone typing. Forced turns (/nudge) never wait, and one turn waits at most
// `maxTypingHolds` times, so a person typing for minutes does not silence the scene.
import type { CoreDeps } from './deps.js';
import type { TurnCause } from './ports.js';

/** What typing presence reads and writes. */
export type TypingDeps = Pick<CoreDeps, 'typing' | 'settings' | 'history' | 'clock' | 'options'>;

/**
 * A person started (or is still) typing in the channel, seen at `seenAt` (when the event arrived; the
 * clock's now by default). Channels without a cast are not tracked.
 */
export async function personTyping(
  deps: TypingDeps,
  channelId: string,
  personId: string,
  seenAt = deps.clock.now(),
): Promise<void> {
  const settings = await deps.settings.get(channelId);
  if (settings.cast.length === 0 || settings.paused) return;
  const hold = deps.options.personTypingHoldMs;
  await deps.typing.started(channelId, personId, seenAt, seenAt + hold);
}

/**
 * A person's message arrived at `receivedAt`: the typing that wrote it holds nobody any more. Typing
 * seen after it (they went on typing) still holds, even if this runs after that was recorded.
 */
export async function personSent(
  deps: TypingDeps,
  channelId: string,
  personId: string,
  receivedAt: number,
): Promise<void> {
  await deps.typing.stopped(channelId, personId, receivedAt);
}

/**
 * How long a due turn should wait for people typing, ms; 0 to go ahead. `holdsSoFar` is how many times
 * this turn already waited.
 */
export async function typingHoldMs(
  deps: TypingDeps,
  channelId: string,
  cause: TurnCause,
  holdsSoFar: number,
): Promise<number> {
  if (cause.kind === 'forced') return 0;
  if (holdsSoFar >= deps.options.maxTypingHolds) return 0;
  const now = deps.clock.now();
  const typing = await deps.typing.typingAt(channelId, now);
  if (typing.size === 0) return 0;
  const last = cause.kind === 'line' ? (await deps.history.recent(channelId, 1)).at(-1) : undefined;
  // A character's line (a proxy bot's) is held by its player's typing, when the player is known.
  const holders =
    last?.kind === 'person' ? [typing.get(last.playerId ?? last.speakerId) ?? 0] : [...typing.values()];
  const until = Math.max(0, ...holders);
  return until > now ? until - now : 0;
}
