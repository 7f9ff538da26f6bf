// One bot split by ROLE, against the Discord-compatible server on one Redis: a gateway process (the
// Discord session, lines, scheduling, slash commands) and worker processes (the turns: model calls and
// posts over REST). Without a worker nobody answers and the turn waits in the queue; the first worker
// that starts answers it, once; a worker never opens a gateway session, for the main bot or a persona's
// own bot, and still posts through the channel's webhook (finding the one our application owns), into
// threads, and as a persona's own bot.
import { afterEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { isChat, sceneChannel } from '../../support/discord-scenes.js';
import { scrape, value } from '../../support/prometheus-text.js';
import { connectRedis } from '../../support/redis.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { sleep, waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
let redis: Redis | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await redis?.quit();
  redis = undefined;
});

/** How long a turn that nobody runs is given to (wrongly) happen: far past the e2e turn delays. */
const NOBODY_RUNS_IT_MS = 1_500;

const identifies = (w: TroupeWorld, botUserId: string) =>
  w.server.gatewayLog.filter((e) => e.kind === 'identify' && e.botUserId === botUserId);

async function status(url: string, path: string): Promise<[number, string]> {
  const response = await fetch(`${url}${path}`);
  return [response.status, await response.text()];
}

it('GIVEN a gateway and no worker THEN a message waits as a queued turn; WHEN a worker starts THEN it answers once, with no gateway session of its own', async () => {
  world = await startTroupeOnDiscord({ config: { ROLE: 'gateway' } });
  const { server, mia } = world;
  const gatewayUrl = world.apps[0]!.httpUrl!;
  expect(await status(gatewayUrl, '/readyz')).toEqual([200, 'ok\n']);
  // The gateway answers slash commands.
  const channelId = await sceneChannel(world, 'split', ['ling-lu']);

  server.userSays({ channelId, userId: mia.id, content: 'Ling Lu, anyone on the night shift?' });
  await waitFor('the line in history', async () => (await world!.history(channelId)).length === 1);
  await sleep(NOBODY_RUNS_IT_MS);
  expect(world.simulator.requests.filter(isChat)).toHaveLength(0);
  expect(server.webhookExecutions).toHaveLength(0);
  const waiting = (await scrape(gatewayUrl)).samples;
  expect(
    (value(waiting, 'troupe_turn_queue_jobs', { state: 'waiting' }) ?? 0) +
      (value(waiting, 'troupe_turn_queue_jobs', { state: 'delayed' }) ?? 0),
  ).toBe(1);

  const worker = await world.startInstance({ ROLE: 'worker' });
  const reply = await server.waitForMessage(channelId, (m) => m.webhook_id !== undefined, 10_000);
  expect(reply.author.username).toBe('Ling Lu');
  await settle(world);
  expect(server.messages(channelId).filter((m) => m.webhook_id !== undefined)).toHaveLength(1);
  expect(world.simulator.requests.filter(isChat)).toHaveLength(1);
  const history = await waitFor('the reply in history', async () => {
    const lines = await world!.history(channelId);
    return lines.length === 2 && lines;
  });
  expect(history[1]).toMatchObject({ kind: 'persona', speakerId: 'ling-lu', messageId: reply.id });

  // One gateway session for the bot: the gateway's. The worker identified nothing.
  expect(identifies(world, world.bot.userId)).toHaveLength(1);
  expect(server.gatewayLog.filter((e) => e.botUserId === world!.bot.userId && e.kind !== 'identify')).toEqual(
    [],
  );
  // Ready means: Redis answers and the worker runs (no shards to wait for).
  expect(await status(worker.httpUrl!, '/readyz')).toEqual([200, 'ok\n']);
  expect(await status(worker.httpUrl!, '/healthz')).toEqual([200, 'ok\n']);
  const fromWorker = (await scrape(worker.httpUrl!)).samples;
  expect(value(fromWorker, 'troupe_turns_total', { outcome: 'posted' })).toBe(1);
  expect(
    value(fromWorker, 'troupe_model_requests_total', { model: 'qwen-plus-character', status: 'ok' }),
  ).toBe(1);
  expect(fromWorker.some((s) => s.name === 'troupe_discord_shards_ready')).toBe(false);
  const fromGateway = (await scrape(gatewayUrl)).samples;
  expect(value(fromGateway, 'troupe_turns_total', { outcome: 'posted' })).toBe(0);
  expect(value(fromGateway, 'troupe_discord_shards_ready')).toBe(1);
}, 40_000);

it('GIVEN two workers, a thread and a persona with its own bot THEN each message is answered once, in the thread through the parent webhook and as the persona bot, and only the gateway holds sessions', async () => {
  world = await startTroupeOnDiscord({
    config: { ROLE: 'gateway' },
    personaBots: [{ personaId: 'tao-le', username: 'Tao Le' }],
  });
  const { server, channel, mia } = world;
  const taoBot = world.personaBots['tao-le']!;
  const workers = [
    await world.startInstance({ ROLE: 'worker' }),
    await world.startInstance({ ROLE: 'worker' }),
  ];
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));
  const thread = server.createThread(channel.id, { name: 'side quest' });
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'tao-le', greet: false }, thread.id));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }, thread.id));

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, start the set' });
  const lingPost = await server.waitForWebhookExecution((e) => e.status === 200, 10_000);
  expect(lingPost).toMatchObject({ channelId: channel.id, body: { username: 'Ling Lu' } });
  server.userSays({ channelId: thread.id, userId: mia.id, content: 'Tao Le, what happens next?' });
  const taoReply = await server.waitForMessage(thread.id, (m) => m.author.id === taoBot.userId, 10_000);
  expect(taoReply.webhook_id).toBeUndefined();
  await settle(world);
  expect(server.webhooks(channel.id)).toHaveLength(1);

  // A worker that never saw the webhook (its Redis cache gone) finds ours by the application id
  // it asked Discord for over REST, instead of making a second one.
  for (const worker of workers) await world.stopInstance(worker);
  redis = connectRedis();
  await redis.del(world.keys.webhook(channel.id));
  await world.startInstance({ ROLE: 'worker' });
  await world.replyTo(world.command(mia, 'cast', 'remove', { persona: 'tao-le' }, thread.id));
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'cheng-yi', greet: false }, thread.id));
  server.userSays({ channelId: thread.id, userId: mia.id, content: 'Cheng Yi, your thoughts?' });
  const chengPost = await server.waitForWebhookExecution((e) => e.body.username === 'Cheng Yi', 10_000);
  expect(chengPost).toMatchObject({ channelId: channel.id, threadId: thread.id, status: 200 });
  await settle(world);
  expect(server.webhooks(channel.id)).toHaveLength(1);

  // Persona posts: through the webhook or as Tao Le's bot, not the public replies to commands.
  const personaPosts = (id: string) =>
    server
      .messages(id)
      .filter(
        (m) =>
          m.interaction_metadata === undefined &&
          (m.webhook_id !== undefined || m.author.id === taoBot.userId),
      );
  expect(personaPosts(channel.id)).toHaveLength(1);
  const threadReplies = personaPosts(thread.id);
  expect(threadReplies.map((m) => m.author.username).sort()).toEqual(['Cheng Yi', 'Tao Le']);
  expect(identifies(world, world.bot.userId)).toHaveLength(1);
  expect(identifies(world, taoBot.userId)).toHaveLength(1);
}, 60_000);

it('GIVEN a worker whose bot token Discord rejects THEN it does not start, and says which token to replace', async () => {
  world = await startTroupeOnDiscord({ config: { ROLE: 'gateway' } });
  await expect(world.startInstance({ ROLE: 'worker', DISCORD_TOKEN: 'not-a-token' })).rejects.toThrow(
    'Discord rejected the token of the main bot (401): copy a fresh one from the Developer Portal.',
  );
});
