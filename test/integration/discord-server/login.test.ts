// The test server against a real discord.js Client: logging in, what READY/GUILD_CREATE give the client,
// refused tokens and intents, several bots at once, and resuming after a reconnect.
import type { Client, Message } from 'discord.js';
import { ChannelType, Events, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordTestServer } from '../../support/discord/index.js';
import { loginBot, testClientOptions } from '../../support/discord/client.js';
import { Client as DiscordClient } from 'discord.js';

let server: DiscordTestServer;
const clients: Client[] = [];

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
});

afterEach(async () => {
  // A 500 means the fake itself broke; its stack is in the request log.
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  // Clients first: a client whose server vanished keeps reconnecting.
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await server.close();
});

async function login(...args: Parameters<typeof loginBot>): Promise<Client<true>> {
  const client = await loginBot(...args);
  clients.push(client);
  return client;
}

describe('logging in', () => {
  it('GIVEN a seeded guild THEN ready carries the bot user, application, channels, threads, roles and own member', async () => {
    const { bot, guild, channel } = server.seed();
    const thread = server.createThread(channel.id, { name: 'side quest' });
    const client = await login(server, bot);

    expect(client.user.id).toBe(bot.userId);
    expect(client.user.bot).toBe(true);
    expect(client.application.id).toBe(bot.applicationId);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('Tavern');
    expect(cached?.channels.cache.get(channel.id)?.type).toBe(ChannelType.GuildText);
    const cachedThread = cached?.channels.cache.get(thread.id);
    expect(cachedThread?.isThread() && cachedThread.parentId).toBe(channel.id);
    const me = cached?.members.me;
    expect(me?.id).toBe(bot.userId);
    expect(me?.permissionsIn(channel.id).has(PermissionFlagsBits.ManageWebhooks)).toBe(true);
    expect(cached?.roles.everyone.permissions.has(PermissionFlagsBits.ManageWebhooks)).toBe(false);
    expect(server.gatewayLog.find((e) => e.kind === 'identify')?.intents).toBe(
      GatewayIntentBits.Guilds |
        GatewayIntentBits.GuildMessages |
        GatewayIntentBits.MessageContent |
        GatewayIntentBits.GuildWebhooks |
        GatewayIntentBits.GuildMessageTyping,
    );
    // The Authorization header is never kept.
    expect(JSON.stringify(server.requests)).not.toContain(bot.token);
  });

  it('GIVEN an unknown token THEN GET /gateway/bot is 401 and login rejects', async () => {
    server.seed();
    const client = new DiscordClient(testClientOptions(server));
    clients.push(client);
    await expect(client.login('not-a-real-token')).rejects.toThrow(/token/i);
    expect(server.requests.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401 });
  });

  it('GIVEN the app lacks the MessageContent privileged intent THEN the gateway closes with 4014', async () => {
    const { bot } = server.seed({ allowedPrivilegedIntents: 0 });
    const client = new DiscordClient(testClientOptions(server));
    clients.push(client);
    const closed = new Promise<number>((resolve) =>
      client.on(Events.ShardDisconnect, (event) => resolve(event.code)),
    );
    void client.login(bot.token).catch(() => undefined);
    expect(await closed).toBe(4014);
    expect(server.gatewayLog.find((e) => e.kind === 'refused')).toMatchObject({ code: 4014 });
  });

  it('GIVEN two bot tokens in one guild THEN both log in and each receives the message', async () => {
    const { bot, guild, channel, user } = server.seed();
    const second = server.createBot({ username: 'Ling Lu' });
    server.addMember(guild.id, second.userId);
    const [a, b] = await Promise.all([login(server, bot), login(server, second)]);
    expect(a.user.id).not.toBe(b.user.id);
    const seen = (client: Client): Promise<Message> =>
      new Promise((resolve) => client.once(Events.MessageCreate, resolve));
    const both = Promise.all([seen(a), seen(b)]);
    server.userSays({ channelId: channel.id, userId: user.id, content: 'hello both' });
    const [ma, mb] = await both;
    expect(ma.content).toBe('hello both');
    expect(mb.content).toBe('hello both');
  });

  it('GIVEN op 7 Reconnect THEN the client resumes and gets the messages sent meanwhile', async () => {
    const { bot, channel, user } = server.seed();
    const client = await login(server, bot);
    const received: string[] = [];
    client.on(Events.MessageCreate, (m) => received.push(m.content));
    server.requestReconnect(bot.userId);
    await server.waitFor(
      () => server.gatewayLog.some((e) => e.kind === 'closed'),
      2000,
      'the old socket to close',
    );
    server.userSays({ channelId: channel.id, userId: user.id, content: 'while you were away' });
    await server.waitFor(() => server.gatewayLog.some((e) => e.kind === 'resume'), 3000, 'a resume');
    await server.waitFor(() => received.includes('while you were away'), 2000, 'the replayed message');
    expect(server.gatewayLog.filter((e) => e.kind === 'identify')).toHaveLength(1);
  });
});
