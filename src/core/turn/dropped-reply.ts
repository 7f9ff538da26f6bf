// A reply the stage could not post is dropped, never posted twice (the turn's ledger still says
// "posting", so no retry of the turn posts it): but not silently. It is logged at warn with the
// platform's code, kept in the channel's failure log for `/failures`, and the channel's admins are told
// once an hour at most (unless the stage already told them why, as it does at Discord's webhook cap).
import type { CoreDeps } from '../deps.js';
import { isStagePostError } from '../errors.js';
import type { Persona } from '../persona.js';
import { text } from '../text.js';

/** How long one dropped-reply notice holds for a channel, ms. */
export const DROPPED_REPLY_NOTICE_INTERVAL_MS = 60 * 60 * 1000;

/** Failure messages are clipped to this many characters in the log. */
const FAILURE_MESSAGE_MAX_CHARS = 300;

export type DroppedReplyDeps = Pick<CoreDeps, 'failures' | 'notices' | 'clock' | 'log'>;

export async function reportDroppedReply(
  deps: DroppedReplyDeps,
  channelId: string,
  persona: Pick<Persona, 'id' | 'name'>,
  turnId: string,
  err: unknown,
): Promise<void> {
  const stageError = isStagePostError(err) ? err : undefined;
  // Discord's JSON code, else the HTTP status it answered with (a 5xx has no code), else nothing (no answer).
  const code =
    stageError?.code ?? (stageError?.status === undefined ? undefined : `HTTP ${stageError.status}`);
  const log = deps.log.child({ channelId, personaId: persona.id, turnId });
  log.warn(
    { err, code, status: stageError?.status, postedParts: stageError?.postedIds.length ?? 0 },
    'reply dropped: the post failed',
  );
  try {
    const message = err instanceof Error ? err.message : String(err);
    await deps.failures.record(channelId, {
      code: 'post_failed',
      personaId: persona.id,
      at: deps.clock.now(),
      retryable: false,
      message: [...message].slice(0, FAILURE_MESSAGE_MAX_CHARS).join(''),
      ...(code === undefined ? {} : { platformCode: code }),
    });
    if (stageError?.adminsTold) return;
    if (
      await deps.failures.claimNotice(`post_failed:channel:${channelId}`, DROPPED_REPLY_NOTICE_INTERVAL_MS)
    ) {
      await deps.notices.notify(
        channelId,
        code === undefined
          ? text('notices.replyDropped.noCode', { persona: persona.name })
          : text('notices.replyDropped.withCode', { persona: persona.name, code: String(code) }),
      );
    }
  } catch (bookkeeping) {
    log.error({ err: bookkeeping }, 'could not record the dropped reply');
  }
}

/** A turn found "posting" in its ledger: the process stopped mid-post, so the reply may be missing. */
export async function reportInterruptedPost(
  deps: DroppedReplyDeps,
  channelId: string,
  personaId: string,
  turnId: string,
): Promise<void> {
  deps.log.warn({ channelId, personaId, turnId }, 'turn was interrupted while posting; not posting again');
  try {
    await deps.failures.record(channelId, {
      code: 'post_interrupted',
      personaId,
      at: deps.clock.now(),
      retryable: false,
      message: 'the turn was interrupted while posting; it is not posted again',
    });
  } catch (bookkeeping) {
    deps.log.error({ err: bookkeeping, channelId, turnId }, 'could not record the interrupted post');
  }
}
