// A reply the stage could not post is dropped, never posted twice (the turn's ledger still says
// "posting", so no retry of the turn posts it): but not silently. It is logged at warn with the
// platform's code, kept in the channel's failure log for `/failures`, and the channel's admins are told
// once an hour at most (unless the stage already told them why, as it does at Discord's webhook cap).
import { isStagePostError } from '../errors.js';
import type { Persona } from '../persona.js';
import { text } from '../text.js';
import { recordFailure, tellAdminsOnce, type AdminReportDeps } from './admin-reports.js';

/** How long one dropped-reply notice holds for a channel, ms. */
export const DROPPED_REPLY_NOTICE_INTERVAL_MS = 60 * 60 * 1000;

export async function reportDroppedReply(
  deps: AdminReportDeps,
  channelId: string,
  persona: Pick<Persona, 'id' | 'name'>,
  turnId: string,
  err: unknown,
): Promise<void> {
  const stageError = isStagePostError(err) ? err : undefined;
  // Discord's JSON code, else the HTTP status it answered with (a 5xx has no code), else nothing (no answer).
  const code =
    stageError?.code ?? (stageError?.status === undefined ? undefined : `HTTP ${stageError.status}`);
  deps.log.warn(
    {
      err,
      channelId,
      personaId: persona.id,
      turnId,
      code,
      status: stageError?.status,
      postedParts: stageError?.postedIds.length ?? 0,
    },
    'reply dropped: the post failed',
  );
  await recordFailure(deps, channelId, {
    code: 'post_failed',
    personaId: persona.id,
    retryable: false,
    message: err instanceof Error ? err.message : String(err),
    ...(code === undefined ? {} : { platformCode: code }),
  });
  if (stageError?.adminsTold) return;
  await tellAdminsOnce(
    deps,
    channelId,
    `post_failed:channel:${channelId}`,
    DROPPED_REPLY_NOTICE_INTERVAL_MS,
    code === undefined
      ? text('notices.replyDropped.noCode', { persona: persona.name })
      : text('notices.replyDropped.withCode', { persona: persona.name, code: String(code) }),
  );
}

/** A turn found "posting" in its ledger: the process stopped mid-post, so the reply may be missing. */
export async function reportInterruptedPost(
  deps: AdminReportDeps,
  channelId: string,
  personaId: string,
  turnId: string,
): Promise<void> {
  deps.log.warn({ channelId, personaId, turnId }, 'turn was interrupted while posting; not posting again');
  await recordFailure(deps, channelId, {
    code: 'post_interrupted',
    personaId,
    retryable: false,
    message: 'the turn was interrupted while posting; it is not posted again',
  });
}
