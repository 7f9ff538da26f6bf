// Tells a channel's admins about a problem only they can fix (the channel is at Discord's webhook cap,
// the bot lacks Manage Webhooks, the server's daily budget is spent), as a plain message from the bot in
// that channel, where they will see it, in the server's language: a Community server's
// `preferred_locale`; any other server's is always "en-US" to Discord, so there the language its admins
// last used Troupe in (member-locales.ts); English when Troupe has no catalogue for it, or the server
// cannot be read. `tellOnce` says it once per channel and topic per NOTICE_REPEAT_MS across all processes,
// through the same gate as the core's notices (FailureLog.claimNotice), so a channel where every turn
// fails is told once, not on every turn.
import type { Client } from 'discord.js';
import { GuildFeature, Routes } from 'discord.js';
import type { CoreLogger, FailureLog } from '../core/ports.js';
import type { Message } from '../core/text.js';
import { translate } from '../i18n/i18n.js';
import type { MemberLocales } from './member-locales.js';
import { clip } from './replies.js';

/** After this long, a problem still there is mentioned again, ms. */
export const NOTICE_REPEAT_MS = 24 * 60 * 60 * 1000;

export class AdminNotices {
  constructor(
    private readonly client: Client,
    /** Where a notice is claimed once across processes: the core's failure log (store/redis-failure-log.ts). */
    private readonly gate: Pick<FailureLog, 'claimNotice'>,
    private readonly log: CoreLogger,
    private readonly memberLocales?: MemberLocales,
  ) {}

  /** Posts `text` in the channel unless this topic was already posted there recently. */
  async tellOnce(channelId: string, topic: string, text: Message): Promise<boolean> {
    if (!(await this.gate.claimNotice(`${topic}:channel:${channelId}`, NOTICE_REPEAT_MS))) return false;
    await this.notify(channelId, text);
    return true;
  }

  /** Posts `text` in the channel as the bot; best effort (a channel we cannot write to is only logged). */
  async notify(channelId: string, text: Message): Promise<void> {
    try {
      const content = clip(translate(await this.serverLocale(channelId), text));
      await this.client.rest.post(Routes.channelMessages(channelId), {
        body: { content, allowed_mentions: { parse: [] } },
      });
    } catch (err) {
      this.log.warn({ err, channelId }, 'could not post an admin notice');
    }
  }

  /** The language of the channel's server (English when unknown): see the header. */
  private async serverLocale(channelId: string): Promise<string | undefined> {
    const server = await this.serverOf(channelId);
    if (!server) return undefined;
    if (server.features.includes(GuildFeature.Community)) return server.locale;
    return (await this.memberLocales?.adminsLocale(server.id)) ?? server.locale;
  }

  /**
   * The channel's server: from the gateway's cache, or else (a worker process, which holds no gateway
   * session) read over REST, the channel then its server. Notices are rare (once a day per topic), so
   * the two reads cost nothing that matters.
   */
  private async serverOf(
    channelId: string,
  ): Promise<{ id: string; locale: string; features: readonly string[] } | undefined> {
    const cached = this.client.channels.cache.get(channelId);
    if (cached && 'guild' in cached) {
      const { guild } = cached;
      return { id: guild.id, locale: guild.preferredLocale, features: guild.features };
    }
    try {
      const channel = (await this.client.rest.get(Routes.channel(channelId))) as { guild_id?: string };
      if (channel.guild_id === undefined) return undefined;
      const guild = (await this.client.rest.get(Routes.guild(channel.guild_id))) as {
        id: string;
        preferred_locale: string;
        features: string[];
      };
      return { id: guild.id, locale: guild.preferred_locale, features: guild.features };
    } catch (err) {
      this.log.debug({ err, channelId }, "could not read the server's language; the notice is in English");
      return undefined;
    }
  }
}
