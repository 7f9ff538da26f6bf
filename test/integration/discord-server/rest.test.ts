// The rest of the REST surface a bot touches, through discord.js: who-am-I, guild/channel/member
// fetches, history, the bot editing and deleting its own messages, enforce_nonce, command CRUD, a
// global 429; and gateway details: heartbeats answered, intents deciding which events arrive.
import type { Client, TextChannel } from 'discord.js';
import { Events, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginBot } from '../../support/discord/client.js';
import type { Seeded } from '../../support/discord/index.js';
import { DiscordTestServer } from '../../support/discord/index.js';

let server: DiscordTestServer;
let world: Seeded;
const clients: Client[] = [];

beforeEach(async () => {
  server = new DiscordTestServer({ heartbeatIntervalMs: 40 });
  await server.start();
  world = server.seed();
});

afterEach(async () => {
  // A 500 means the fake itself broke; its stack is in the request log.
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await server.close();
});

async function login(options: Parameters<typeof loginBot>[2] = {}): Promise<Client<true>> {
  const client = await loginBot(server, world.bot, options);
  clients.push(client);
  return client;
}

describe('REST reads and writes', () => {
  it('GIVEN a logged-in bot THEN application, users, guild, channel and member fetches answer', async () => {
    const client = await login();
    const application = await client.application.fetch();
    expect(application.id).toBe(world.bot.applicationId);
    expect((await client.users.fetch(world.user.id, { force: true })).username).toBe('alice');
    const guild = await client.guilds.fetch({ guild: world.guild.id, force: true });
    expect(guild.name).toBe('Tavern');
    expect((await client.channels.fetch(world.channel.id, { force: true }))?.id).toBe(world.channel.id);
    const moderator = server.createRole(world.guild.id, {
      name: 'Moderator',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    server.setMemberRoles(world.guild.id, world.user.id, [moderator.id]);
    const member = await guild.members.fetch({ user: world.user.id, force: true });
    expect(member.roles.cache.has(moderator.id)).toBe(true);
    expect(member.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
  });

  it('GIVEN history THEN the bot reads it newest first, edits and deletes its own message', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id) as TextChannel;
    server.userSays({ channelId: world.channel.id, userId: world.user.id, content: 'one' });
    const own = await channel.send({ content: 'two', allowedMentions: { parse: [] } });
    const history = await channel.messages.fetch({ limit: 10 });
    expect([...history.values()].map((m) => m.content)).toEqual(['two', 'one']);
    expect((await channel.messages.fetch({ message: own.id, force: true })).content).toBe('two');
    await own.edit('two, edited');
    expect(server.messages(world.channel.id).at(-1)?.content).toBe('two, edited');
    await own.delete();
    expect(server.messages(world.channel.id).map((m) => m.content)).toEqual(['one']);
  });

  it('GIVEN enforce_nonce THEN a retried send returns the first message instead of a duplicate', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id) as TextChannel;
    const first = await channel.send({ content: 'once', nonce: 'turn-1', enforceNonce: true });
    const again = await channel.send({ content: 'once', nonce: 'turn-1', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(server.messages(world.channel.id)).toHaveLength(1);
  });

  it('GIVEN command create, edit and delete THEN the registered list follows', async () => {
    const client = await login();
    const created = await client.application.commands.create({ name: 'poke', description: 'Poke a persona' });
    expect(server.registeredCommands(world.bot.applicationId).map((c) => c.name)).toEqual(['poke']);
    await client.application.commands.edit(created.id, { description: 'Nudge a persona' });
    expect(server.registeredCommands(world.bot.applicationId)[0]?.description).toBe('Nudge a persona');
    await expect(
      client.application.commands.create({ name: 'Bad Name', description: 'x' }),
    ).rejects.toMatchObject({
      code: 50035,
    });
    await client.application.commands.delete(created.id);
    expect(server.registeredCommands(world.bot.applicationId)).toEqual([]);
  });

  it('GIVEN localizations THEN they are checked like the defaults and listed only when asked for', async () => {
    const client = await login();
    const rest = client.rest;
    const route = `/applications/${world.bot.applicationId}/commands` as const;
    const command = {
      name: 'cast',
      description: 'Who plays',
      name_localizations: { 'zh-CN': '阵容', ja: '出演' },
      description_localizations: { 'zh-CN': '谁在场' },
      options: [
        {
          type: 3,
          name: 'scope',
          description: 'Where',
          name_localizations: { ja: '範囲' },
          choices: [{ name: 'this channel', value: 'channel', name_localizations: { ja: 'このチャンネル' } }],
        },
      ],
    };
    await rest.put(route, { body: [command] });
    expect(server.registeredCommands(world.bot.applicationId)[0]?.name_localizations).toEqual({
      'zh-CN': '阵容',
      ja: '出演',
    });
    const plain = (await rest.get(route)) as (typeof command)[];
    expect(plain[0]).not.toHaveProperty('name_localizations');
    expect(plain[0]?.options[0]?.choices[0]).not.toHaveProperty('name_localizations');
    const full = (await rest.get(route, {
      query: new URLSearchParams({ with_localizations: 'true' }),
    })) as (typeof command)[];
    expect(full[0]?.options[0]?.choices[0]?.name_localizations).toEqual({ ja: 'このチャンネル' });

    const refused = (body: object) => rest.put(route, { body: [{ ...command, ...body }] });
    await expect(refused({ name_localizations: { ja: 'Cast' } })).rejects.toMatchObject({
      code: 50035,
      rawError: {
        errors: {
          0: {
            name_localizations: {
              ja: {
                _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }],
              },
            },
          },
        },
      },
    });
    await expect(refused({ name_localizations: { 'zh-HK': '陣容' } })).rejects.toMatchObject({ code: 50035 });
    await expect(refused({ description_localizations: { ja: 'あ'.repeat(101) } })).rejects.toMatchObject({
      code: 50035,
    });
  });

  it('GIVEN an injected global 429 THEN discord.js pauses everything and retries', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id) as TextChannel;
    server.injectRateLimit({ pathPattern: '/channels/*', retryAfterSeconds: 0.1, global: true });
    await channel.send('after the pause');
    const statuses = server.requests.filter((r) => r.path === `/channels/${world.channel.id}/messages`);
    expect(statuses.map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('gateway details', () => {
  it('GIVEN a short heartbeat interval THEN heartbeats are acknowledged and the session stays up', async () => {
    const client = await login();
    await new Promise((r) => setTimeout(r, 200));
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(server.gatewayLog.map((e) => e.kind)).toEqual(['identify']);
  });

  it('GIVEN no GuildMessageTyping intent THEN TYPING_START is not sent, while messages still are', async () => {
    const client = await login({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    const events: string[] = [];
    client.on(Events.Raw, (packet: { t?: string }) => void (packet.t && events.push(packet.t)));
    server.userTyping({ channelId: world.channel.id, userId: world.user.id });
    server.userSays({ channelId: world.channel.id, userId: world.user.id, content: 'hi' });
    await server.waitFor(() => events.includes('MESSAGE_CREATE'), 2000, 'MESSAGE_CREATE');
    expect(events).not.toContain('TYPING_START');
  });
});

describe('text Discord cannot store', () => {
  const halfGuitar = '🎸'.slice(0, 1);

  it.each([
    [
      'a message',
      (c: Client<true>) =>
        (c.channels.cache.get(world.channel.id) as TextChannel).send({ content: `ok ${halfGuitar}` }),
    ],
    [
      'an embed title, deep in the payload',
      (c: Client<true>) =>
        (c.channels.cache.get(world.channel.id) as TextChannel).send({
          embeds: [{ title: `${halfGuitar}!` }],
        }),
    ],
    [
      'a low surrogate alone',
      (c: Client<true>) =>
        (c.channels.cache.get(world.channel.id) as TextChannel).send({ content: '🎸'.slice(1) }),
    ],
  ])('GIVEN %s with a lone surrogate THEN 400 (50109) and nothing is stored', async (_, send) => {
    const client = await login();
    await expect(send(client)).rejects.toMatchObject({ status: 400, code: 50109 });
    expect(server.messages(world.channel.id)).toEqual([]);
  });

  it('GIVEN whole emoji THEN the message is stored as sent', async () => {
    const client = await login();
    const channel = client.channels.cache.get(world.channel.id) as TextChannel;
    await channel.send({ content: '🎸👩‍👩‍👧‍👦🇯🇵', allowedMentions: { parse: [] } });
    expect(server.messages(world.channel.id).map((m) => m.content)).toEqual(['🎸👩‍👩‍👧‍👦🇯🇵']);
  });
});
