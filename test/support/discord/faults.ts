// Failures a test can program: 429s shaped like Discord's (Retry-After header in seconds, JSON body
// { message, retry_after, global }, X-RateLimit-Global/Scope) and arbitrary error responses. Outside
// these, every response carries X-RateLimit-* headers that never run out, so @discordjs/rest never
// waits on its own (feasibility §4: a 429 without Retry-After makes it retry in a hot loop).

export interface RateLimitInjection {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /**
   * The path after /api/v10: a RegExp, or a string where `:name` matches one segment and `*` anything,
   * e.g. `/webhooks/:id/:token`.
   */
  pathPattern: string | RegExp;
  retryAfterSeconds: number;
  global?: boolean;
  /** 'user' (default), 'global' or 'shared' (X-RateLimit-Scope). */
  scope?: 'user' | 'global' | 'shared';
  /** How many matching requests get the 429. @defaultValue 1 */
  times?: number;
}

export interface ErrorInjection {
  method?: string;
  pathPattern: string | RegExp;
  status: number;
  /** Discord's JSON error code. @defaultValue 0 */
  code?: number;
  message?: string;
  /** @defaultValue 1 */
  times?: number;
  /** How many matching requests go through before the fault starts (the second part of a reply). @defaultValue 0 */
  after?: number;
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface Fault {
  method?: string;
  pattern: RegExp;
  /** Matching requests still to let through before the fault applies. */
  skip: number;
  remaining: number;
  response: FaultResponse;
}

export class Faults {
  private readonly faults: Fault[] = [];

  injectRateLimit(input: RateLimitInjection): void {
    const global = input.global ?? false;
    const scope = input.scope ?? (global ? 'global' : 'user');
    const headers: Record<string, string> = {
      'retry-after': String(input.retryAfterSeconds),
      'x-ratelimit-scope': scope,
    };
    if (global) headers['x-ratelimit-global'] = 'true';
    else {
      headers['x-ratelimit-limit'] = '5';
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset-after'] = String(input.retryAfterSeconds);
      headers['x-ratelimit-reset'] = String((Date.now() / 1000 + input.retryAfterSeconds).toFixed(3));
    }
    this.add(input, {
      status: 429,
      headers,
      body: { message: 'You are being rate limited.', retry_after: input.retryAfterSeconds, global },
    });
  }

  injectError(input: ErrorInjection): void {
    this.add(input, {
      status: input.status,
      headers: {},
      body: { message: input.message ?? `${input.status}: injected`, code: input.code ?? 0 },
    });
  }

  /** The programmed response for this request, if any is left; consumes one use. */
  take(method: string, path: string): FaultResponse | undefined {
    const matching = this.faults.filter(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && f.pattern.test(path),
    );
    const fault = matching.find((f) => f.skip === 0);
    // Faults still waiting let this request through, and count it.
    for (const waiting of matching) if (waiting.skip > 0) waiting.skip -= 1;
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.response;
  }

  clear(): void {
    this.faults.length = 0;
  }

  private add(
    input: { method?: string; pathPattern: string | RegExp; times?: number; after?: number },
    response: FaultResponse,
  ): void {
    this.faults.push({
      ...(input.method ? { method: input.method.toUpperCase() } : {}),
      pattern: toRegExp(input.pathPattern),
      skip: input.after ?? 0,
      remaining: input.times ?? 1,
      response,
    });
  }
}

/** Headers for ordinary responses: a bucket that never empties. */
export function rateLimitHeaders(route: string): Record<string, string> {
  return {
    'x-ratelimit-limit': '10000',
    'x-ratelimit-remaining': '9999',
    'x-ratelimit-reset-after': '1',
    'x-ratelimit-reset': String((Date.now() / 1000 + 1).toFixed(3)),
    'x-ratelimit-bucket': Buffer.from(route).toString('base64url').slice(0, 32),
  };
}

function toRegExp(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('/')
    .map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}
