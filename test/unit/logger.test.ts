import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzOnNlY3JldA';
const WEBHOOK_TOKEN = 'webhook-secret-token-0123456789';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A Discord-compatible REST endpoint that refuses everything as Discord does (404, a JSON error). */
async function refusingDiscord(): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Unknown interaction', code: 10062 }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api`;
}

/** What the logger writes, one parsed line per entry. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('info', destination), lines };
}

describe('createLogger', () => {
  it('GIVEN a refused interaction reply or webhook post logged as { err } THEN neither token nor the message text is in the log', async () => {
    const rest = new REST({ api: await refusingDiscord(), retries: 0 }).setToken('bot-token');
    const { log, lines } = capturedLogger();

    const failures = await Promise.all([
      rest
        .post(Routes.interactionCallback('1234567890', INTERACTION_TOKEN), {
          body: { type: 4, data: { content: 'what Mia said' } },
          auth: false,
        })
        .catch((err: unknown) => err),
      rest
        .post(Routes.webhook('2345678901', WEBHOOK_TOKEN), {
          body: { content: 'what Mia said' },
          auth: false,
        })
        .catch((err: unknown) => err),
    ]);
    for (const err of failures) log.error({ err }, 'interaction failed');

    const written = lines.join('');
    expect(lines).toHaveLength(2);
    // Still says what failed and where, without the secret part.
    expect(written).toContain('/interactions/1234567890/…/callback');
    expect(written).toContain('/webhooks/2345678901/…');
    expect(written).toContain('Unknown interaction');
    expect(written).not.toContain(INTERACTION_TOKEN);
    expect(written).not.toContain(WEBHOOK_TOKEN);
    expect(written).not.toContain('what Mia said');
  });
});
