// What the bot must never do, seen from the channel: ping @everyone because a model said so, let a
// member without rights change the cast, touch other people's webhooks at the cap, or run without the
// Message Content intent without saying which switch to turn on.
import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { startApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { WEBHOOK_CAP_NOTICE } from '../../../src/discord/discord-stage.js';
import { english } from '../../support/english.js';
import { DiscordTestServer } from '../../support/discord/index.js';
import { deletePrefix, connectRedis, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.js';
import {
  E2E_APP_OPTIONS,
  settle,
  startTroupeOnDiscord,
  type TroupeWorld,
} from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('GIVEN a model reply with @everyone and a user mention THEN the persona message pings nobody', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia, noah, simulator } = world;
  simulator.setScript(() => `@everyone @here wake up, <@${noah.id}>!`);
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, say something loud' });
  const message = await server.waitForMessage(channel.id, (m) => m.webhook_id !== undefined, 5000);
  expect(message.content).toContain('@everyone');
  expect(message.mention_everyone).toBe(false);
  expect(message.pinged).toEqual({ everyone: false, users: [], roles: [] });
  expect(message.allowed_mentions).toEqual({ parse: [] });
});

it('GIVEN a channel that allows user pings THEN a persona can ping a person, still never @everyone', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia, noah, simulator } = world;
  simulator.setScript(() => `@everyone <@${noah.id}>, you're up`);
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'channel', undefined, { pings: true }));
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, call Noah over' });
  const message = await server.waitForMessage(channel.id, (m) => m.webhook_id !== undefined, 5000);
  expect(message.pinged).toEqual({ everyone: false, users: [noah.id], roles: [] });
});

it('GIVEN Noah without Manage Server THEN he cannot add a persona or create one, and nothing changes', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, noah } = world;
  expect(await world.replyTo(world.command(noah, 'cast', 'add', { persona: 'ling-lu' }))).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  expect(await world.replyTo(world.command(noah, 'persona', 'create'))).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  expect(await world.replyTo(world.command(noah, 'reset'))).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  // Looking is anyone's.
  expect((await world.replyTo(world.command(noah, 'cast', 'list'))).content).toMatch(
    /Nobody is in the scene/,
  );
  expect((await world.settings.get(channel.id)).cast).toEqual([]);
  expect(server.webhookExecutions).toHaveLength(0);
  expect(server.messages(channel.id)).toHaveLength(0);
});

it('GIVEN a configured admin role WHEN Noah has it THEN he may add a persona', async () => {
  world = await startTroupeOnDiscord({ adminRoleName: 'Game Master' });
  world.server.setMemberRoles(world.guild.id, world.noah.id, [world.adminRole!.id]);
  const reply = await world.replyTo(world.command(world.noah, 'cast', 'add', { persona: 'ling-lu' }));
  expect(reply.content).toBe('Ling Lu joined the scene.');
  expect((await world.settings.get(world.channel.id)).cast).toEqual(['ling-lu']);
});

it('GIVEN the channel is at the webhook cap THEN the admins are told once, in the channel, and no webhook is touched', async () => {
  world = await startTroupeOnDiscord({ server: { webhooksPerChannel: 0 } });
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }), 5000);
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, are you there?' });
  const notice = await server.waitForMessage(channel.id, (m) => m.author.id === world!.bot.userId, 5000);
  expect(notice.content).toBe(english(WEBHOOK_CAP_NOTICE));
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu? Anyone?' });
  await settle(world, 800);
  expect(server.messages(channel.id).filter((m) => m.author.id === world!.bot.userId)).toHaveLength(1);
  expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
});

it('GIVEN the application lacks the Message Content intent THEN Troupe does not start and names the portal switch', async () => {
  const server = new DiscordTestServer();
  await server.start();
  const bot = server.createBot({ username: 'Troupe', allowedPrivilegedIntents: 0 });
  const guild = server.createGuild();
  server.addMember(guild.id, bot.userId);
  const prefix = uniquePrefix('e2e-intent');
  const config = loadConfig({
    DISCORD_TOKEN: bot.token,
    DISCORD_API_URL: server.apiUrl,
    DASHSCOPE_API_KEY: 'e2e-key',
    MODEL_BASE_URL: 'http://127.0.0.1:9/v1',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
  });
  try {
    await expect(
      startApp(config, { input: new PassThrough(), output: new PassThrough() }, E2E_APP_OPTIONS),
    ).rejects.toThrow(/close code 4014.*MESSAGE CONTENT INTENT/s);
  } finally {
    await server.close();
    const redis = connectRedis();
    await deletePrefix(redis, prefix);
    await deletePrefix(redis, `{${prefix}:bull}`); // BullMQ's keys live under their own hash-tagged prefix
    await redis.quit();
  }
});
