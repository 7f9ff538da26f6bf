// One bot split over processes by gateway shard (SHARD_COUNT=2; one process SHARDS=0, another SHARDS=1),
// on one Redis, against the Discord-compatible server, which routes a guild's events only to the shard
// that owns it, (guild_id >> 22) % 2. Each process identifies only its shard; a message in either guild
// becomes one line and gets one reply; and when shard 1 moves to another process (the new one starts
// before the old one stops, so for a while both hold it), still one line and one reply per message.
import { afterEach, expect, it } from 'vitest';
import { shardOf } from '../../support/discord/gateway.js';
import type { ChannelRecord } from '../../support/discord/state.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const SHARDED = { SHARD_COUNT: '2' };

/** Says `content` in the channel and waits for the persona's answer (one more webhook post there). */
async function sayAndAwaitReply(w: TroupeWorld, channel: ChannelRecord, content: string): Promise<void> {
  const before = posts(w, channel).length;
  w.server.userSays({ channelId: channel.id, userId: w.mia.id, content });
  await w.server.waitFor(() => posts(w, channel).length > before, 10_000, `a reply in #${channel.name}`);
}

const posts = (w: TroupeWorld, channel: ChannelRecord) =>
  w.server.messages(channel.id).filter((m) => m.webhook_id !== undefined);

const mainBotIdentifies = (w: TroupeWorld) =>
  w.server.gatewayLog.filter((e) => e.kind === 'identify' && e.botUserId === w.bot.userId);

/** Every person message in the channel is one line, and every persona line is one post, answered once. */
async function expectEachAnsweredOnce(w: TroupeWorld, channel: ChannelRecord, said: number): Promise<void> {
  const history = await w.history(channel.id);
  const people = history.filter((l) => l.kind === 'person');
  const persona = history.filter((l) => l.kind === 'persona');
  expect(people).toHaveLength(said);
  expect(new Set(people.map((l) => l.messageId)).size).toBe(said);
  expect(persona.map((l) => l.messageId).sort()).toEqual(
    posts(w, channel)
      .map((m) => m.id)
      .sort(),
  );
  expect(persona).toHaveLength(said);
}

it('GIVEN SHARDS=0 and SHARDS=1 in two processes WHEN people talk in guilds of both shards THEN each message is answered exactly once, also while shard 1 moves to a third process', async () => {
  world = await startTroupeOnDiscord({
    config: { ...SHARDED, SHARDS: '0' },
    guildShard: { id: 0, count: 2 },
  });
  const { server, bot, mia, channel: tavern } = world;
  const harbor = server.createGuild({ name: 'Harbor', ownerId: mia.id, shard: { id: 1, count: 2 } });
  server.addMember(harbor.id, bot.userId);
  const dock = server.createChannel(harbor.id, { name: 'dock' });
  expect([shardOf(world.guild.id, 2), shardOf(harbor.id, 2)]).toEqual([0, 1]);
  const shardOne = await world.startInstance({ ...SHARDED, SHARDS: '1' });
  // Each process identified only its own shard, once.
  expect(mainBotIdentifies(world).map((e) => e.shard)).toEqual([
    [0, 2],
    [1, 2],
  ]);
  for (const channel of [tavern, dock]) await world.settings.addToCast(channel.id, 'ling-lu');

  await Promise.all([
    sayAndAwaitReply(world, tavern, 'Ling Lu, how is the mix tonight?'),
    sayAndAwaitReply(world, dock, 'Ling Lu, is the ferry late again?'),
  ]);
  await Promise.all([
    sayAndAwaitReply(world, tavern, 'Ling Lu, play the bridge once more'),
    sayAndAwaitReply(world, dock, 'Ling Lu, who is on the night shift?'),
  ]);
  await settle(world, 600);
  await expectEachAnsweredOnce(world, tavern, 2);
  await expectEachAnsweredOnce(world, dock, 2);

  // Shard 1 moves: a new process takes it before the old one leaves; both receive the harbor's events.
  await world.startInstance({ ...SHARDED, SHARDS: '1' });
  expect(mainBotIdentifies(world).map((e) => e.shard)).toEqual([
    [0, 2],
    [1, 2],
    [1, 2],
  ]);
  await sayAndAwaitReply(world, dock, 'Ling Lu, the lights just went out');
  await settle(world, 600);
  await expectEachAnsweredOnce(world, dock, 3);
  await world.stopInstance(shardOne);
  await sayAndAwaitReply(world, dock, 'Ling Lu, are you still there?');
  await sayAndAwaitReply(world, tavern, 'Ling Lu, one last song');
  await settle(world, 600);
  await expectEachAnsweredOnce(world, dock, 4);
  await expectEachAnsweredOnce(world, tavern, 3);
}, 60_000);
