// Why a persona passed: the channel's latest model failures (moderation rejections, throttling, a
// rejected API key, …) with the persona and the time, for admins.
import type { CoreDeps } from '../deps.js';
import type { TurnFailure } from '../ports.js';
import type { Outcome } from './outcome.js';

export const DEFAULT_FAILURES_SHOWN = 10;

/** What each code means to an admin. */
const EXPLAINED: Record<TurnFailure['code'], string> = {
  moderation: 'content moderation rejected the turn',
  rate_limited: 'throttled by the API (retried)',
  server_error: 'the API had an error (retried)',
  connection_failed: 'the API could not be reached (retried)',
  timeout: 'the API did not answer in time (retried)',
  invalid_api_key: 'the API key was rejected',
  bad_request: 'the API refused the request',
  input_too_long: "the prompt was over the model's input limit (asked again with less history)",
  aborted: 'the request was aborted',
};

export async function recentFailures(
  deps: CoreDeps,
  channelId: string,
  limit = DEFAULT_FAILURES_SHOWN,
): Promise<Outcome<{ failures: TurnFailure[] }>> {
  const failures = await deps.failures.recent(channelId, limit);
  if (failures.length === 0)
    return { ok: true, message: 'No model failures recorded in this channel.', failures };
  const lines = failures.map(
    (f) =>
      `  ${new Date(f.at).toISOString().slice(0, 19).replace('T', ' ')} UTC  ${f.personaId}  ${f.code}: ${EXPLAINED[f.code]}`,
  );
  return { ok: true, message: ['Latest model failures (newest first):', ...lines].join('\n'), failures };
}
