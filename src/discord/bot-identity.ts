// Who the main bot is: its application id and its user id, which tell our webhooks from other people's
// (webhook-store.ts). A process with a gateway session learns both from READY; a worker, which opens
// none, asks Discord once at start over REST (GET /applications/@me, which also proves the token works).
import type { APIApplication, Client } from 'discord.js';
import { Routes } from 'discord.js';

export interface BotIds {
  applicationId: string | undefined;
  userId: string | undefined;
}

export class BotIdentity implements BotIds {
  private fetched: BotIds | undefined;

  constructor(private readonly client: Client) {}

  get applicationId(): string | undefined {
    return this.client.application?.id ?? this.fetched?.applicationId;
  }

  get userId(): string | undefined {
    return this.client.user?.id ?? this.fetched?.userId;
  }

  /** Asks Discord over REST (the client's REST token must be set); rejects with Discord's refusal. */
  async fetch(): Promise<BotIds> {
    const application = (await this.client.rest.get(Routes.currentApplication())) as APIApplication;
    this.fetched = { applicationId: application.id, userId: application.bot?.id };
    return this.fetched;
  }
}
