// Personas with a bot token of their own: each is logged in as its own discord.js client in this
// process (a worker process only gives it its token for REST), posts as itself and can be @-mentioned
// natively. Only the main client reads channels; these clients exist to post, to show as online, and to
// be recognised (their user id → persona) when someone mentions them or when their own messages come
// back over the main client's gateway. A persona whose picture Troupe holds (a card's image, an uploaded
// avatar) gives it to its bot, once per picture: Discord allows only a few avatar changes an hour, and a
// picture set by hand in the Developer Portal stays until the persona's own picture changes.
import type { APIUser, Client } from 'discord.js';
import { Routes } from 'discord.js';
import type { AvatarStore } from '../avatars/avatar-store.js';
import type { Persona } from '../core/persona.js';
import type { CoreLogger } from '../core/ports.js';
import {
  createDiscordClient,
  loginClient,
  type DiscordSharding,
  type DiscordTuning,
} from './discord-client.js';

export interface PersonaBotIdentity {
  personaId: string;
  name: string;
}

interface PersonaBot {
  persona: Persona;
  token: string;
  client: Client;
}

export class PersonaBots {
  private readonly bots = new Map<string, PersonaBot>();
  private readonly users = new Map<string, PersonaBotIdentity>();
  /** Personas whose bot posts over REST only (a worker process: no gateway session). */
  private readonly restOnly = new Set<string>();

  constructor(
    entries: ReadonlyArray<{ persona: Persona; token: string }>,
    options: {
      apiUrl?: string | undefined;
      tuning?: DiscordTuning | undefined;
      sharding?: DiscordSharding | undefined;
    } = {},
  ) {
    for (const { persona, token } of entries) {
      const client = createDiscordClient({ kind: 'persona', ...options });
      this.bots.set(persona.id, { persona, token, client });
    }
  }

  /**
   * Logs every persona's bot in; one that fails is logged and speaks through the webhook instead. With
   * `avatars`, each bot wears its persona's stored picture.
   */
  async login(log: CoreLogger, avatars?: AvatarStore): Promise<void> {
    await Promise.all(
      [...this.bots.values()].map(async ({ persona, token, client }) => {
        try {
          await loginClient(client, token, `persona ${persona.id}`);
        } catch (err) {
          log.error(
            { err, personaId: persona.id },
            'persona bot could not log in; it speaks through the webhook',
          );
          this.bots.delete(persona.id);
          await client.destroy();
          return;
        }
        this.users.set(client.user!.id, { personaId: persona.id, name: persona.name });
        log.info({ personaId: persona.id, userId: client.user!.id }, 'persona bot logged in');
        if (avatars) await giveAvatar(client, persona, avatars, log);
      }),
    );
  }

  /**
   * For a process that opens no gateway session (a worker): each persona's bot gets its token for REST
   * only, checked once (GET /users/@me), and posts as itself without logging in to the gateway; the
   * gateway process shows it online. One whose token Discord refuses speaks through the webhook.
   */
  async authorizeRest(log: CoreLogger): Promise<void> {
    await Promise.all(
      [...this.bots.values()].map(async ({ persona, token, client }) => {
        client.rest.setToken(token);
        try {
          const user = (await client.rest.get(Routes.user('@me'))) as APIUser;
          this.users.set(user.id, { personaId: persona.id, name: persona.name });
          this.restOnly.add(persona.id);
        } catch (err) {
          log.error(
            { err, personaId: persona.id },
            "Discord refused the persona bot's token; it speaks through the webhook",
          );
          this.bots.delete(persona.id);
          await client.destroy();
        }
      }),
    );
  }

  /** The persona's own client, once logged in (or authorized for REST). */
  client(personaId: string): Client | undefined {
    const bot = this.bots.get(personaId);
    return bot && (bot.client.isReady() || this.restOnly.has(personaId)) ? bot.client : undefined;
  }

  /** The persona behind a bot user id, when it is one of ours. */
  personaOfUser(userId: string): PersonaBotIdentity | undefined {
    return this.users.get(userId);
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.bots.values()].map(({ client }) => client.destroy()));
    this.bots.clear();
    this.users.clear();
    this.restOnly.clear();
  }
}

/**
 * Sets the bot's avatar to the persona's stored picture unless Troupe already gave it that one. A
 * refusal (Discord's avatar rate limit, a picture it will not take) is logged; the bot keeps its face.
 */
async function giveAvatar(
  client: Client,
  persona: Persona,
  avatars: AvatarStore,
  log: CoreLogger,
): Promise<void> {
  const user = client.user;
  if (!persona.avatarImage || !user) return;
  try {
    if ((await avatars.givenToBot(user.id)) === persona.avatarImage) return;
    const png = await avatars.get(persona.avatarImage);
    if (!png) return;
    // As a data URI of its real type (discord.js would label a bare buffer image/jpg).
    await user.setAvatar(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    await avatars.markGivenToBot(user.id, persona.avatarImage);
    log.info({ personaId: persona.id, userId: user.id }, "persona bot now wears the persona's picture");
  } catch (err) {
    log.warn({ err, personaId: persona.id }, "could not set the persona bot's avatar; it keeps its own");
  }
}
