// Why a persona passed: the channel's latest failures (moderation rejections, throttling, a rejected
// API key, a used-up quota, a reply the platform refused…) with the persona and the time, for admins,
// in their language.
import type { CoreDeps } from '../deps.js';
import type { TurnFailure } from '../ports.js';
import { lines, text, type Text } from '../text.js';
import type { Outcome } from './outcome.js';

export const DEFAULT_FAILURES_SHOWN = 10;

/** One failure as a line: when (UTC), which persona, the code and what it means to an admin. */
function failureLine(failure: TurnFailure): Text {
  return text('failures.line', {
    at: new Date(failure.at).toISOString().slice(0, 19).replace('T', ' '),
    persona: failure.personaId,
    code: failure.code,
    reason: text(`failures.reason.${failure.code}`, { platformCode: String(failure.platformCode ?? '-') }),
  });
}

export async function recentFailures(
  deps: CoreDeps,
  channelId: string,
  limit = DEFAULT_FAILURES_SHOWN,
): Promise<Outcome<{ failures: TurnFailure[] }>> {
  const failures = await deps.failures.recent(channelId, limit);
  if (failures.length === 0) return { ok: true, message: text('failures.none'), failures };
  return {
    ok: true,
    message: lines(text('failures.heading'), ...failures.map(failureLine)),
    failures,
  };
}
