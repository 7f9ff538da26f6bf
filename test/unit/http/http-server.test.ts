import { afterEach, describe, expect, it } from 'vitest';
import { mountHealthRoutes, type HealthProbe } from '../../../src/http/health-routes.js';
import { HttpServer } from '../../../src/http/http-server.js';
import { silentLogger } from '../../support/in-memory.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(mount: (s: HttpServer) => void): Promise<string> {
  server = new HttpServer({ log: silentLogger });
  mount(server);
  return server.listen(0, '127.0.0.1');
}

const probe = (name: string, problem: () => string | undefined): HealthProbe => ({
  name,
  check: async () => problem(),
});

describe('HttpServer', () => {
  it('GIVEN exact and prefix routes THEN each path reaches its handler, the exact one first', async () => {
    const url = await start((s) => {
      s.get('/avatars/*', (req) => ({ status: 200, body: `prefix ${req.rest}` }));
      s.get('/avatars/deep/*', (req) => ({ status: 200, body: `deep ${req.rest}` }));
      s.get('/avatars/list', () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '[]',
      }));
    });
    expect(await (await fetch(`${url}/avatars/ling%20lu.png?v=2`)).text()).toBe('prefix ling%20lu.png');
    expect(await (await fetch(`${url}/avatars/deep/x.png`)).text()).toBe('deep x.png');
    const list = await fetch(`${url}/avatars/list`);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(await list.text()).toBe('[]');
  });

  it('GIVEN an unknown path, another method or a throwing handler THEN 404, 405 with Allow, 500', async () => {
    const url = await start((s) => {
      s.get('/boom', () => {
        throw new Error('secret detail');
      });
      s.get('/bin', () => ({ status: 200, body: new Uint8Array([1, 2, 3]) }));
    });
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    const post = await fetch(`${url}/bin`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const boom = await fetch(`${url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain('secret');
    const head = await fetch(`${url}/bin`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('3');
    expect(new Uint8Array(await (await fetch(`${url}/bin`)).arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  it('GIVEN a path mounted twice THEN mounting throws', () => {
    server = new HttpServer({ log: silentLogger });
    server.get('/x', () => ({ status: 200, body: '' }));
    expect(() => server!.get('/x', () => ({ status: 200, body: '' }))).toThrow(/already mounted/);
    expect(() => server!.get('relative', () => ({ status: 200, body: '' }))).toThrow(/start with/);
  });
});

describe('health routes', () => {
  it('GIVEN a failing readiness probe THEN /healthz is 200 and /readyz 503 with the reason', async () => {
    let discord: string | undefined = 'shard 0: Connecting';
    const url = await start((s) =>
      mountHealthRoutes(s, {
        live: [probe('redis', () => undefined)],
        ready: [probe('discord', () => discord)],
      }),
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toBe('discord: shard 0: Connecting\n');
    discord = undefined;
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ok\n']);
  });

  it('GIVEN a failing or throwing liveness probe THEN both answer 503 naming each problem', async () => {
    const url = await start((s) =>
      mountHealthRoutes(s, {
        live: [
          probe('redis', () => 'not connected (reconnecting)'),
          { name: 'other', check: () => Promise.reject(new Error('exploded')) },
        ],
        ready: [],
      }),
    );
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('redis: not connected (reconnecting)\nother: exploded\n');
    }
  });
});
