// Troupe's one small HTTP server (node:http): health checks, Prometheus metrics, and whatever other
// modules mount on it (persona avatars). Routes are GET only (HEAD answered from GET) and handlers return
// their response as a value, so a route is a plain function that tests can call without a socket.
// Unknown paths get 404, other methods 405; a handler that throws gets a 500 and is logged once here,
// at the edge. Nothing here reads a request body, so a slow or huge upload cannot tie the process up.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CoreLogger } from '../core/ports.js';

/** How long a client may take to send its request headers, ms (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;
/** How long a whole request may take, ms. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections are closed after this, ms (above Prometheus' usual scrape interval/3). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface HttpRequest {
  /** `GET` or `HEAD`. */
  method: string;
  /** The path, still percent-encoded, without the query (`/avatars/ling-lu.png`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /**
   * For a prefix route (`/avatars/*`), what follows the prefix, still percent-encoded
   * (`ling-lu.png`); empty for exact routes.
   */
  rest: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** Text is sent as UTF-8; a `content-type` header defaults to `text/plain; charset=utf-8`. */
  body: string | Uint8Array;
}

export type HttpHandler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** What other modules see of the server: a place to mount GET routes. */
export interface HttpRoutes {
  /**
   * Answers GET (and HEAD) on `path`: an exact path (`/healthz`), or a prefix ending in `/*`
   * (`/avatars/*`, which matches `/avatars/x.png` and hands the handler `rest: 'x.png'`). The exact
   * route wins over a prefix; the longer prefix over a shorter one. Mounting the same path twice throws.
   */
  get(path: string, handler: HttpHandler): void;
}

export interface HttpServerOptions {
  log: CoreLogger;
}

export class HttpServer implements HttpRoutes {
  private readonly exact = new Map<string, HttpHandler>();
  /** Prefix routes, longest prefix first. */
  private prefixes: Array<{ prefix: string; handler: HttpHandler }> = [];
  private readonly server: Server;
  private readonly log: CoreLogger;

  constructor(options: HttpServerOptions) {
    this.log = options.log.child({ module: 'http' });
    this.server = createServer((req, res) => void this.handle(req.method ?? 'GET', req.url ?? '/', req, res));
    this.server.headersTimeout = HEADERS_TIMEOUT_MS;
    this.server.requestTimeout = REQUEST_TIMEOUT_MS;
    this.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  }

  get(path: string, handler: HttpHandler): void {
    if (!path.startsWith('/')) throw new Error(`HTTP route must start with "/": ${path}`);
    if (path.endsWith('/*')) {
      const prefix = path.slice(0, -1);
      if (this.prefixes.some((route) => route.prefix === prefix))
        throw new Error(`HTTP route already mounted: ${path}`);
      this.prefixes = [...this.prefixes, { prefix, handler }].sort(
        (a, b) => b.prefix.length - a.prefix.length,
      );
      return;
    }
    if (this.exact.has(path)) throw new Error(`HTTP route already mounted: ${path}`);
    this.exact.set(path, handler);
  }

  /** Starts listening; resolves to the base URL (`http://127.0.0.1:PORT`). Port 0 picks a free one. */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${address.port}`;
    this.log.info({ port: address.port, host }, 'HTTP server listening');
    return url;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Finds the route for a path, or undefined. Exact routes first, then the longest matching prefix. */
  private route(path: string): { handler: HttpHandler; rest: string } | undefined {
    const exact = this.exact.get(path);
    if (exact) return { handler: exact, rest: '' };
    const match = this.prefixes.find((route) => path.startsWith(route.prefix));
    return match ? { handler: match.handler, rest: path.slice(match.prefix.length) } : undefined;
  }

  private async handle(
    method: string,
    rawUrl: string,
    req: { headers: IncomingHttpHeaders },
    res: ServerResponse,
  ): Promise<void> {
    let response: HttpResponse;
    // The host is irrelevant: only the path and query are read.
    const url = new URL(rawUrl, 'http://troupe.invalid');
    const found = this.route(url.pathname);
    if (!found) response = text(404, 'not found\n');
    else if (method !== 'GET' && method !== 'HEAD')
      response = { ...text(405, 'method not allowed\n'), headers: { allow: 'GET, HEAD' } };
    else {
      try {
        response = await found.handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          rest: found.rest,
        });
      } catch (err) {
        this.log.error({ err, path: url.pathname }, 'HTTP handler failed');
        response = text(500, 'internal error\n');
      }
    }
    send(res, method, response);
  }
}

/** A plain-text response. */
export function text(status: number, body: string): HttpResponse {
  return { status, body };
}

function send(res: ServerResponse, method: string, response: HttpResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...response.headers,
    'content-length': String(body.byteLength),
  };
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}
