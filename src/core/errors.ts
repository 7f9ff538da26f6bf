// The adapters' coded errors. The model adapter maps transport failures to ModelErrors: the scheduler
// only looks at `retryable` (and `retryAfterMs`), the turn at `code` to tell admins what happened. The
// stage throws a StagePostError when a reply could not be posted, with the platform's code.

export type ModelErrorCode =
  | 'rate_limited' // 429 throttling: retry after Retry-After
  | 'server_error' // 5xx
  | 'connection_failed' // DNS, refused, reset
  | 'timeout' // no answer within the configured timeout
  | 'moderation' // DashScope DataInspectionFailed: the content was rejected; never retried
  | 'invalid_api_key' // 401/403: never retried, reported once to admins
  | 'quota_exhausted' // the free quota is used up (and "free quota only" is on): never retried, admins told
  | 'account_overdue' // Arrearage, a prepaid or postpaid bill overdue: never retried, admins told
  | 'model_access_denied' // the key's account or workspace may not use this model: never retried, admins told
  | 'model_not_found' // no such model at this endpoint (a typo, or another region's): never retried, admins told
  | 'bad_request' // other 4xx: a bug or an unsupported option; never retried
  | 'input_too_long' // 400 "Range of input length should be [1, N]": the turn retries once with a shorter window
  | 'aborted'; // the caller's signal aborted (the director's proposal gave up after PROPOSAL_TIMEOUT_MS)

const RETRYABLE: ReadonlySet<ModelErrorCode> = new Set([
  'rate_limited',
  'server_error',
  'connection_failed',
  'timeout',
]);

export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly retryable: boolean;

  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.retryable = RETRYABLE.has(code);
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isModelError(err: unknown): err is ModelError {
  return err instanceof ModelError;
}

/**
 * A reply the stage could not post: the platform's error code and HTTP status (for the log and
 * `/failures`), the messages it did post before failing (when a reply split in several was cut short),
 * and whether the stage already told the channel's admins why (a notice of its own, such as "this
 * channel has 15 webhooks").
 */
export class StagePostError extends Error {
  override readonly name: string = 'StagePostError';

  constructor(
    message: string,
    readonly code: number | string | undefined,
    readonly status: number | undefined,
    readonly postedIds: readonly string[] = [],
    readonly adminsTold = false,
  ) {
    super(message);
  }
}

export function isStagePostError(err: unknown): err is StagePostError {
  return err instanceof StagePostError;
}
