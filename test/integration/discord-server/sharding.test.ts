// The test server shards as Discord does: a session identified as [shard_id, num_shards] gets only the
// guilds with (guild_id >> 22) % num_shards === shard_id — in READY, as GUILD_CREATE, and their events
// and interactions — DMs only on shard 0; GET /gateway/bot recommends a shard count; a shard that would
// hold too many guilds is closed with 4011. Checked with real discord.js clients, and with Troupe's own
// client factory and login (src/discord/discord-client.ts).
import type { Client, Interaction, Message } from 'discord.js';
import { Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { discordSharding, loadConfig } from '../../../src/config.js';
import { createDiscordClient, DiscordLoginError, loginClient } from '../../../src/discord/discord-client.js';
import { loginBot, TROUPE_INTENTS } from '../../support/discord/client.js';
import { shardOf } from '../../support/discord/gateway.js';
import { DiscordTestServer, type DiscordServerOptions } from '../../support/discord/index.js';

let server: DiscordTestServer;
const clients: Client[] = [];

async function startServer(options: DiscordServerOptions = {}): Promise<DiscordTestServer> {
  server = new DiscordTestServer(options);
  await server.start();
  return server;
}

afterEach(async () => {
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await server.close();
});

/** A bot in `count` guilds, guild i on shard i % shardCount, each with one channel and one person. */
function botInGuilds(count: number, shardCount: number) {
  const person = server.createUser({ username: 'mia', globalName: 'Mia' });
  const bot = server.createBot({ username: 'Troupe' });
  const guilds = Array.from({ length: count }, (_, i) => {
    const guild = server.createGuild({
      name: `Guild ${i}`,
      ownerId: person.id,
      shard: { id: i % shardCount, count: shardCount },
    });
    server.addMember(guild.id, bot.userId);
    const channel = server.createChannel(guild.id, { name: 'roleplay' });
    return { guild, channel };
  });
  return { person, bot, guilds };
}

const nextEvent = <T>(client: Client, event: Events.MessageCreate | Events.InteractionCreate) => {
  const seen: T[] = [];
  client.on(event, (item: unknown) => seen.push(item as T));
  return seen;
};

describe('GIVEN a bot sharded two ways over two clients', () => {
  it('THEN each client holds its own guilds and gets only their messages, interactions and (shard 0) DMs', async () => {
    await startServer();
    const { person, bot, guilds } = botInGuilds(4, 2);
    expect(guilds.map(({ guild }) => shardOf(guild.id, 2))).toEqual([0, 1, 0, 1]);
    const options = (shard: number) => ({
      shards: [shard],
      shardCount: 2,
      intents: [...TROUPE_INTENTS, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
    });
    const [zero, one] = await Promise.all([
      loginBot(server, bot, options(0)),
      loginBot(server, bot, options(1)),
    ]);
    clients.push(zero, one);

    const identifies = server.gatewayLog.filter((e) => e.kind === 'identify');
    expect(identifies.map((e) => e.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...zero.guilds.cache.keys()].sort()).toEqual([guilds[0]!.guild.id, guilds[2]!.guild.id].sort());
    expect([...one.guilds.cache.keys()].sort()).toEqual([guilds[1]!.guild.id, guilds[3]!.guild.id].sort());

    await one.rest.put(Routes.applicationCommands(bot.applicationId), {
      body: [{ name: 'ping', description: 'Are you there?' }],
    });
    const messages = [
      nextEvent<Message>(zero, Events.MessageCreate),
      nextEvent<Message>(one, Events.MessageCreate),
    ];
    const interactions = [
      nextEvent<Interaction>(zero, Events.InteractionCreate),
      nextEvent<Interaction>(one, Events.InteractionCreate),
    ];
    for (const [i, { channel }] of guilds.entries()) {
      server.userSays({ channelId: channel.id, userId: person.id, content: `hello guild ${i}` });
    }
    server.dm({ userId: person.id, content: 'hello in private' });
    server.invokeCommand({ name: 'ping', userId: person.id, channelId: guilds[1]!.channel.id });
    await server.waitFor(
      () => messages[0]!.length + messages[1]!.length >= 5 && interactions[1]!.length >= 1,
      5000,
      'every event',
    );
    // Nothing more arrives on the wrong shard.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages[0]!.map((m) => m.content).sort()).toEqual([
      'hello guild 0',
      'hello guild 2',
      'hello in private',
    ]);
    expect(messages[1]!.map((m) => m.content).sort()).toEqual(['hello guild 1', 'hello guild 3']);
    expect(interactions[0]).toEqual([]);
    expect(interactions[1]!.map((i) => i.guildId)).toEqual([guilds[1]!.guild.id]);
  });

  it('WHEN the bot joins a guild later THEN only the owning shard gets its GUILD_CREATE', async () => {
    await startServer();
    const { person, bot } = botInGuilds(2, 2);
    const options = (shard: number) => ({ shards: [shard], shardCount: 2 });
    const [zero, one] = await Promise.all([
      loginBot(server, bot, options(0)),
      loginBot(server, bot, options(1)),
    ]);
    clients.push(zero, one);
    const joined = server.createGuild({ name: 'Late', ownerId: person.id, shard: { id: 1, count: 2 } });
    server.addMember(joined.id, bot.userId);
    await server.waitFor(() => one.guilds.cache.has(joined.id), 5000, 'GUILD_CREATE on shard 1');
    expect(zero.guilds.cache.has(joined.id)).toBe(false);
  });
});

describe('GET /gateway/bot and the shard count', () => {
  it('GIVEN 5 guilds at 2 per recommended shard THEN 3 are recommended and Troupe with neither variable runs all 3 here', async () => {
    await startServer({ recommendedGuildsPerShard: 2 });
    const { bot, guilds } = botInGuilds(5, 1);
    const response = await fetch(`${server.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${bot.token}` },
    });
    expect(((await response.json()) as { shards: number }).shards).toBe(3);

    const client = createDiscordClient({
      kind: 'main',
      apiUrl: server.apiUrl,
      tuning: { fastIdentify: true, restGlobalRequestsPerSecond: 1e6, waitGuildTimeoutMs: 500 },
      sharding: discordSharding(loadConfig({})),
    });
    clients.push(client);
    await loginClient(client, bot.token, 'the main bot');
    expect(server.gatewayLog.filter((e) => e.kind === 'identify').map((e) => e.shard)).toEqual(
      expect.arrayContaining([
        [0, 3],
        [1, 3],
        [2, 3],
      ]),
    );
    expect(client.guilds.cache.size).toBe(guilds.length);
  });

  it('GIVEN a shard that would hold more guilds than allowed THEN 4011, and Troupe says to shard', async () => {
    await startServer({ maxGuildsPerShard: 2 });
    const { bot } = botInGuilds(3, 1);
    const client = createDiscordClient({
      kind: 'main',
      apiUrl: server.apiUrl,
      tuning: { fastIdentify: true, restGlobalRequestsPerSecond: 1e6, waitGuildTimeoutMs: 500 },
      sharding: discordSharding(loadConfig({ SHARD_COUNT: '1' })),
    });
    clients.push(client);
    const login = loginClient(client, bot.token, 'the main bot');
    await expect(login).rejects.toThrow(DiscordLoginError);
    await expect(login).rejects.toThrow(/4011.*SHARD_COUNT/s);
    expect(server.gatewayLog.find((e) => e.kind === 'refused')).toMatchObject({ code: 4011, shard: [0, 1] });
  });
});
