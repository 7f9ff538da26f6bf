// The channel's webhook over time: made once and reused, made again when someone deleted it, and shared
// with the channel's threads (which post through it with thread_id and keep their own scene).
import { afterEach, expect, it } from 'vitest';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('GIVEN the webhook was deleted behind the bot THEN the next reply recreates it once and is posted', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  server.deleteWebhook(greeting.webhookId);
  expect(server.webhooks(channel.id)).toHaveLength(0);

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, still with us?' });
  const reply = await server.waitForWebhookExecution(
    (e) => e.status === 200 && e.webhookId !== greeting.webhookId,
    5000,
  );
  expect(reply.body.username).toBe('Ling Lu');
  // Usually WEBHOOKS_UPDATE tells the bot first; if the post wins the race it gets 10015 and retries once.
  expect(server.webhookExecutions.filter((e) => e.errorCode === 10015).length).toBeLessThanOrEqual(1);
  expect(server.webhooks(channel.id).map((w) => w.id)).toEqual([reply.webhookId]);
  const history = await waitFor('the reply in history', async () => {
    const lines = await world!.history();
    return lines.length === 3 && lines;
  });
  expect(history[2]).toMatchObject({ kind: 'persona', messageId: reply.messageId });
});

it('GIVEN a thread with its own cast THEN the persona posts there through the parent webhook, and the thread keeps its own history', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  const thread = server.createThread(channel.id, { name: 'side quest' });
  const added = await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'tao-le' }, thread.id));
  expect(added.content).toBe('Tao Le joined the scene.');
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  expect(greeting).toMatchObject({
    channelId: channel.id,
    threadId: thread.id,
    body: { username: 'Tao Le' },
  });
  expect(server.messages(thread.id)).toHaveLength(1);
  expect(server.messages(channel.id)).toHaveLength(0);

  server.userSays({ channelId: thread.id, userId: mia.id, content: 'Tao Le, what happens next?' });
  await server.waitForMessage(
    thread.id,
    (m) => m.webhook_id !== undefined && m.id !== greeting.messageId,
    5000,
  );
  const history = await waitFor('the reply in the thread history', async () => {
    const lines = await world!.history(thread.id);
    return lines.length === 3 && lines;
  });
  expect(history.map((l) => l.speakerName)).toEqual(['Tao Le', 'Mia', 'Tao Le']);
  expect(await world.history(channel.id)).toEqual([]);
  expect((await world.settings.get(channel.id)).cast).toEqual([]);
});
