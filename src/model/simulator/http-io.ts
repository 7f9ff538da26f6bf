// The simulator's HTTP plumbing: reading a bounded JSON body, writing a JSON answer, and the few fixed
// answers (model list, simulator bug) that need no request logic.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { MODEL_LIMITS } from '../../core/models.js';

/** Requests larger than this are refused (413); a real prompt is far smaller. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The JSON body, or the raw text (kept for the request log) when it is not JSON. */
export function parseBody(text: string): { body: unknown; json: boolean } {
  if (text === '') return { body: undefined, json: false };
  try {
    return { body: JSON.parse(text) as unknown, json: true };
  } catch {
    return { body: text, json: false };
  }
}

/** Writes a JSON answer unless the client already went away; echoes `request_id` as x-request-id. */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return;
  const requestId = (body as { request_id?: unknown } | undefined)?.request_id;
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': typeof requestId === 'string' ? requestId : randomUUID(),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export function modelList(now: number): unknown {
  const created = Math.floor(now / 1000);
  return {
    object: 'list',
    data: Object.keys(MODEL_LIMITS).map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
  };
}

/** A simulator bug should be loud in tests, not look like a model failure worth retrying quietly. */
export function answerBug(res: ServerResponse, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'simulator_bug', message, type: 'internal_error', param: null } }));
}
