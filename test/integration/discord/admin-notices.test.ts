// Admin notices on the Discord-compatible server: posted by the bot in the channel, pinging nobody, in
// the server's language, whether the process holds a gateway session (the server is cached) or is a
// worker that only speaks REST (the server is read over REST); a language Troupe lacks reads English.
import type { Client } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { text } from '../../../src/core/text.js';
import { AdminNotices } from '../../../src/discord/admin-notices.js';
import { createDiscordClient } from '../../../src/discord/discord-client.js';
import { createKeys, type Keys } from '../../../src/store/keys.js';
import { RedisFailureLog } from '../../../src/store/redis-failure-log.js';
import { loginBot } from '../../support/discord/client.js';
import { DiscordTestServer, type Seeded } from '../../support/discord/index.js';
import { silentLogger } from '../../support/in-memory.js';
import { connectRedis, deletePrefix, uniquePrefix } from '../../support/redis.js';

let server: DiscordTestServer;
let world: Seeded;
let redis: Redis;
let keys: Keys;
const clients: Client[] = [];

beforeEach(async () => {
  server = new DiscordTestServer();
  await server.start();
  world = server.seed();
  redis = connectRedis();
  keys = createKeys(uniquePrefix('notices'));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await server.close();
  await deletePrefix(redis, keys.prefix);
  await redis.quit();
});

const SPENT = text(
  'budget.notice',
  { spent: 1.2345, cap: 1 },
  {
    spent: { currency: 'USD', maximumFractionDigits: 4 },
    cap: { currency: 'USD', maximumFractionDigits: 4 },
  },
);

/** A channel in a new (Community: only those set a language) server of this language, with the bot in it. */
function channelIn(locale: string): string {
  const guild = server.createGuild({ name: `Guild ${locale}`, locale, community: true });
  server.addMember(guild.id, world.bot.userId);
  return server.createChannel(guild.id, { name: 'lobby' }).id;
}

const fromBot = (channelId: string) =>
  server.messages(channelId).filter((m) => m.author.id === world.bot.userId);

it("GIVEN a gateway process THEN the notice reads in the server's language and pings nobody", async () => {
  const ja = channelIn('ja');
  const ko = channelIn('ko');
  const client = await loginBot(server, world.bot);
  clients.push(client);
  const notices = new AdminNotices(client, new RedisFailureLog(redis, keys), silentLogger);
  await notices.notify(ja, SPENT);
  await notices.notify(ko, SPENT);
  expect(fromBot(ja).map((m) => [m.content, m.allowed_mentions])).toEqual([
    [
      '**このサーバーの管理者の方へ：** Troupe の1日の予算を使い切りました（今日〔UTC〕の推定 $1.2345／上限 $1.00）。' +
        'UTC の午前0時まで、キャラクターはモデルに問い合わせません。メンバーの発言は引き続き記録されます。' +
        '詳しくは `/予算 表示`、上限の変更は `/予算 設定 1日:` で。このお知らせは1日1回です。',
      { parse: [] },
    ],
  ]);
  expect(fromBot(ko)[0]!.content).toMatch(/^\*\*For this server's admins:\*\* .*\$1\.2345 of \$1\.00/);
});

it('GIVEN a worker process (REST only, nothing cached) THEN the server is read over REST and the notice still reads in its language', async () => {
  const zh = channelIn('zh-TW');
  const client = createDiscordClient({ kind: 'main', apiUrl: server.apiUrl });
  client.rest.setToken(world.bot.token);
  clients.push(client);
  await new AdminNotices(client, new RedisFailureLog(redis, keys), silentLogger).notify(zh, SPENT);
  expect(fromBot(zh)[0]!.content).toMatch(/^\*\*給本伺服器管理員：\*\* Troupe 今天的每日預算已用完/);
});
