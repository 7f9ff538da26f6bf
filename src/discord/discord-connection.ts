// The Discord side of one process, before and after login: the main client, the personas' own bots, the
// webhook store, admin notices and the cross-process event claims. Built before the core (the stage
// needs it), logged in by startDiscord, destroyed last on shutdown (after the turn worker has finished
// its posts).
import type { Client } from 'discord.js';
import type { Redis } from 'ioredis';
import type { Persona } from '../core/persona.js';
import type { CoreLogger, SettingsStore } from '../core/ports.js';
import type { Keys } from '../store/keys.js';
import { RedisProxyHolds } from '../store/redis-proxy-holds.js';
import { AdminNotices } from './admin-notices.js';
import { createDiscordClient, type DiscordSharding, type DiscordTuning } from './discord-client.js';
import { DiscordStage } from './discord-stage.js';
import { EventClaims } from './event-claims.js';
import { PersonaBots } from './persona-bots.js';
import { KNOWN_PROXY_APP_IDS } from './proxied-messages.js';
import { WebhookStore } from './webhook-store.js';

export interface DiscordSetup {
  /** REST base URL without the version; Discord's when undefined. */
  apiUrl?: string | undefined;
  tuning?: DiscordTuning | undefined;
  /** The gateway shards this process identifies, for the main bot and the personas' own bots alike. */
  sharding?: DiscordSharding | undefined;
  /** personaId → its own bot token (from config.ts `personaBotTokens`). Secrets: never logged. */
  personaBotTokens: ReadonlyMap<string, string>;
  /** The personas those tokens belong to. */
  personas: readonly Persona[];
  /** Application ids of proxy bots besides the known ones (`PROXY_BOT_IDS`). */
  proxyAppIds?: readonly string[] | undefined;
  redis: Redis;
  keys: Keys;
  log: CoreLogger;
}

export class DiscordConnection {
  readonly client: Client;
  readonly personaBots: PersonaBots;
  readonly webhooks: WebhookStore;
  readonly notices: AdminNotices;
  readonly claims: EventClaims;
  readonly proxyHolds: RedisProxyHolds;
  /** Every proxy bot whose webhook messages are characters speaking. */
  readonly proxyAppIds: readonly string[];
  readonly tuning: DiscordTuning | undefined;
  private destroyed = false;

  constructor(setup: DiscordSetup) {
    const log = setup.log.child({ module: 'discord' });
    this.client = createDiscordClient({
      kind: 'main',
      apiUrl: setup.apiUrl,
      tuning: setup.tuning,
      sharding: setup.sharding,
    });
    const withTokens = setup.personas.flatMap((persona) => {
      const token = setup.personaBotTokens.get(persona.id);
      return token ? [{ persona, token }] : [];
    });
    this.personaBots = new PersonaBots(withTokens, {
      apiUrl: setup.apiUrl,
      tuning: setup.tuning,
      sharding: setup.sharding,
    });
    this.webhooks = new WebhookStore(this.client, setup.redis, setup.keys, log);
    this.notices = new AdminNotices(this.client, setup.redis, setup.keys, log);
    this.claims = new EventClaims(setup.redis, setup.keys);
    this.proxyHolds = new RedisProxyHolds(setup.redis, setup.keys);
    this.proxyAppIds = [...new Set([...KNOWN_PROXY_APP_IDS, ...(setup.proxyAppIds ?? [])])];
    this.tuning = setup.tuning;
  }

  /** The Stage personas speak on. */
  createStage(input: {
    settings: Pick<SettingsStore, 'get'>;
    allowUserPingsEverywhere: boolean;
    log: CoreLogger;
  }): DiscordStage {
    return new DiscordStage({
      client: this.client,
      personaBots: this.personaBots,
      webhooks: this.webhooks,
      notices: this.notices,
      settings: input.settings,
      allowUserPingsEverywhere: input.allowUserPingsEverywhere,
      log: input.log.child({ module: 'stage' }),
    });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.client.destroy();
    await this.personaBots.destroy();
  }
}
