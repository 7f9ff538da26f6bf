// One model request of a turn, with its bookkeeping: the usage it cost (per server, channel, persona
// and model), and when it fails, what admins need to know. Every model failure is kept in the
// channel's failure log (`recentFailures`), so a persona that passed can be explained; a rejected API
// key also sends one notice to the server's admins per hour, not one per message; a moderation
// rejection is not thrown, so the persona passes its turn (or says its in-character line).
import type { ChatRequest, ChatResult } from '../chat.js';
import type { CoreDeps } from '../deps.js';
import { isModelError, type ModelError } from '../errors.js';

/** How long one bad-key notice holds for a server (or a channel outside any server), ms. */
export const NOTICE_INTERVAL_MS = 60 * 60 * 1000;

/** Failure messages are clipped to this many characters in the log. */
const FAILURE_MESSAGE_MAX_CHARS = 300;

export const INVALID_KEY_NOTICE =
  'Troupe cannot reach its model: the API key was rejected (invalid_api_key). The personas stay silent ' +
  'until an operator fixes DASHSCOPE_API_KEY (and checks that MODEL_BASE_URL is the region the key ' +
  'belongs to). This notice repeats at most once an hour.';

export interface CallScope {
  channelId: string;
  guildId?: string;
  personaId: string;
}

/** The model's answer, or `moderation` when the content was rejected (never retried). */
export type ModelCallResult = { kind: 'answered'; result: ChatResult } | { kind: 'moderation' };

export async function callModel(
  deps: CoreDeps,
  scope: CallScope,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<ModelCallResult> {
  let result: ChatResult;
  try {
    result = await deps.model.complete(request, signal ? { signal } : {});
  } catch (err) {
    if (!isModelError(err) || err.code === 'aborted') throw err;
    await reportFailure(deps, scope, err);
    if (err.code === 'moderation') return { kind: 'moderation' };
    throw err;
  }
  await deps.usage?.record(scope, { ...result.usage, model: request.model });
  return { kind: 'answered', result };
}

/** Bookkeeping must never hide the failure it records: its own errors are only logged. */
async function reportFailure(deps: CoreDeps, scope: CallScope, err: ModelError): Promise<void> {
  const log = deps.log.child({ channelId: scope.channelId, personaId: scope.personaId });
  log.warn({ code: err.code, retryable: err.retryable }, 'model request failed');
  try {
    await deps.failures?.record(scope.channelId, {
      code: err.code,
      personaId: scope.personaId,
      at: deps.clock.now(),
      retryable: err.retryable,
      message: err.message.slice(0, FAILURE_MESSAGE_MAX_CHARS),
    });
    if (err.code === 'invalid_api_key' && deps.failures && deps.notices) {
      const where = scope.guildId === undefined ? `channel:${scope.channelId}` : `guild:${scope.guildId}`;
      if (await deps.failures.claimNotice(`invalid_api_key:${where}`, NOTICE_INTERVAL_MS)) {
        await deps.notices.notify(scope.channelId, INVALID_KEY_NOTICE);
      }
    }
  } catch (bookkeeping) {
    log.error({ err: bookkeeping }, 'could not record the model failure');
  }
}
