// The REST plumbing: a tiny router over `/api/v10` paths, request bodies (JSON, or multipart with
// payload_json + files[n] as discord.js sends uploads), and the route contract handlers implement.
// Handlers return a RouteResult or throw a DiscordError; server.ts does the I/O around them.
import type { IncomingMessage } from 'node:http';
import type { ServerContext } from './context.js';
import { DiscordError, unauthorized } from './errors.js';
import type { UploadedFile } from './messages.js';
import type { BotRecord } from './state.js';

export type Json = Record<string, unknown>;

export interface RouteRequest {
  ctx: ServerContext;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  /** Raw JSON when the body is an array (bulk command overwrite). */
  bodyArray?: unknown[];
  files: UploadedFile[];
  /** The bot whose token came with the request, if any. */
  bot?: BotRecord;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Segments starting with `:` are parameters, e.g. `/channels/:channelId/messages`. */
  pattern: string;
  /** 'bot' needs `Authorization: Bot <token>`; 'none' is for webhook-token and interaction routes. */
  auth: 'bot' | 'none';
  handle: (req: RouteRequest) => RouteResult | Promise<RouteResult>;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });

/** The authenticated bot, or 401 (which makes @discordjs/rest drop its token, as with Discord). */
export function requireBot(req: RouteRequest): BotRecord {
  if (!req.bot) throw unauthorized();
  return req.bot;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  for (const route of routes) {
    if (route.method !== method) continue;
    const parts = route.pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = parts.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (matched) return { route, params };
  }
  return undefined;
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A high surrogate not followed by a low one, or a low one not after a high one (UTF-16 code units: no `u` flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses a payload with a lone UTF-16 surrogate (half an emoji) in any string, key or value, at any
 * depth. Discord stores text as UTF-8, where a lone surrogate has no encoding, so it cannot take one
 * (the contract check saw 400s and 500s); RFC 8259 §8.2 and I-JSON (RFC 7493) call such
 * strings not interoperable. The fake answers as for any JSON Discord cannot read: 400, 50109.
 */
export function assertWellFormedText(value: unknown, path = 'body'): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      throw new DiscordError(
        400,
        50109,
        `The request body contains invalid JSON (a lone surrogate in ${path}).`,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertWellFormedText(item, `${path}[${i}]`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertWellFormedText(key, `${path} key`);
      assertWellFormedText(item, `${path}.${key}`);
    }
  }
}

/** Parses JSON or multipart/form-data (Node's own Response#formData, no extra dependency). */
export async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: Json; bodyArray?: unknown[]; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: {}, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: Json = {};
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') {
        body = JSON.parse(value) as Json;
        assertWellFormedText(body);
      } else if (typeof value !== 'string') {
        assertWellFormedText(value.name, 'filename');
        files.push({
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          bytes: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
  }
  assertWellFormedText(parsed);
  if (Array.isArray(parsed)) return { body: {}, bodyArray: parsed, files: [] };
  return { body: (parsed ?? {}) as Json, files: [] };
}

/** Reads an optional string field, refusing other types as Discord's form validation does. */
export function optionalString(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new DiscordError(400, 50035, 'Invalid Form Body', {
      [field]: { _errors: [{ code: 'BASE_TYPE_STRING', message: 'Must be a string.' }] },
    });
  }
  return value;
}
