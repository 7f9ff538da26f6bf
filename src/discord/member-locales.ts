// The language a person reads Discord in, remembered from their interactions (each carries their
// client's locale, and a message does not), so what Troupe sends them outside an interaction — the
// note answering a direct message — can be in it. Also the language a server's admins use: only a
// Community server can set its language (`preferred_locale`; every other server reads "en-US"), so a
// notice for another server's admins goes in the language they last used Troupe in. Shared by every
// process through Redis; forgotten after MEMBER_LOCALE_TTL_MS without an interaction.
import type { RedisClient } from '../store/redis-connection.js';
import type { Keys } from '../store/keys.js';

/** How long a person's language is remembered after their last interaction, ms. */
export const MEMBER_LOCALE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

/** Discord's locale codes are short (`en-US`, `zh-CN`); anything else is not one. */
const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/u;

export class MemberLocales {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** Remembers the locale an interaction of `userId` carried. */
  async remember(userId: string, locale: string): Promise<void> {
    if (!LOCALE_PATTERN.test(locale)) return;
    await this.redis.set(this.keys.memberLocale(userId), locale, 'PX', MEMBER_LOCALE_TTL_MS);
  }

  /** The locale of `userId`'s latest interaction, if Troupe has seen one. */
  async localeOf(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.memberLocale(userId))) ?? undefined;
  }

  /** Remembers the locale an admin of `guildId` used Troupe in. */
  async rememberAdmins(guildId: string, locale: string): Promise<void> {
    if (!LOCALE_PATTERN.test(locale)) return;
    await this.redis.set(this.keys.guildAdminLocale(guildId), locale, 'PX', MEMBER_LOCALE_TTL_MS);
  }

  /** The locale an admin of `guildId` last used Troupe in, if any. */
  async adminsLocale(guildId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.guildAdminLocale(guildId))) ?? undefined;
  }
}
