// Brings Troupe onto Discord: listens to the gateway (messages → lines) and to interactions (the command
// router), then logs in the personas' own bots and the main bot. Returns a function that stops
// listening and waits (briefly) for the handlers still running; the connection itself is destroyed
// separately, after the turn worker has finished posting.
import type { AvatarStore } from '../avatars/avatar-store.js';
import type { Interaction } from 'discord.js';
import { Events } from 'discord.js';
import type { CoreDeps } from '../core/deps.js';
import type { GuildPersonaStore } from '../personas/guild-persona-store.js';
import { closeCodeAdvice, loginClient } from './discord-client.js';
import type { DiscordConnection } from './discord-connection.js';
import { attachGatewayHandlers } from './gateway-handler.js';
import { InFlight } from './in-flight.js';
import { createInteractionRouter } from './interaction-router.js';
import { inviteUrl } from './invite.js';
import { ProxiedMessages } from './proxied-messages.js';
import type { SlashCommand } from './slash-command.js';

export interface StartDiscordInput {
  connection: DiscordConnection;
  /** The main bot's token. A secret: never logged. */
  token: string;
  deps: CoreDeps;
  commands: readonly SlashCommand[];
  guildPersonas: GuildPersonaStore;
  adminRoleIds: readonly string[];
  avatars?: AvatarStore | undefined;
  publicUrl?: string | undefined;
}

export async function startDiscord(input: StartDiscordInput): Promise<() => Promise<void>> {
  const { connection, deps } = input;
  const { client } = connection;
  const log = deps.log.child({ module: 'discord' });
  const proxies = new ProxiedMessages({
    deps,
    holds: connection.proxyHolds,
    proxyAppIds: connection.proxyAppIds,
    holdMs: connection.tuning?.proxyHoldMs,
  });
  // Handlers still running when Troupe stops are let finish before the worker, clients and Redis close.
  const inFlight = new InFlight();
  const detachGateway = attachGatewayHandlers({
    client,
    inFlight,
    deps,
    personaBots: connection.personaBots,
    webhooks: connection.webhooks,
    claims: connection.claims,
    memberLocales: connection.memberLocales,
    proxies,
  });
  const route = createInteractionRouter({
    commands: input.commands,
    context: {
      deps,
      guildPersonas: input.guildPersonas,
      adminRoleIds: input.adminRoleIds,
      avatars: input.avatars,
      publicUrl: input.publicUrl,
      log,
    },
    claims: connection.claims,
    memberLocales: connection.memberLocales,
  });
  const onInteraction = (interaction: Interaction) => void inFlight.track(route(interaction));
  const onError = (err: Error) => log.error({ err }, 'discord client error');
  // discord.js reconnects by itself; this fires only when Discord will not let it (a revoked token, an
  // intent switched off in the portal): the bot is deaf until restarted, so say why, loudly.
  const onDisconnect = (event: { code: number }) =>
    log.error(
      { code: event.code, advice: closeCodeAdvice(event.code, 'the main bot') },
      'gateway closed for good',
    );
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, onError);
  client.on(Events.ShardDisconnect, onDisconnect);
  const stop = async () => {
    detachGateway();
    // Lines still held for a proxy are stored now rather than lost.
    await proxies.flush();
    client.off(Events.InteractionCreate, onInteraction);
    client.off(Events.Error, onError);
    client.off(Events.ShardDisconnect, onDisconnect);
    await inFlight.settle();
  };

  try {
    // The personas' bots first, so the main client already knows their user ids when messages arrive.
    await connection.personaBots.login(log, input.avatars);
    await loginClient(client, input.token, 'the main bot');
  } catch (err) {
    await stop();
    throw err;
  }
  log.info(
    {
      user: client.user?.tag,
      guilds: client.guilds.cache.size,
      invite: inviteUrl(client.application?.id ?? client.user!.id),
    },
    'on Discord',
  );
  return stop;
}
