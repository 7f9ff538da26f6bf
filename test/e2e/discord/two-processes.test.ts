// Two Troupe processes on one bot token and one Redis (a rolling deploy, or scaling out): Discord sends
// both every event, and still each message becomes one line, each turn is posted once, and the channel
// gets one webhook.
import { afterEach, expect, it } from 'vitest';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('GIVEN two processes WHEN people talk THEN every line is stored once and every turn posted once', async () => {
  world = await startTroupeOnDiscord();
  await world.startInstance();
  const { server, channel, mia, noah } = world;
  await waitFor(
    'both sessions',
    () => server.gatewayLog.filter((e) => e.kind === 'identify').length >= 2,
    5000,
  );
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'cheng-yi' }));

  const said = [
    server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, how is the mix?' }),
    server.userSays({ channelId: channel.id, userId: noah.id, content: 'Cheng Yi, sing the chorus' }),
  ];
  await waitFor('a reply', () => server.webhookExecutions.filter((e) => e.status === 200).length >= 3, 5000);
  await settle(world, 800);
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Both of you, again from the top' });
  await settle(world, 800);

  const history = await world.history();
  const people = history.filter((l) => l.kind === 'person');
  expect(people).toHaveLength(3);
  expect(new Set(people.map((l) => l.messageId)).size).toBe(3);
  expect(people.map((l) => l.messageId)).toEqual(expect.arrayContaining(said.map((m) => m.id)));
  const posts = server.messages(channel.id).filter((m) => m.webhook_id !== undefined);
  const personaLines = history.filter((l) => l.kind === 'persona');
  // Every post is one line and every line one post: nothing posted twice, nothing lost.
  expect(personaLines.map((l) => l.messageId).sort()).toEqual(posts.map((m) => m.id).sort());
  expect(server.webhooks(channel.id)).toHaveLength(1);
  // Each command was answered once, by one of the processes.
  expect(server.requests.filter((r) => r.path.includes('/callback') && r.status >= 400)).toEqual([]);
}, 30_000);
