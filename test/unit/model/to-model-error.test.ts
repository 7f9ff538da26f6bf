// GIVEN what the openai SDK throws THEN the adapter's coded error, with the right retry decision.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/core/errors.js';
import { ACCOUNT_ERRORS } from '../../../src/model/simulator/error-bodies.js';
import { retryAfterMs, toModelError } from '../../../src/model/to-model-error.js';

function apiError(
  status: number,
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
): APIError {
  return APIError.generate(status, { error }, undefined, new Headers(headers));
}

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('GIVEN Retry-After in seconds THEN milliseconds', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1_500);
  });

  it('GIVEN Retry-After as an HTTP date THEN the time until then', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }), now)).toBe(30_000);
  });

  it('GIVEN an HTTP date in the past THEN zero', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }), now)).toBe(0);
  });

  it('GIVEN retry-after-ms THEN it wins over Retry-After', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('GIVEN nothing usable THEN undefined', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('toModelError', () => {
  it('GIVEN a 429 THEN rate_limited, retryable, with retryAfterMs', () => {
    const err = toModelError(
      apiError(429, { code: 'limit_requests', message: 'slow down' }, { 'retry-after': '3' }),
    );
    expect(err).toBeInstanceOf(ModelError);
    expect([err.code, err.retryable, err.retryAfterMs, err.status]).toEqual([
      'rate_limited',
      true,
      3_000,
      429,
    ]);
  });

  it('GIVEN a 429 without Retry-After THEN no retryAfterMs', () => {
    expect(toModelError(apiError(429, { message: 'x' })).retryAfterMs).toBeUndefined();
  });

  it.each([500, 502, 503])('GIVEN a %i THEN server_error, retryable', (status) => {
    const err = toModelError(apiError(status, { message: 'boom' }));
    expect([err.code, err.retryable, err.status]).toEqual(['server_error', true, status]);
  });

  it.each([
    {
      code: 'data_inspection_failed',
      type: 'data_inspection_failed',
      message: 'Input data may contain inappropriate content.',
    },
    { code: 'DataInspectionFailed', message: 'Output data may contain inappropriate content.' },
    {
      code: 'invalid_parameter_error',
      message:
        '<400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate content.',
    },
  ])('GIVEN a moderation 400 ($code) THEN moderation, not retryable', (body) => {
    const err = toModelError(apiError(400, body));
    expect([err.code, err.retryable, err.status]).toEqual(['moderation', false, 400]);
  });

  it.each([
    // Model Studio's compatible mode, as the simulator sends it (error-bodies.ts `inputTooLong`).
    {
      code: 'invalid_parameter_error',
      type: 'invalid_request_error',
      param: null,
      message: '<400> InternalError.Algo.InvalidParameter: Range of input length should be [1, 8000]',
    },
    // Older answers carry the bare sentence.
    { code: 'InvalidParameter', message: 'Range of input length should be [1, 30000]' },
    // OpenAI and vLLM.
    { code: 'context_length_exceeded', message: 'Please reduce the length of the messages.' },
    { message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens." },
  ])('GIVEN an over-limit 400 ($code) THEN input_too_long, not retried as it is', (body) => {
    const err = toModelError(apiError(400, body));
    expect([err.code, err.retryable, err.status]).toEqual(['input_too_long', false, 400]);
  });

  it('GIVEN another invalid parameter THEN still bad_request', () => {
    const err = toModelError(
      apiError(400, { code: 'invalid_parameter_error', message: 'Range of max_tokens should be [1, 4096]' }),
    );
    expect(err.code).toBe('bad_request');
  });

  it.each([401, 403])('GIVEN a %i THEN invalid_api_key naming DASHSCOPE_API_KEY, never the key', (status) => {
    const key = 'sk-secret-123456';
    const err = toModelError(
      apiError(status, { code: 'invalid_api_key', message: `Incorrect API key provided: ${key}` }),
      {
        apiKey: key,
      },
    );
    expect([err.code, err.retryable, err.status]).toEqual(['invalid_api_key', false, status]);
    expect(err.message).toContain('DASHSCOPE_API_KEY');
    expect(err.message).not.toContain(key);
    expect(JSON.stringify(err.details)).not.toContain(key);
  });

  it('GIVEN another 4xx THEN bad_request with the server message, the key scrubbed', () => {
    const err = toModelError(apiError(404, { message: 'model sk-abcdef not found' }), {
      apiKey: 'sk-abcdef',
    });
    expect([err.code, err.retryable, err.status]).toEqual(['bad_request', false, 404]);
    expect(err.message).toContain('model [redacted] not found');
  });

  it('GIVEN a timeout THEN timeout, retryable', () => {
    const err = toModelError(new APIConnectionTimeoutError());
    expect([err.code, err.retryable]).toEqual(['timeout', true]);
  });

  it('GIVEN a connection error THEN connection_failed, retryable, with the cause', () => {
    const err = toModelError(
      new APIConnectionError({ cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }),
    );
    expect([err.code, err.retryable]).toEqual(['connection_failed', true]);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('GIVEN the SDK abort error THEN aborted, not retryable', () => {
    const err = toModelError(new APIUserAbortError());
    expect([err.code, err.retryable]).toEqual(['aborted', false]);
  });

  it("GIVEN the caller's signal aborted THEN aborted, whatever the error", () => {
    const controller = new AbortController();
    controller.abort();
    expect(toModelError(new APIConnectionError({}), { signal: controller.signal }).code).toBe('aborted');
  });

  it('GIVEN an unexpected error THEN bad_request (a bug: not retried)', () => {
    const err = toModelError(new TypeError('x is undefined'));
    expect([err.code, err.retryable]).toEqual(['bad_request', false]);
  });

  it('GIVEN a ModelError THEN returns it unchanged', () => {
    const original = new ModelError('timeout', 't');
    expect(toModelError(original)).toBe(original);
  });
});

describe('Model Studio quota, billing and access errors', () => {
  // The bodies the simulator sends: Model Studio's codes and messages.
  const asApiError = (name: keyof typeof ACCOUNT_ERRORS): APIError => {
    const { status, body } = ACCOUNT_ERRORS[name]();
    return apiError(status, body.error);
  };

  it.each([
    ['free-quota-exhausted', 429, 'quota_exhausted'],
    ['free-tier-only', 403, 'quota_exhausted'],
    ['arrearage', 400, 'account_overdue'],
    ['prepaid-bill-overdue', 429, 'account_overdue'],
    ['postpaid-bill-overdue', 429, 'account_overdue'],
    ['commodity-not-purchased', 429, 'model_access_denied'],
    ['model-access-denied', 403, 'model_access_denied'],
    ['access-unpurchased', 403, 'model_access_denied'],
    ['workspace-access-denied', 403, 'model_access_denied'],
    ['model-not-found', 404, 'model_not_found'],
  ] as const)('GIVEN %s (HTTP %i) THEN %s, not retried', (name, status, code) => {
    const err = toModelError(asApiError(name), { apiKey: 'sk-secret-key' });
    expect([err.code, err.retryable, err.status]).toEqual([code, false, status]);
    expect(err.message).not.toContain('sk-secret-key');
  });

  it.each(['token-quota', 'insufficient-quota'] as const)(
    'GIVEN the per-minute token quota (%s) THEN rate_limited and retried, as the reference says it clears within the minute',
    (name) => {
      const err = toModelError(asApiError(name));
      expect([err.code, err.retryable, err.status]).toEqual(['rate_limited', true, 429]);
    },
  );

  it('GIVEN Arrearage as a 403 THEN account_overdue all the same, not a rejected key', () => {
    const err = toModelError(
      apiError(403, { code: 'Arrearage', type: 'Arrearage', message: 'Access denied, please make sure…' }),
    );
    expect([err.code, err.retryable]).toEqual(['account_overdue', false]);
  });

  it("GIVEN OpenAI's insufficient_quota (credit used up, no token-limit pointer) THEN quota_exhausted", () => {
    const err = toModelError(
      apiError(429, {
        code: 'insufficient_quota',
        type: 'insufficient_quota',
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      }),
    );
    expect([err.code, err.retryable]).toEqual(['quota_exhausted', false]);
  });

  it('GIVEN a 403 with no code THEN still invalid_api_key (a gateway rejecting the key)', () => {
    expect(toModelError(apiError(403, { message: 'Forbidden' })).code).toBe('invalid_api_key');
  });
});
