// Swipes for players from Discord: by default only admins may /regenerate and /alternatives; with
// `/channel regenerate:everyone` a member without Manage Server may too, once per cooldown (a second
// try is refused with the time left, in the member's language, and asks the model nothing); admins
// never wait; the panel's Regenerate button counts as a retake, and a member who must wait keeps the
// panel to pick from.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MEMBER_RETAKE_COOLDOWN_MS } from '../../../src/core/capabilities/index.js';
import { text } from '../../../src/core/text.js';
import {
  click,
  exchange,
  isChat,
  panelOf,
  sceneChannel,
  webhookEdits,
} from '../../support/discord-scenes.js';
import type { UserRecord } from '../../support/discord/index.js';
import { english } from '../../support/english.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord();
}, 30_000);
afterAll(() => world.close());

const chats = () => world.simulator.requests.filter(isChat).length;
const COOLDOWN_S = MEMBER_RETAKE_COOLDOWN_MS / 1000;

const regenerate = (user: UserRecord, channelId: string, locale?: string) =>
  world.replyTo(
    world.server.invokeCommand({
      name: 'regenerate',
      userId: user.id,
      channelId,
      ...(locale ? { locale } : {}),
    }),
    10_000,
  );

it('GIVEN the default THEN a member may neither regenerate nor ask for alternatives, and the model is asked nothing', async () => {
  const channelId = await sceneChannel(world, 'swipes-admins', ['tao-le']);
  await exchange(world, channelId, 'Tao Le, sing us something');
  const before = chats();
  const adminsOnly = english(text('retake.adminsOnly'));
  expect(await regenerate(world.noah, channelId)).toEqual({ content: adminsOnly, ephemeral: true });
  expect(
    await world.replyTo(world.command(world.noah, 'alternatives', undefined, { count: 2 }, channelId)),
  ).toEqual({ content: adminsOnly, ephemeral: true });
  expect(adminsOnly).toMatch(/`\/channel regenerate:everyone`/);
  expect(chats()).toBe(before);
});

it('GIVEN /channel regenerate:everyone THEN Noah (no Manage Server) regenerates once, is refused within the cooldown with the time left, and Mia never waits', async () => {
  const channelId = await sceneChannel(world, 'swipes-everyone', ['tao-le']);
  const opened = await world.replyTo(
    world.command(world.mia, 'channel', undefined, { regenerate: 'everyone' }, channelId),
  );
  expect(opened.content).toContain(
    `Everyone may use /regenerate and /alternatives; a member waits ${COOLDOWN_S} seconds between two (admins never wait).`,
  );
  const first = await exchange(world, channelId, 'Tao Le, play the guzheng');

  expect(await regenerate(world.noah, channelId)).toEqual({
    content: "Tao Le's message was regenerated.",
    ephemeral: true,
  });
  expect(webhookEdits(world, first.post.messageId)).toHaveLength(1);

  const before = chats();
  const again = await regenerate(world.noah, channelId);
  expect(again.ephemeral).toBe(true);
  const seconds = Number(/again in (\d+) seconds?\.$/.exec(again.content)?.[1]);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(COOLDOWN_S);
  // In his own language, and /alternatives counts as the same kind of request.
  expect((await regenerate(world.noah, channelId, 'ja')).content).toMatch(
    /^次に作り直しを頼めるのは \d+ 秒後です。$/,
  );
  expect(
    (await world.replyTo(world.command(world.noah, 'alternatives', undefined, { count: 2 }, channelId)))
      .content,
  ).toMatch(/again in \d+ seconds?\./);
  expect(chats()).toBe(before);
  expect(webhookEdits(world, first.post.messageId)).toHaveLength(1);

  // Admins never wait.
  expect((await regenerate(world.mia, channelId)).content).toBe("Tao Le's message was regenerated.");
  expect((await regenerate(world.mia, channelId)).content).toBe("Tao Le's message was regenerated.");
});

it("GIVEN everyone WHEN a member's panel Regenerate comes within the cooldown THEN it is refused privately and the panel stays to pick from", async () => {
  const kai = world.server.createUser({ username: 'kai', globalName: 'Kai' });
  world.server.addMember(world.guild.id, kai.id);
  const channelId = await sceneChannel(world, 'swipes-panel', ['ling-lu']);
  await world.replyTo(world.command(world.mia, 'channel', undefined, { regenerate: 'everyone' }, channelId));
  const first = await exchange(world, channelId, 'Ling Lu, one more take?');

  const panel = await panelOf(
    world,
    world.command(kai, 'alternatives', undefined, { count: 2 }, channelId),
    10_000,
  );
  expect(panel.ephemeral).toBe(true);
  expect(panel.buttons.map((b) => b.label).at(-1)).toBe('Regenerate');
  const before = chats();

  const handle = world.server.clickButton({
    messageId: panel.messageId,
    customId: `alternatives:regenerate:${first.post.messageId}`,
    userId: kai.id,
  });
  const note = await world.server.waitForInteractionResponse(
    handle.id,
    (r) => r.kind === 'followup' && typeof r.data?.content === 'string',
    10_000,
  );
  expect(String(note.data?.content)).toMatch(/^You can ask for another version again in \d+ seconds?\.$/);
  expect(chats()).toBe(before);

  // The versions are still there to pick (a pick asks the model nothing).
  const picked = await click(world, panel, panel.buttons[0]!.custom_id, kai);
  expect(picked.content).toBe("Ling Lu's message now reads alternative 1.");
  expect(webhookEdits(world, first.post.messageId)).toHaveLength(1);
  expect(chats()).toBe(before);
});
