// The channel's webhook over time: made once and reused, made again when someone deleted it, and shared
// with the channel's threads (which post through it with thread_id and keep their own scene).
import { afterEach, expect, it } from 'vitest';
import { sceneChannel } from '../../support/discord-scenes.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
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

/** Webhook executions as the server saw them, injected faults included: the status of each try. */
function executeStatuses(w: TroupeWorld): number[] {
  return w.server.requests
    .filter((r) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path))
    .map((r) => r.status);
}

it('GIVEN a webhook that 10015s twice, then works THEN the reply is posted once', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  server.injectError({
    method: 'POST',
    pathPattern: '/webhooks/:id/:token',
    status: 404,
    code: 10015,
    times: 2,
  });

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, still with us?' });
  const history = await waitFor('the reply in history', async () => {
    const lines = await world!.history();
    return lines.length === 3 && lines;
  });
  await settle(world);
  expect(executeStatuses(world)).toEqual([200, 404, 404, 200]);
  const replies = server.webhookExecutions.filter((e) => e.status === 200).slice(1);
  expect(replies.map((e) => e.body.username)).toEqual(['Ling Lu']);
  expect(history[2]).toMatchObject({ kind: 'persona', messageId: replies[0]!.messageId });
  expect(server.messages(channel.id).filter((m) => m.author.id === world!.bot.userId)).toEqual([]);
});

it('GIVEN Discord refuses every webhook post THEN the replies are dropped, never posted twice, the admins are told once and /failures says why', async () => {
  world = await startTroupeOnDiscord();
  const { server, mia } = world;
  const channelId = await sceneChannel(world, 'refused', ['ling-lu']);
  server.injectError({ method: 'POST', pathPattern: '/webhooks/:id/:token', status: 500, times: 1_000 });

  for (const text of ['Ling Lu, are you there?', 'Ling Lu, hello??']) {
    server.userSays({ channelId, userId: mia.id, content: text });
    await waitFor('the drop recorded', async () =>
      (await world!.history(channelId)).some((l) => l.text === text),
    );
    await settle(world);
  }
  await waitFor('two drops in /failures', async () => {
    const failures = await world!.replyTo(world!.command(mia, 'failures', undefined, undefined, channelId));
    return failures.content.split('\n').filter((l) => l.includes('post_failed')).length === 2 && failures;
  });
  const failures = await world.replyTo(world.command(mia, 'failures', undefined, undefined, channelId));
  expect(
    failures.content
      .split('\n')
      .slice(1)
      .map((l) => l.replace(/^.* UTC {2}/, '')),
  ).toEqual([
    'ling-lu  post_failed: the reply could not be posted (Discord error HTTP 500) and was dropped',
    'ling-lu  post_failed: the reply could not be posted (Discord error HTTP 500) and was dropped',
  ]);
  // Each reply was tried by one post only (four tries: discord.js retries a 5xx three times).
  expect(executeStatuses(world)).toEqual(Array.from({ length: 8 }, () => 500));
  expect((await world.history(channelId)).filter((l) => l.kind === 'persona')).toEqual([]);
  const notices = server.messages(channelId).filter((m) => m.author.id === world!.bot.userId);
  expect(notices.map((m) => m.content)).toEqual([
    'A reply from Ling Lu could not be posted here (Discord error HTTP 500) and was dropped. An admin can see the details with /failures. This notice repeats at most once an hour.',
  ]);
});
