// Maps whatever the openai SDK throws to the core's coded ModelError, once, at the adapter's edge. The
// scheduler only looks at `retryable` and `retryAfterMs`, so this file decides what gets retried.
//
// DashScope's OpenAI-compatible mode answers errors as
//   {"error":{"code":"data_inspection_failed","param":null,"message":"...","type":"data_inspection_failed"},
//    "id":"chatcmpl-…","request_id":"…"}
// (the SDK keeps the inner `error` object); newer messages read
// "<400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate content."
//
// A prompt over the model's input limit is a 400 InvalidParameter whose message names the limit (Model
// Studio's error-code page, "Range of input length should be [1, xxx]"; as clients quote the body:
// {"error":{"code":"invalid_parameter_error","param":null,"message":"<400>
// InternalError.Algo.InvalidParameter: Range of input length should be [1, 3072]","type":
// "invalid_request_error"}}, e.g. QwenLM/qwen-code#98). OpenAI and vLLM say `context_length_exceeded`
// or "maximum context length". It is `input_too_long`: not retried as it is, the turn shrinks its
// window and asks once more.
//
// Account and access problems come with Model Studio's own codes (its error-code reference,
// https://help.aliyun.com/en/model-studio/error-code; the compatible mode keeps them in `code` and
// `type`), whatever the HTTP status: an overdue account is `Arrearage` (400), or `PrepaidBillOverdue` /
// `PostpaidBillOverdue` (429); a used-up free quota with "free quota only" on is
// `AllocationQuota.FreeTierOnly` (403) or `Throttling.AllocationQuota` "Free allocated quota exceeded."
// (429); a model the account may not use is `Model.AccessDenied`, `AccessDenied.Unpurchased`,
// `Workspace.AccessDenied`, `AccessDenied` (403) or `CommodityNotPurchased` (429). None of these pass
// by waiting, so none is retried. But a 429 `Throttling.AllocationQuota` "Allocated quota exceeded",
// and `insufficient_quota` with the same meaning (the compatible mode's spelling, pointing at the
// reference's #token-limit entry), is the per-minute token quota of a model: it clears within the
// minute and is retried like any throttling. `insufficient_quota` without that pointer is OpenAI's
// (and its imitators'): credit used up.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';
import { ModelError, type ModelErrorCode } from '../core/errors.js';

const MODERATION_CODES: ReadonlySet<string> = new Set(['DataInspectionFailed', 'data_inspection_failed']);
const MODERATION_TEXT = /DataInspectionFailed|data_inspection_failed|inappropriate content/i;
const INPUT_TOO_LONG_TEXT = /Range of input length should be|maximum context length/i;

/** Model Studio codes whose failure only an operator can fix, and what each one means here. */
const ACCOUNT_CODES: Readonly<Record<string, ModelErrorCode>> = {
  arrearage: 'account_overdue',
  prepaidbilloverdue: 'account_overdue',
  postpaidbilloverdue: 'account_overdue',
  'allocationquota.freetieronly': 'quota_exhausted',
  'model.accessdenied': 'model_access_denied',
  'accessdenied.unpurchased': 'model_access_denied',
  'workspace.accessdenied': 'model_access_denied',
  accessdenied: 'model_access_denied',
  access_denied: 'model_access_denied',
  commoditynotpurchased: 'model_access_denied',
  modelnotfound: 'model_not_found',
  model_not_found: 'model_not_found',
};

/** The quota codes of a 429 that may be the per-minute token quota or a used-up one (see the header). */
const QUOTA_CODES: ReadonlySet<string> = new Set(['throttling.allocationquota', 'insufficient_quota']);
/** Model Studio's words for a used-up free quota. */
const FREE_QUOTA_TEXT = /free (allocated )?quota|free tier/i;
/** Model Studio's words for the per-minute token quota (its message, or the reference entry it points at). */
const TOKEN_QUOTA_TEXT = /allocated quota exceeded|error-code#token-limit/i;

/** What an operator is told for each account code: what happened, and what to do. */
const ACCOUNT_MESSAGES: Readonly<Partial<Record<ModelErrorCode, string>>> = {
  quota_exhausted: 'The model API says the quota is used up (free quota, or "free quota only" mode).',
  account_overdue: 'The model API refused: the Alibaba Cloud account has an overdue payment.',
  model_access_denied: 'The model API refused access to this model for the API key’s account or workspace.',
  model_not_found: 'The model API does not know this model at this endpoint (its name, or the region).',
};

export const INVALID_KEY_MESSAGE =
  'The model API rejected the API key. Check DASHSCOPE_API_KEY (and that MODEL_BASE_URL is the region the key was issued for).';

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` (OpenAI's) wins over `Retry-After`,
 * which is either delay-seconds or an HTTP date. Undefined when absent or unparseable.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const millis = headers.get('retry-after-ms');
  if (millis !== null && millis.trim() !== '') {
    const value = Number(millis);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error's `code` and `type` as the server sent them (the SDK's fields, and the body's). */
function errorCodes(err: APIError): string[] {
  const body = (err.error ?? {}) as Record<string, unknown>;
  return [err.code, err.type, body['code'], body['type']].filter(
    (field): field is string => typeof field === 'string' && field !== '',
  );
}

function isModeration(err: APIError): boolean {
  if (errorCodes(err).some((field) => MODERATION_CODES.has(field))) return true;
  return MODERATION_TEXT.test(err.message);
}

function isInputTooLong(err: APIError): boolean {
  return errorCodes(err).includes('context_length_exceeded') || INPUT_TOO_LONG_TEXT.test(err.message);
}

/** The account or access problem an error names, if any (see the header). */
function accountProblem(err: APIError): ModelErrorCode | undefined {
  const codes = errorCodes(err).map((code) => code.toLowerCase());
  for (const code of codes) {
    const known = ACCOUNT_CODES[code];
    if (known) return known;
  }
  if (!codes.some((code) => QUOTA_CODES.has(code))) return undefined;
  if (FREE_QUOTA_TEXT.test(err.message)) return 'quota_exhausted';
  if (TOKEN_QUOTA_TEXT.test(err.message)) return undefined;
  return codes.includes('insufficient_quota') ? 'quota_exhausted' : undefined;
}

/** Removes the API key from a server-supplied message, in case a proxy echoes it back. */
function scrub(message: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? message.split(apiKey).join('[redacted]') : message;
}

export interface ErrorContext {
  /** The caller's signal: an abort wins over whatever error the abort caused. */
  signal?: AbortSignal;
  /** Only to scrub it out of messages; never included anywhere. */
  apiKey?: string;
  /** Epoch ms, for HTTP-date Retry-After values. */
  now?: number;
}

export function toModelError(err: unknown, context: ErrorContext = {}): ModelError {
  if (err instanceof ModelError) return err;
  if (context.signal?.aborted || err instanceof APIUserAbortError || isAbortError(err)) {
    return new ModelError('aborted', 'The model request was aborted.', { cause: err });
  }
  // Subclass first: a timeout is also a connection error.
  if (err instanceof APIConnectionTimeoutError) {
    return new ModelError('timeout', 'The model API did not answer in time.', { cause: err });
  }
  if (err instanceof APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return new ModelError(
      'connection_failed',
      scrub(`Could not reach the model API${cause}`, context.apiKey),
      {
        cause: err,
      },
    );
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const message = scrub(err.message, context.apiKey);
    const account = accountProblem(err);
    if (account) {
      return new ModelError(account, `${ACCOUNT_MESSAGES[account] ?? ''} (HTTP ${status}: ${message})`, {
        status,
        cause: err,
      });
    }
    if (status === 429) {
      const after = retryAfterMs(err.headers, context.now);
      return new ModelError('rate_limited', `Rate limited by the model API: ${message}`, {
        status,
        ...(after === undefined ? {} : { retryAfterMs: after }),
        cause: err,
      });
    }
    if (status === 401 || status === 403) {
      // The server's own text is left out on purpose: some gateways quote the rejected key.
      return new ModelError('invalid_api_key', `${INVALID_KEY_MESSAGE} (HTTP ${status})`, { status });
    }
    if (status >= 500)
      return new ModelError('server_error', `Model API error: ${message}`, { status, cause: err });
    if (status === 400 && isModeration(err)) {
      return new ModelError('moderation', `The model's content moderation rejected the turn: ${message}`, {
        status,
        cause: err,
      });
    }
    if (status === 400 && isInputTooLong(err)) {
      return new ModelError('input_too_long', `The prompt is over the model's input limit: ${message}`, {
        status,
        cause: err,
      });
    }
    return new ModelError('bad_request', `The model API refused the request: ${message}`, {
      status,
      cause: err,
    });
  }
  if (err instanceof OpenAIError) {
    return new ModelError('bad_request', scrub(err.message, context.apiKey), { cause: err });
  }
  // Anything else is a bug on our side (or a malformed answer); retrying would not help.
  const text = err instanceof Error ? err.message : String(err);
  return new ModelError('bad_request', scrub(`Unexpected model adapter failure: ${text}`, context.apiKey), {
    cause: err,
  });
}

function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
