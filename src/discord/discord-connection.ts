// The Discord side of one process, as the composition root (app.ts) built it: the main client, the
// personas' own bots, the webhook store, admin notices, the cross-process event claims and the proxy
// holds. Logged in by startDiscord (a gateway process) or given its tokens for REST only by
// startDiscordRest (a worker), destroyed last on shutdown (after the turn worker has finished its posts).
import type { Client } from 'discord.js';
import type { RedisProxyHolds } from '../store/redis-proxy-holds.js';
import type { AdminNotices } from './admin-notices.js';
import type { BotIdentity } from './bot-identity.js';
import type { DiscordTuning } from './discord-client.js';
import type { EventClaims } from './event-claims.js';
import type { MemberLocales } from './member-locales.js';
import type { PersonaBots } from './persona-bots.js';
import type { WebhookStore } from './webhook-store.js';

export interface DiscordParts {
  client: Client;
  /** The main bot's application and user ids (from READY, or fetched over REST by a worker). */
  identity: BotIdentity;
  personaBots: PersonaBots;
  webhooks: WebhookStore;
  notices: AdminNotices;
  claims: EventClaims;
  /** The language each person last used Troupe in, for what reaches them outside an interaction. */
  memberLocales: MemberLocales;
  proxyHolds: RedisProxyHolds;
  /** Every proxy bot whose webhook messages are characters speaking. */
  proxyAppIds: readonly string[];
  tuning: DiscordTuning | undefined;
}

export class DiscordConnection implements DiscordParts {
  readonly client: Client;
  readonly identity: BotIdentity;
  readonly personaBots: PersonaBots;
  readonly webhooks: WebhookStore;
  readonly notices: AdminNotices;
  readonly claims: EventClaims;
  readonly memberLocales: MemberLocales;
  readonly proxyHolds: RedisProxyHolds;
  readonly proxyAppIds: readonly string[];
  readonly tuning: DiscordTuning | undefined;
  private destroyed = false;

  constructor(parts: DiscordParts) {
    this.client = parts.client;
    this.identity = parts.identity;
    this.personaBots = parts.personaBots;
    this.webhooks = parts.webhooks;
    this.notices = parts.notices;
    this.claims = parts.claims;
    this.memberLocales = parts.memberLocales;
    this.proxyHolds = parts.proxyHolds;
    this.proxyAppIds = parts.proxyAppIds;
    this.tuning = parts.tuning;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.client.destroy();
    await this.personaBots.destroy();
  }
}
