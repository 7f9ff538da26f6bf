// Spending caps from Discord: `/budget set daily:` is an admin's (a member without Manage Server is
// refused), `/budget show` is everyone's, in their own language; once the server's estimated spend for
// the UTC day reaches the cap, a person's message is still stored but the model receives no request,
// `/regenerate` is refused, and the channel where it happened gets one notice for its admins, in the
// server's language.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { deployCommands } from '../../../src/discord/deploy-commands.js';
import { exchange, isChat, sceneChannel } from '../../support/discord-scenes.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
});
afterAll(() => world?.close());

const budget = (user = world.mia, sub: string, options?: Record<string, number>, channelId?: string) =>
  world.replyTo(world.command(user, 'budget', sub, options, channelId));
const chats = () => world.simulator.requests.filter(isChat).length;
const fromBot = (channelId: string) =>
  world.server.messages(channelId).filter((m) => m.author.id === world.bot.userId);

/** Mia talks to Ling Lu until the server's budget reports itself spent; the crossing turn still posts. */
async function spendTheBudget(channelId: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await exchange(world, channelId, `Ling Lu, tell me about the tour, part ${i + 1}.`);
    if ((await budget(world.noah, 'show', undefined, channelId)).content.includes('The budget is spent'))
      return;
  }
  throw new Error('the budget was never spent');
}

it('GIVEN Mia (Manage Server) and Noah (no permission) THEN only Mia sets or removes the cap, and anyone sees it in their own language', async () => {
  const set = await budget(world.mia, 'set', { daily: 5 });
  expect(set).toEqual({
    content: "This server's daily budget is now $5.00 per UTC day (spent so far today: an estimated $0.00).",
    ephemeral: true,
  });
  expect(await budget(world.noah, 'set', { daily: 500 })).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  expect(await budget(world.noah, 'off')).toEqual({ content: ADMIN_REFUSAL, ephemeral: true });
  expect(await budget(world.noah, 'show')).toEqual({
    content: 'Today (UTC) this server has spent an estimated $0.00 of its daily budget of $5.00 (0%).',
    ephemeral: true,
  });
  const yui = world.server.createUser({ username: 'yui', globalName: 'Yui', locale: 'ja' });
  world.server.addMember(world.guild.id, yui.id);
  expect((await budget(yui, 'show')).content).toBe(
    '今日（UTC）このサーバーの推定支出は $0.00、1日の予算 $5.00 の 0% です。',
  );
  expect((await budget(world.mia, 'off')).content).toBe(
    "This server's own daily budget is removed: its spending is no longer capped.",
  );
  expect((await budget(world.noah, 'show')).content).toBe(
    'Today (UTC) this server has spent an estimated $0.00. There is no daily budget; admins can set one with `/budget set daily:`.',
  );
});

it("GIVEN the server's budget spent THEN people's messages are stored but the model gets no request, /regenerate is refused, and the channel is told once", async () => {
  const channelId = await sceneChannel(world, 'budget-spent', ['ling-lu']);
  expect((await budget(world.mia, 'set', { daily: 0.0001 }, channelId)).content).toMatch(
    /^This server's daily budget is now \$0\.0001 per UTC day/,
  );
  await spendTheBudget(channelId);
  const asked = chats();
  const posts = world.server.webhookExecutions.filter((e) => e.channelId === channelId).length;

  for (const content of ['Ling Lu, are you there?', 'Ling Lu, hello?']) {
    world.server.userSays({ channelId, userId: world.mia.id, content });
    await waitFor('the line stored', async () =>
      (await world.history(channelId)).some((l) => l.text === content),
    );
  }
  await waitFor('the notice', () => fromBot(channelId).length === 1, 5000);
  await settle(world);
  expect(chats()).toBe(asked);
  expect(world.server.webhookExecutions.filter((e) => e.channelId === channelId)).toHaveLength(posts);
  const notices = fromBot(channelId);
  expect(notices).toHaveLength(1);
  expect(notices[0]!.content).toMatch(
    /^\*\*For this server's admins:\*\* Troupe's daily budget here is spent \(an estimated \$0\.\d+ of \$0\.0001 today, UTC\)\. The personas make no model requests until midnight UTC; people's messages are still kept\. `\/budget show` has the details; `\/budget set daily:` changes the cap\. This notice comes once a day\.$/,
  );
  expect(notices[0]!.allowed_mentions).toEqual({ parse: [] });

  const regenerate = await world.replyTo(
    world.command(world.mia, 'regenerate', undefined, undefined, channelId),
  );
  expect(regenerate.content).toMatch(
    /^The daily budget is spent \(an estimated \$0\.\d+ of \$0\.0001 today, UTC\)/,
  );
  expect(regenerate.ephemeral).toBe(true);

  // Another channel of the same server: spent there too, and nobody is told twice today.
  const other = await sceneChannel(world, 'budget-elsewhere', ['tao-le']);
  world.server.userSays({ channelId: other, userId: world.mia.id, content: 'Tao Le, a song?' });
  await waitFor('the line stored', async () => (await world.history(other)).length === 1);
  await settle(world);
  expect(chats()).toBe(asked);
  expect(fromBot(other)).toEqual([]);
  expect(fromBot(channelId)).toHaveLength(1);

  // An admin raises the cap: the personas answer again.
  await budget(world.mia, 'set', { daily: 10 }, channelId);
  await exchange(world, channelId, 'Ling Lu, back with us?');
});

it("GIVEN a server whose language is Japanese THEN its admins' notice reads Japanese", async () => {
  const guild = world.server.createGuild({
    name: 'Ryokan',
    ownerId: world.mia.id,
    locale: 'ja',
    community: true,
  });
  world.server.addMember(guild.id, world.bot.userId);
  await deployCommands({
    token: world.bot.token,
    guildId: guild.id,
    apiUrl: world.server.apiUrl,
    commands: COMMANDS.map((c) => c.data),
  });
  const channelId = world.server.createChannel(guild.id, { name: 'lobby' }).id;
  await world.replyTo(
    world.command(world.mia, 'cast', 'add', { persona: 'ling-lu', greet: false }, channelId),
  );
  await world.replyTo(world.command(world.mia, 'silence', undefined, { off: true }, channelId));
  await budget(world.mia, 'set', { daily: 0.0001 }, channelId);
  await spendTheBudgetIn(channelId);
  world.server.userSays({ channelId, userId: world.mia.id, content: 'Ling Lu?' });
  await waitFor('the notice', () => fromBot(channelId).length === 1, 5000);
  expect(fromBot(channelId)[0]!.content).toMatch(
    /^\*\*このサーバーの管理者の方へ：\*\* Troupe の1日の予算を使い切りました（今日〔UTC〕の推定 \$0\.\d+／上限 \$0\.0001）。/,
  );
});

/** As spendTheBudget, for a channel of another server (Noah is not a member there; Mia asks). */
async function spendTheBudgetIn(channelId: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await exchange(world, channelId, `Ling Lu, one more story, number ${i + 1}.`);
    const shown = await budget(world.mia, 'show', undefined, channelId);
    if (shown.content.includes('The budget is spent')) return;
  }
  throw new Error('the budget was never spent');
}
