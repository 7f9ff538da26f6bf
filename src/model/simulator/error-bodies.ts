// The error responses the simulator sends, shaped like DashScope's OpenAI-compatible mode:
//   {"error":{"code":…,"param":…,"message":…,"type":…},"id":"chatcmpl-…","request_id":"…"}
// Codes and messages are the ones DashScope returns (as seen in client issue reports), so the model
// adapter is tested against what production sends rather than against our own idea of it.
import { randomUUID } from 'node:crypto';

export interface SimErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: {
    error: { code: string; param: string | null; message: string; type: string };
    id: string;
    request_id: string;
  };
}

/** The `code` values, exported so tests assert against the same constants. */
export const ERROR_CODES = {
  invalidParameter: 'invalid_parameter_error',
  moderation: 'data_inspection_failed',
  invalidApiKey: 'invalid_api_key',
  rateLimited: 'limit_requests',
  internal: 'internal_error',
  notFound: 'model_not_found',
  /** The per-minute token quota, as the compatible mode spells `Throttling.AllocationQuota`. */
  insufficientQuota: 'insufficient_quota',
  allocationQuota: 'Throttling.AllocationQuota',
  freeTierOnly: 'AllocationQuota.FreeTierOnly',
  arrearage: 'Arrearage',
  prepaidBillOverdue: 'PrepaidBillOverdue',
  postpaidBillOverdue: 'PostpaidBillOverdue',
  commodityNotPurchased: 'CommodityNotPurchased',
  modelAccessDenied: 'Model.AccessDenied',
  accessUnpurchased: 'AccessDenied.Unpurchased',
  workspaceAccessDenied: 'Workspace.AccessDenied',
} as const;

function errorResponse(
  status: number,
  error: { code: string; message: string; type: string; param?: string | null },
  headers: Record<string, string> = {},
): SimErrorResponse {
  const requestId = randomUUID();
  return {
    status,
    headers,
    body: {
      error: { code: error.code, param: error.param ?? null, message: error.message, type: error.type },
      id: `chatcmpl-${requestId}`,
      request_id: requestId,
    },
  };
}

export function invalidParameter(message: string, param: string | null): SimErrorResponse {
  return errorResponse(400, {
    code: ERROR_CODES.invalidParameter,
    message,
    type: 'invalid_request_error',
    param,
  });
}

/**
 * A prompt over the model's input limit, as Model Studio answers it: 400 `invalid_parameter_error`, the
 * limit in the message (its error-code page: "Range of input length should be [1, xxx]"; the message
 * as DashScope's compatible mode sends it, quoted in client reports such as QwenLM/qwen-code#98:
 * "<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 204800]").
 */
export function inputTooLong(maxInputTokens: number): SimErrorResponse {
  return errorResponse(400, {
    code: ERROR_CODES.invalidParameter,
    message: `<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, ${maxInputTokens}]`,
    type: 'invalid_request_error',
    param: null,
  });
}

export function moderationFailed(): SimErrorResponse {
  return errorResponse(400, {
    code: ERROR_CODES.moderation,
    message: 'Input data may contain inappropriate content.',
    type: ERROR_CODES.moderation,
  });
}

export function invalidApiKey(): SimErrorResponse {
  return errorResponse(401, {
    code: ERROR_CODES.invalidApiKey,
    message: 'Incorrect API key provided.',
    type: 'invalid_request_error',
  });
}

export interface RetryAfter {
  /** Sent as `Retry-After: <seconds>`. */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms` (OpenAI's header). */
  retryAfterMs?: number;
  /** Sent as `Retry-After: <HTTP date>`. */
  retryAfterDate?: Date;
}

export function rateLimited(retry: RetryAfter = {}): SimErrorResponse {
  const headers: Record<string, string> = {};
  if (retry.retryAfterSeconds !== undefined) headers['retry-after'] = String(retry.retryAfterSeconds);
  else if (retry.retryAfterDate !== undefined) headers['retry-after'] = retry.retryAfterDate.toUTCString();
  if (retry.retryAfterMs !== undefined) headers['retry-after-ms'] = String(retry.retryAfterMs);
  return errorResponse(
    429,
    {
      code: ERROR_CODES.rateLimited,
      message: 'Requests rate limit exceeded, please try again later.',
      type: ERROR_CODES.rateLimited,
    },
    headers,
  );
}

export function internalError(status = 500): SimErrorResponse {
  return errorResponse(status, {
    code: ERROR_CODES.internal,
    message: 'An internal error has occured, please try again later or contact service support.',
    type: ERROR_CODES.internal,
  });
}

export function notFound(path: string): SimErrorResponse {
  return errorResponse(404, {
    code: ERROR_CODES.notFound,
    message: `No route for ${path}.`,
    type: 'invalid_request_error',
  });
}

/**
 * Model Studio's quota, billing and access refusals (its error-code reference, and bodies seen from
 * the compatible mode, which keeps the native code in `code` and `type`). Only the per-minute token
 * quota (`token-quota`, `insufficient-quota`) passes by waiting; every other one needs an operator.
 */
export const ACCOUNT_ERRORS = {
  /** The per-minute token quota of a model: it clears within the minute. */
  'token-quota': () =>
    errorResponse(429, {
      code: ERROR_CODES.allocationQuota,
      message: 'Allocated quota exceeded, please increase your quota limit.',
      type: ERROR_CODES.allocationQuota,
    }),
  /** The same quota in the compatible mode's OpenAI spelling, pointing at the reference's #token-limit. */
  'insufficient-quota': () =>
    errorResponse(429, {
      code: ERROR_CODES.insufficientQuota,
      message:
        'You exceeded your current quota, please check your plan and billing details. For details, see: https://help.aliyun.com/zh/model-studio/error-code#token-limit',
      type: ERROR_CODES.insufficientQuota,
    }),
  /** The free quota is used up. */
  'free-quota-exhausted': () =>
    errorResponse(429, {
      code: ERROR_CODES.allocationQuota,
      message: 'Free allocated quota exceeded.',
      type: ERROR_CODES.allocationQuota,
    }),
  /** The free quota is used up and the console's "free quota only" mode is on. */
  'free-tier-only': () =>
    errorResponse(403, {
      code: ERROR_CODES.freeTierOnly,
      message:
        'The free tier of the model has been exhausted. If you wish to continue access the model on a paid basis, please disable the "use free tier only" mode in the management console.',
      type: ERROR_CODES.freeTierOnly,
    }),
  /** The account has an overdue payment. */
  arrearage: () =>
    errorResponse(400, {
      code: ERROR_CODES.arrearage,
      message: 'Access denied, please make sure your account is in good standing.',
      type: ERROR_CODES.arrearage,
    }),
  'prepaid-bill-overdue': () =>
    errorResponse(429, {
      code: ERROR_CODES.prepaidBillOverdue,
      message: 'The prepaid bill is overdue.',
      type: ERROR_CODES.prepaidBillOverdue,
    }),
  'postpaid-bill-overdue': () =>
    errorResponse(429, {
      code: ERROR_CODES.postpaidBillOverdue,
      message: 'The postpaid bill is overdue.',
      type: ERROR_CODES.postpaidBillOverdue,
    }),
  /** The model was never activated for the account. */
  'commodity-not-purchased': () =>
    errorResponse(429, {
      code: ERROR_CODES.commodityNotPurchased,
      message: 'Commodity has not purchased yet.',
      type: ERROR_CODES.commodityNotPurchased,
    }),
  'model-access-denied': () =>
    errorResponse(403, {
      code: ERROR_CODES.modelAccessDenied,
      message: 'Model access denied.',
      type: ERROR_CODES.modelAccessDenied,
    }),
  'access-unpurchased': () =>
    errorResponse(403, {
      code: ERROR_CODES.accessUnpurchased,
      message: 'Access to model denied. Please make sure you are eligible for using the model.',
      type: ERROR_CODES.accessUnpurchased,
    }),
  'workspace-access-denied': () =>
    errorResponse(403, {
      code: ERROR_CODES.workspaceAccessDenied,
      message: 'Workspace access denied.',
      type: ERROR_CODES.workspaceAccessDenied,
    }),
  /** No such model at this endpoint (a typo, or a model of another region). */
  'model-not-found': () =>
    errorResponse(404, {
      code: ERROR_CODES.notFound,
      message: 'The model `qwen-plus-character-ja` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
    }),
} as const satisfies Record<string, () => SimErrorResponse>;

export type AccountError = keyof typeof ACCOUNT_ERRORS;
