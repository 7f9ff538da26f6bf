// The channel webhook across processes, on real Redis and the Discord-compatible server: processes
// racing for it create one; one left by an earlier run is found, not duplicated; another application's
// webhook is never taken; forgetting a stale webhook never drops the one that replaced it.
import type { Client } from 'discord.js';
import { Routes } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_NAME, WebhookStore } from '../../../src/discord/webhook-store.js';
import { createKeys, type Keys } from '../../../src/store/keys.js';
import { loginBot } from '../../support/discord/client.js';
import { DiscordTestServer, type Seeded } from '../../support/discord/index.js';
import { silentLogger } from '../../support/in-memory.js';
import { connectRedis, deletePrefix, uniquePrefix } from '../../support/redis.js';

let server: DiscordTestServer;
let world: Seeded;
let clients: Client[];
let redis: Redis;
let keys: Keys;

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
  // Two processes on one token, as in a rolling deploy.
  clients = [await loginBot(server, world.bot), await loginBot(server, world.bot)];
  redis = connectRedis();
  keys = createKeys(uniquePrefix('webhooks'));
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.destroy()));
  await server.close();
  await deletePrefix(redis, keys.prefix);
  await redis.quit();
});

const storeFor = (client: Client) => new WebhookStore(client, redis, keys, silentLogger);

describe('WebhookStore', () => {
  it('GIVEN two processes asking at once, five times each THEN one webhook is created and both use it', async () => {
    const [a, b] = clients.map(storeFor);
    const got = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).get(world.channel.id)),
    );
    expect(new Set(got.map((w) => w.id)).size).toBe(1);
    expect(server.webhooks(world.channel.id)).toHaveLength(1);
    expect(
      server.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:channelId/webhooks'),
    ).toHaveLength(1);
  });

  it('GIVEN our webhook from an earlier run but no cache THEN it is found; another app’s webhook of that name is not taken', async () => {
    const other = server.createBot({ username: 'Other' });
    server.addMember(world.guild.id, other.userId);
    const otherClient = await loginBot(server, other);
    clients.push(otherClient);
    const foreign = (await otherClient.rest.post(Routes.channelWebhooks(world.channel.id), {
      body: { name: WEBHOOK_NAME },
    })) as { id: string };
    const ours = (await clients[0]!.rest.post(Routes.channelWebhooks(world.channel.id), {
      body: { name: WEBHOOK_NAME },
    })) as { id: string };
    const found = await storeFor(clients[1]!).get(world.channel.id);
    expect(found.id).toBe(ours.id);
    expect(found.id).not.toBe(foreign.id);
    expect(server.webhooks(world.channel.id)).toHaveLength(2);
  });

  it('GIVEN a process forgets a stale webhook after another replaced it THEN the replacement stays cached', async () => {
    const [a, b] = clients.map(storeFor);
    const first = await a!.get(world.channel.id);
    server.deleteWebhook(first.id);
    await b!.invalidate(world.channel.id, first);
    const second = await b!.get(world.channel.id);
    expect(second.id).not.toBe(first.id);
    // Process A still holds the old one and now finds it gone too: dropping it must not drop B's.
    await a!.invalidate(world.channel.id, first);
    expect(JSON.parse((await redis.get(keys.webhook(world.channel.id)))!)).toEqual(second);
    expect((await a!.get(world.channel.id)).id).toBe(second.id);
    expect(server.webhooks(world.channel.id)).toHaveLength(1);
  });
});
