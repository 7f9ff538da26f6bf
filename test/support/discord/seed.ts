// The usual starting point for a test: one bot in one guild with one text channel and a couple of
// people who can talk there. Anything more specific is built with the world.ts functions.
import type { ServerContext } from './context.js';
import type { ChannelRecord, GuildRecord, UserRecord } from './state.js';
import type { FakeBot, PermissionInput } from './world.js';
import { addMember, createBot, createChannel, createGuild, createUser } from './world.js';

export interface SeedInput {
  botName?: string;
  guildName?: string;
  channelName?: string;
  /** Usernames of the people to create and add. @defaultValue ['alice', 'bob'] */
  people?: string[];
  /** What the bot's managed role grants. @defaultValue DEFAULT_BOT_PERMISSIONS */
  botPermissions?: PermissionInput;
  /** Privileged intents the app has switched on. @defaultValue all */
  allowedPrivilegedIntents?: number;
}

export interface Seeded {
  bot: FakeBot;
  guild: GuildRecord;
  channel: ChannelRecord;
  people: UserRecord[];
  /** The first person, for tests that need just one. */
  user: UserRecord;
}

export function seed(ctx: ServerContext, input: SeedInput = {}): Seeded {
  const bot = createBot(ctx, {
    username: input.botName ?? 'Troupe',
    ...(input.allowedPrivilegedIntents !== undefined
      ? { allowedPrivilegedIntents: input.allowedPrivilegedIntents }
      : {}),
  });
  const guild = createGuild(ctx, { name: input.guildName ?? 'Tavern' });
  const channel = createChannel(ctx, guild.id, { name: input.channelName ?? 'roleplay' });
  addMember(
    ctx,
    guild.id,
    bot.userId,
    input.botPermissions !== undefined ? { permissions: input.botPermissions } : {},
  );
  const people = (input.people ?? ['alice', 'bob']).map((username) => {
    const user = createUser(ctx, { username });
    addMember(ctx, guild.id, user.id);
    return user;
  });
  const [user] = people;
  if (!user) throw new Error('seed needs at least one person');
  return { bot, guild, channel, people, user };
}
