// The Discord stage on the Discord-compatible server: a reply replaced in place (fewer or more chunks
// than before) through the webhook that posted it, in a channel and in a thread, and by a persona's own
// bot; what the channel shows afterwards is the new text, in order, under the persona's name.
import type { Client } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withDefaults } from '../../../src/core/channel-settings.js';
import { personaSchema, type Persona } from '../../../src/core/persona.js';
import { AdminNotices } from '../../../src/discord/admin-notices.js';
import { StagePostError } from '../../../src/core/errors.js';
import { DiscordStage, MAX_WEBHOOK_RECREATIONS } from '../../../src/discord/discord-stage.js';
import { PersonaBots } from '../../../src/discord/persona-bots.js';
import { WebhookStore } from '../../../src/discord/webhook-store.js';
import { createKeys, type Keys } from '../../../src/store/keys.js';
import { RedisFailureLog } from '../../../src/store/redis-failure-log.js';
import { loginBot } from '../../support/discord/client.js';
import { DiscordTestServer, type Seeded } from '../../support/discord/index.js';
import { silentLogger } from '../../support/in-memory.js';
import { connectRedis, deletePrefix, uniquePrefix } from '../../support/redis.js';

let server: DiscordTestServer;
let world: Seeded;
let client: Client;
let redis: Redis;
let keys: Keys;
let personaBots: PersonaBots;

const persona = (id: string, name: string): Persona => personaSchema.parse({ id, name, profile: 'P' });
const lingLu = persona('ling-lu', 'Ling Lu');
const taoLe = persona('tao-le', 'Tao Le');

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
  client = await loginBot(server, world.bot);
  redis = connectRedis();
  keys = createKeys(uniquePrefix('stage'));
  const taoBot = server.createBot({ username: 'Tao Le' });
  server.addMember(world.guild.id, taoBot.userId);
  personaBots = new PersonaBots([{ persona: taoLe, token: taoBot.token }], {
    apiUrl: server.apiUrl,
    tuning: { restGlobalRequestsPerSecond: 1e6, fastIdentify: true, waitGuildTimeoutMs: 500 },
  });
  await personaBots.login(silentLogger);
});

afterEach(async () => {
  await client.destroy();
  await personaBots.destroy();
  await server.close();
  await deletePrefix(redis, keys.prefix);
  await redis.quit();
});

function stage(): DiscordStage {
  return new DiscordStage({
    client,
    personaBots,
    webhooks: new WebhookStore(client, redis, keys, silentLogger),
    notices: new AdminNotices(client, new RedisFailureLog(redis, keys), silentLogger),
    settings: { get: async () => withDefaults({}) },
    allowUserPingsEverywhere: false,
    log: silentLogger,
  });
}

const shown = (channelId: string) => server.messages(channelId).map((m) => [m.author.username, m.content]);

it('GIVEN a posted reply WHEN it is replaced by more chunks, then by fewer THEN the channel shows the new text in order', async () => {
  const s = stage();
  const posted = await s.post(world.channel.id, lingLu, ['one']);
  const longer = await s.edit(world.channel.id, lingLu, posted.messageIds, ['uno', 'dos']);
  expect(longer.messageIds[0]).toBe(posted.messageIds[0]);
  expect(shown(world.channel.id)).toEqual([
    ['Ling Lu', 'uno'],
    ['Ling Lu', 'dos'],
  ]);
  const shorter = await s.edit(world.channel.id, lingLu, longer.messageIds, ['ichi']);
  expect(shorter.messageIds).toEqual([posted.messageIds[0]]);
  expect(shown(world.channel.id)).toEqual([['Ling Lu', 'ichi']]);
});

it('GIVEN a reply in a thread THEN it is replaced there through the parent webhook', async () => {
  const thread = server.createThread(world.channel.id, { name: 'side' });
  const s = stage();
  const posted = await s.post(thread.id, lingLu, ['before']);
  await s.edit(thread.id, lingLu, posted.messageIds, ['after']);
  expect(shown(thread.id)).toEqual([['Ling Lu', 'after']]);
});

it('GIVEN a persona with its own bot THEN it posts and edits as itself', async () => {
  const s = stage();
  const posted = await s.post(world.channel.id, taoLe, ['la']);
  await s.edit(world.channel.id, taoLe, posted.messageIds, ['la la']);
  expect(shown(world.channel.id)).toEqual([['Tao Le', 'la la']]);
  expect(server.messages(world.channel.id)[0]?.webhook_id).toBeUndefined();
});

it('GIVEN a persona whose own bot was not invited to the channel THEN it speaks through the webhook instead', async () => {
  const outsider = server.createBot({ username: 'Ma Hui' });
  const maHui = persona('ma-hui', 'Ma Hui');
  const bots = new PersonaBots([{ persona: maHui, token: outsider.token }], {
    apiUrl: server.apiUrl,
    tuning: { restGlobalRequestsPerSecond: 1e6, fastIdentify: true, waitGuildTimeoutMs: 100 },
  });
  await bots.login(silentLogger);
  try {
    const s = new DiscordStage({
      client,
      personaBots: bots,
      webhooks: new WebhookStore(client, redis, keys, silentLogger),
      notices: new AdminNotices(client, new RedisFailureLog(redis, keys), silentLogger),
      settings: { get: async () => withDefaults({}) },
      allowUserPingsEverywhere: false,
      log: silentLogger,
    });
    await s.post(world.channel.id, maHui, ['drums!']);
    expect(shown(world.channel.id)).toEqual([['Ma Hui', 'drums!']]);
    expect(server.messages(world.channel.id)[0]?.webhook_id).toBeDefined();
  } finally {
    await bots.destroy();
  }
});

it('GIVEN the cached webhook was deleted and no event said so THEN the post gets 10015, recreates it once, and lands', async () => {
  const s = stage();
  const first = await s.post(world.channel.id, lingLu, ['one']);
  const [old] = server.webhooks(world.channel.id);
  server.deleteWebhook(old!.id);
  const second = await s.post(world.channel.id, lingLu, ['two']);
  expect(second.messageIds).toHaveLength(1);
  expect(server.webhookExecutions.map((e) => e.errorCode ?? e.status)).toEqual([200, 10015, 200]);
  expect(server.webhooks(world.channel.id).map((w) => w.id)).not.toContain(old!.id);
  expect(shown(world.channel.id)).toEqual([
    ['Ling Lu', 'one'],
    ['Ling Lu', 'two'],
  ]);
  expect(first.messageIds).toHaveLength(1);
});

it('GIVEN our webhook was moved to another channel THEN it is forgotten and the next post creates one here', async () => {
  const s = stage();
  await s.post(world.channel.id, lingLu, ['here']);
  const [ours] = server.webhooks(world.channel.id);
  const elsewhere = server.createChannel(world.guild.id, { name: 'elsewhere' });
  await client.rest.patch(`/webhooks/${ours!.id}`, { body: { channel_id: elsewhere.id } });
  await s.post(world.channel.id, lingLu, ['astray']);
  await s.post(world.channel.id, lingLu, ['back']);
  expect(shown(world.channel.id)).toEqual([
    ['Ling Lu', 'here'],
    ['Ling Lu', 'back'],
  ]);
});

/** Webhook executions as they reached the server, faults included: the status of each try. */
const executeStatuses = () =>
  server.requests
    .filter((r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path))
    .map((r) => r.status);

it('GIVEN a webhook that 10015s twice, then works THEN the reply is posted once, in the same post', async () => {
  const s = stage();
  await s.post(world.channel.id, lingLu, ['warm-up']);
  server.injectError({
    method: 'POST',
    pathPattern: '/webhooks/:id/:token',
    status: 404,
    code: 10015,
    times: 2,
  });
  const posted = await s.post(world.channel.id, lingLu, ['once']);
  expect(posted.messageIds).toHaveLength(1);
  expect(executeStatuses()).toEqual([200, 404, 404, 200]);
  expect(shown(world.channel.id)).toEqual([
    ['Ling Lu', 'warm-up'],
    ['Ling Lu', 'once'],
  ]);
});

it('GIVEN a webhook that 10015s on every try THEN the post gives up after MAX_WEBHOOK_RECREATIONS with Discord’s code', async () => {
  const s = stage();
  server.injectError({
    method: 'POST',
    pathPattern: '/webhooks/:id/:token',
    status: 404,
    code: 10015,
    times: 100,
  });
  const failed = await s.post(world.channel.id, lingLu, ['never']).catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(StagePostError);
  expect(failed).toMatchObject({ code: 10015, status: 404, postedIds: [], adminsTold: false });
  expect(executeStatuses()).toEqual(Array.from({ length: MAX_WEBHOOK_RECREATIONS + 1 }, () => 404));
  expect(shown(world.channel.id)).toEqual([]);
});

it('GIVEN a reply in three parts whose second part Discord keeps refusing THEN the error carries the first part’s id', async () => {
  const s = stage();
  server.injectError({
    method: 'POST',
    pathPattern: '/webhooks/:id/:token',
    status: 500,
    times: 10,
    after: 1,
  });
  const failed = await s.post(world.channel.id, lingLu, ['one', 'two', 'three']).catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(StagePostError);
  const [first] = server.messages(world.channel.id);
  expect(failed).toMatchObject({ status: 500, postedIds: [first!.id] });
  expect(shown(world.channel.id)).toEqual([['Ling Lu', 'one']]);
});
