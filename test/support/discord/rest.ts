// One REST request, start to finish: programmed faults first (a 429 comes before anything else, as on
// Discord), then the route, its authentication and its handler; DiscordErrors become Discord's JSON
// error bodies, anything else a 500 whose stack is kept in the request log as a bug in the fake.
// Every request is recorded with method, path and status, but never its Authorization header.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from './context.js';
import { DiscordError, unauthorized } from './errors.js';
import type { Faults } from './faults.js';
import { rateLimitHeaders } from './faults.js';
import type { Route } from './http.js';
import { matchRoute, parseBody, readBody, safeDecode } from './http.js';
import type { RecordedRequest } from './recorder.js';
import { channelRoutes } from './routes/channels.js';
import { commandRoutes } from './routes/commands.js';
import { guildRoutes } from './routes/guilds.js';
import { interactionRoutes } from './routes/interactions.js';
import { messageRoutes } from './routes/messages.js';
import { metaRoutes } from './routes/meta.js';
import { webhookRoutes } from './routes/webhooks.js';

const API_PREFIX = '/api/v10';

// First match wins, so literal paths (`/users/@me`) come before parameterised ones (`/users/:userId`).
const ROUTES: readonly Route[] = [
  ...metaRoutes,
  ...commandRoutes,
  ...guildRoutes,
  ...channelRoutes,
  ...messageRoutes,
  ...webhookRoutes,
  ...interactionRoutes,
];

export async function handleHttp(
  ctx: ServerContext,
  faults: Faults,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = (request.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/attachments/')) return serveAttachment(ctx, url.pathname, response);
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
    return send(response, 404, { message: '404: Not Found', code: 0 }, {});
  }
  const rawPath = url.pathname.slice(API_PREFIX.length);
  const path = rawPath.split('/').map(safeDecode).join('/');
  const entry: RecordedRequest = {
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    atMs: Date.now(),
  };
  const raw = await readBody(request);
  let status = 500;
  let body: unknown;
  let headers: Record<string, string> = {};
  try {
    const fault = faults.take(method, path);
    if (fault) {
      ({ status, body, headers } = fault);
    } else {
      const match = matchRoute(ROUTES, method, rawPath);
      if (!match) throw new DiscordError(404, 0, '404: Not Found');
      entry.route = match.route.pattern;
      const bot = authenticate(ctx, request.headers.authorization);
      if (bot) entry.botUserId = bot.userId;
      if (match.route.auth === 'bot' && !bot) throw unauthorized();
      const parsed = await parseBody(raw, request.headers['content-type']);
      entry.body = parsed.bodyArray ?? parsed.body;
      const result = await match.route.handle({
        ctx,
        params: match.params,
        query: url.searchParams,
        ...parsed,
        ...(bot ? { bot } : {}),
      });
      ({ status, body } = result);
      headers = rateLimitHeaders(match.route.pattern);
    }
  } catch (err) {
    if (err instanceof DiscordError) {
      status = err.status;
      body = err.toJSON();
      headers = { ...rateLimitHeaders(entry.route ?? path), ...err.headers };
    } else {
      status = 500;
      body = { message: '500: Internal Server Error', code: 0 };
      entry.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    }
  }
  entry.status = status;
  ctx.recorder.requests.push(entry);
  send(response, status, body, headers);
  ctx.recorder.changed();
}

/** The bot behind `Authorization: Bot <token>`; a header with an unknown token is refused outright. */
function authenticate(ctx: ServerContext, header: string | undefined) {
  if (!header) return undefined;
  const token = header.replace(/^Bot\s+/i, '');
  const bot = ctx.state.botByToken(token);
  if (!bot) throw unauthorized();
  return bot;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function serveAttachment(ctx: ServerContext, pathname: string, response: ServerResponse): void {
  const [, , , id] = pathname.split('/');
  const file = id ? ctx.state.attachments.get(id) : undefined;
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response
    .writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length })
    .end(file.bytes);
}
