// discord.js Client options for talking to the test server, and a helper that logs a bot in and waits
// for ClientReady. The settings are for tests only (feasibility §2 and §5): a huge global request rate so
// @discordjs/rest never stalls a burst for its 1 s window, no identify throttling (5 s per identify in
// production), and a short waitGuildTimeout. Never copy them into production code.
import type { ClientOptions } from 'discord.js';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { DiscordTestServer } from './server.js';
import type { FakeBot } from './world.js';

/** The intents Troupe asks for (discord-anchors §6.21). */
export const TROUPE_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildWebhooks,
  GatewayIntentBits.GuildMessageTyping,
];

export function testClientOptions(
  server: DiscordTestServer,
  options: Partial<ClientOptions> = {},
): ClientOptions {
  return {
    intents: TROUPE_INTENTS,
    waitGuildTimeout: 500,
    ...options,
    rest: { api: server.apiUrl, globalRequestsPerSecond: 1e6, ...options.rest },
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }), ...options.ws },
  };
}

/** A logged-in client whose ClientReady has fired. Destroy it before closing the server. */
export async function loginBot(
  server: DiscordTestServer,
  bot: FakeBot,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client(testClientOptions(server, options));
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(bot.token);
    return await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
}
