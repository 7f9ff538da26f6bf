// The scene's pace as the channel sees it: when nobody talks, a persona speaks up, later each time, and
// stops at the cap; personas that keep answering each other stop at the loop cap until a person speaks;
// a person typing holds the reply until they send or stop, and their sent message ends the hold.
import { afterEach, expect, it } from 'vitest';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { sleep, waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const personaPosts = (w: TroupeWorld) =>
  w.server.messages(w.channel.id).filter((m) => m.webhook_id !== undefined);

it('GIVEN /silence after:1 max:2 WHEN nobody answers THEN two nudges arrive, the second later, and then no more', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  const set = await world.replyTo(world.command(mia, 'silence', undefined, { after: 1, max: 2 }));
  expect(set.content).toBe('Personas speak up after 1 s of silence, at most 2 times in a row.');
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, I will be right back' });
  const reply = await waitFor('the reply', () => personaPosts(world!)[0], 5000);

  const nudges = await waitFor(
    'two nudges',
    () => personaPosts(world!).length >= 3 && personaPosts(world!).slice(1),
    10_000,
  );
  const [first, second] = nudges.map((m) => Date.parse(m.timestamp));
  const afterReply = first! - Date.parse(reply.timestamp);
  expect(afterReply).toBeGreaterThanOrEqual(900);
  expect(second! - first!).toBeGreaterThan(afterReply); // each nudge waits longer (2 s after 1 s)
  await sleep(3500); // a third would come 3 s after the second
  expect(personaPosts(world)).toHaveLength(3);
  const history = await world.history();
  expect(history.filter((l) => l.trigger === 'nudge')).toHaveLength(2);
}, 30_000);

it('GIVEN personas who keep addressing each other THEN they stop at the loop cap, and a person starts them again', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia, simulator } = world;
  // Each persona hands over to another by name, which would go on forever without the cap.
  simulator.setScript(({ scene }) =>
    scene.speaker === 'Ling Lu' ? 'Cheng Yi, your turn.' : 'Ling Lu, no, yours.',
  );
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'cheng-yi', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));
  const { maxBotTurns } = await world.settings.get(channel.id);

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, start us off' });
  await waitFor('the first persona line', () => personaPosts(world!).length > 0, 5000);
  await settle(world, 1000);
  expect(personaPosts(world)).toHaveLength(maxBotTurns);
  expect(personaPosts(world).map((m) => m.author.username)).toEqual(
    ['Ling Lu', 'Cheng Yi', 'Ling Lu'].slice(0, maxBotTurns),
  );

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Cheng Yi, and then?' });
  await waitFor('a reply to Mia', () => personaPosts(world!).length > maxBotTurns, 5000);
  await settle(world, 1000);
  expect(personaPosts(world)).toHaveLength(2 * maxBotTurns);
}, 30_000);

it('GIVEN Mia starts typing again after her line THEN the persona waits for her, and answers both lines at once', async () => {
  world = await startTroupeOnDiscord({ core: { debounceMs: 300, personTypingHoldMs: 1_500 } });
  const { server, channel, mia, simulator } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));

  // She types on after her first line: Ling Lu holds his answer while Discord shows her typing.
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, guess what happened' });
  server.userTyping({ channelId: channel.id, userId: mia.id });
  const typedAt = server.typingEvents.at(-1)!.atMs;
  await sleep(1_000);
  expect(personaPosts(world)).toHaveLength(0);
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'we got the main stage!' });

  const reply = await waitFor('the reply', () => personaPosts(world!)[0], 5000);
  expect(reply.author.username).toBe('Ling Lu');
  expect(Date.parse(reply.timestamp) - typedAt).toBeGreaterThanOrEqual(1_000);
  await settle(world, 500);
  expect(personaPosts(world)).toHaveLength(1);
  const chats = simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(1);
  const seen = JSON.stringify(chats[0]!.body);
  expect(seen).toContain('Mia: Ling Lu, guess what happened');
  expect(seen).toContain('Mia: we got the main stage!');
}, 20_000);

it('GIVEN Mia types but never sends THEN the persona answers once her typing runs out', async () => {
  world = await startTroupeOnDiscord({ core: { debounceMs: 300, personTypingHoldMs: 1_200 } });
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));

  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, one moment' });
  server.userTyping({ channelId: channel.id, userId: mia.id });
  const typedAt = server.typingEvents.at(-1)!.atMs;
  const reply = await waitFor('the reply', () => personaPosts(world!)[0], 8000);
  expect(reply.author.username).toBe('Ling Lu');
  expect(Date.parse(reply.timestamp) - typedAt).toBeGreaterThanOrEqual(1_100);
}, 20_000);

it('GIVEN Mia types and then sends THEN her typing ends with her message and the reply does not wait', async () => {
  world = await startTroupeOnDiscord({ core: { personTypingHoldMs: 60_000 } });
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  await world.replyTo(world.command(mia, 'silence', undefined, { off: true }));

  server.userTyping({ channelId: channel.id, userId: mia.id });
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, are you ready?' });
  // Were her typing still counted, the reply would wait a minute.
  const reply = await waitFor('the reply', () => personaPosts(world!)[0], 5000);
  expect(reply.author.username).toBe('Ling Lu');
}, 20_000);
