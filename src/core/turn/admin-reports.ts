// What a turn that failed (or was refused) leaves for the channel's admins, the same way for every kind
// (a model failure, a dropped or interrupted post, a spent budget): an entry in the channel's failure
// log for `/failures`, and a notice in the channel at most once per key and interval across every
// process (FailureLog.claimNotice: a Redis key set if absent, with an expiry).
//
// Bookkeeping must never hide the failure it reports: both only log their own errors.
import { budgetOwner, ownerName } from '../budget.js';
import type { CoreDeps } from '../deps.js';
import type { TurnFailure } from '../ports.js';
import { fitPrefix } from '../shorten.js';
import type { Text } from '../text.js';

/** Failure messages are clipped to this many characters in the log. */
const FAILURE_MESSAGE_MAX_CHARS = 300;

export type AdminReportDeps = Pick<CoreDeps, 'failures' | 'notices' | 'clock' | 'log'>;

/** Who a notice is once for: the channel's server, or the channel outside any server (`guild:…`, `channel:…`). */
export function noticeScope(guildId: string | undefined, channelId: string): string {
  return ownerName(budgetOwner(guildId, channelId));
}

/** Keeps a failure in the channel's log for `/failures`, stamped now, its message clipped between graphemes. */
export async function recordFailure(
  deps: AdminReportDeps,
  channelId: string,
  failure: Omit<TurnFailure, 'at'>,
): Promise<void> {
  try {
    await deps.failures.record(channelId, {
      ...failure,
      at: deps.clock.now(),
      message: fitPrefix(failure.message, FAILURE_MESSAGE_MAX_CHARS),
    });
  } catch (err) {
    deps.log.error({ err, channelId, code: failure.code }, 'could not record the failure');
  }
}

/**
 * Tells the channel's admins `notice` unless a notice with the same `key` was sent within `intervalMs`
 * (by any process); true when this call sent it.
 */
export async function tellAdminsOnce(
  deps: AdminReportDeps,
  channelId: string,
  key: string,
  intervalMs: number,
  notice: Text,
): Promise<boolean> {
  try {
    if (!(await deps.failures.claimNotice(key, intervalMs))) return false;
    await deps.notices.notify(channelId, notice);
    return true;
  } catch (err) {
    deps.log.error({ err, channelId, key }, 'could not tell the admins');
    return false;
  }
}
