// Troupe in its players' languages, as members whose Discord client is in Chinese or Japanese see it:
// command replies, refusals (Troupe's and the router's), the persona form and its answer, and buttons
// in the member's language; a language Troupe has no catalogue for reads English; a channel notice is
// in the server's language; the note answering a DM in the language of the person's last interaction.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, expect, it } from 'vitest';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import type { UserRecord } from '../../support/discord/state.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A member whose client is in `locale`, with Manage Server when `admin`. */
function member(w: TroupeWorld, username: string, locale: string, admin: boolean): UserRecord {
  const user = w.server.createUser({ username, locale });
  const role = admin
    ? w.server.createRole(w.guild.id, {
        name: `${username} admins`,
        permissions: PermissionFlagsBits.ManageGuild,
      })
    : undefined;
  w.server.addMember(w.guild.id, user.id, role ? { roles: [role.id] } : {});
  return user;
}

/** The modal an interaction was answered with. */
async function modalOf(w: TroupeWorld, interactionId: string): Promise<{ title: string; labels: string[] }> {
  const response = await w.server.waitForInteractionResponse(interactionId, (r) => r.type === 9);
  const data = response.data as { title: string; components: Array<{ label?: string }> };
  return { title: data.title, labels: data.components.map((c) => c.label ?? '') };
}

it('GIVEN a member whose Discord is in Chinese THEN replies, refusals, the persona form and its answer are in Chinese', async () => {
  world = await startTroupeOnDiscord();
  const lin = member(world, 'lin', 'zh-CN', true);

  expect(
    await world.replyTo(world.command(lin, 'cast', 'add', { persona: 'ling-lu', greet: false })),
  ).toEqual({
    content: 'Ling Lu 加入了场景。',
    ephemeral: true,
  });
  expect((await world.replyTo(world.command(lin, 'cast', 'list'))).content).toBe(
    '当前阵容（自然）：\n• **Ling Lu** `ling-lu`',
  );
  // A refusal of the core, with what the member typed kept as typed.
  expect((await world.replyTo(world.command(lin, 'mute', undefined, { persona: '<无名氏>' }))).content).toBe(
    '“<无名氏>”不在阵容里。',
  );

  const create = world.command(lin, 'persona', 'create');
  expect(await modalOf(world, create.id)).toEqual({
    title: '新建角色',
    labels: ['名字', '其他名字（用逗号分隔）', '头像网址', '人设', '开场白'],
  });
  const refused = world.server.submitModal({
    fromInteraction: create.id,
    fields: {
      name: '维克斯船长',
      aliases: '',
      avatar: 'not a link',
      profile: '你是维克斯船长。',
      greeting: '',
    },
  });
  expect((await world.replyTo(refused)).content).toBe(
    '未保存：\n• 头像网址：不是有效的网址（http:// 或 https://）',
  );
  const again = world.command(lin, 'persona', 'create');
  await modalOf(world, again.id);
  const saved = world.server.submitModal({
    fromInteraction: again.id,
    fields: { name: '维克斯船长', aliases: '', avatar: '', profile: '你是维克斯船长。', greeting: '' },
  });
  expect((await world.replyTo(saved)).content).toMatch(
    /^已为本服务器创建 \*\*维克斯船长\*\*（`persona-[0-9a-f]{8}`）。用 `\/阵容 加入` 让它登场。$/u,
  );

  const reset = world.command(lin, 'reset');
  const prompt = await world.server.waitForInteractionResponse(reset.id, (r) => r.kind === 'callback');
  expect(prompt.data?.content).toBe('要忘掉这个频道里说过的一切吗？阵容和设置会保留。此操作无法撤销。');
  expect(JSON.stringify(prompt.data?.components)).toMatch(/"label":"重置".*"label":"取消"/u);
});

it('GIVEN a member whose Discord is in Japanese THEN replies, refusals and the persona form are in Japanese, and a DM to Troupe is answered in Japanese', async () => {
  world = await startTroupeOnDiscord();
  const aoi = member(world, 'aoi', 'ja', false);
  const admin = member(world, 'ren', 'ja', true);

  expect(await world.replyTo(world.command(aoi, 'cast', 'add', { persona: 'ling-lu' }))).toEqual({
    content: '変更できるのは **サーバー管理** 権限（または Troupe の管理者ロール）を持つメンバーだけです。',
    ephemeral: true,
  });
  expect((await world.replyTo(world.command(aoi, 'cast', 'list'))).content).toBe(
    'まだ誰も出演していません：`/出演 追加`',
  );
  expect((await world.replyTo(world.command(aoi, 'nudge', undefined, { persona: 'ling-lu' }))).content).toBe(
    '「ling-lu」は出演していません。',
  );

  await world.replyTo(world.command(admin, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  expect(
    (await world.replyTo(world.command(admin, 'silence', undefined, { after: 90, max: 1 }))).content,
  ).toBe('90秒静かになるとキャラから話しかけます（誰も応えなければ続けて1回まで）。');
  const edit = world.command(admin, 'persona', 'edit', { persona: 'ling-lu' });
  expect(await modalOf(world, edit.id)).toEqual({
    title: 'Ling Luを編集',
    labels: ['名前', '別名（カンマ区切り）', 'アバターのURL', 'プロフィール', '最初のひと言'],
  });

  // Aoi used Troupe in Japanese: its note answering her DM is in Japanese too.
  const dm = world.server.dm({ userId: aoi.id, content: 'ここで遊べますか？' });
  const note = await world.server.waitForMessage(
    dm.channel_id,
    (m) => m.author.id === world!.bot.userId,
    5000,
  );
  expect(note.content).toMatch(/^こんにちは！ロールプレイはサーバーのチャンネルで遊べます/u);
});

it('GIVEN a member whose Discord is in a language Troupe does not speak THEN everything reads English', async () => {
  world = await startTroupeOnDiscord();
  const rafa = member(world, 'rafa', 'pt-BR', false);
  expect(await world.replyTo(world.command(rafa, 'cast', 'add', { persona: 'ling-lu' }))).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  expect((await world.replyTo(world.command(rafa, 'cast', 'list'))).content).toBe(
    'Nobody is in the scene yet: `/cast add`.',
  );
  const dm = world.server.dm({ userId: rafa.id, content: 'olá?' });
  const note = await world.server.waitForMessage(
    dm.channel_id,
    (m) => m.author.id === world!.bot.userId,
    5000,
  );
  expect(note.content).toMatch(/^Hi! I run role-play scenes in server channels/u);
});

it('GIVEN a Japanese Community server at the webhook cap THEN the channel notice is in the server’s language, whoever spoke', async () => {
  world = await startTroupeOnDiscord({ guildLocale: 'ja', server: { webhooksPerChannel: 0 } });
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }), 5000);
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, are you there?' });
  const notice = await server.waitForMessage(channel.id, (m) => m.author.id === world!.bot.userId, 5000);
  expect(notice.content).toMatch(
    /^ここではキャラとして話せません：このチャンネルにはすでに Discord の上限である15個/u,
  );
  await settle(world, 300);
});

it('GIVEN a server that is no Community server (its locale is always en-US) THEN a notice is in the language its admins use', async () => {
  world = await startTroupeOnDiscord({ server: { webhooksPerChannel: 0 } });
  const { server, channel } = world;
  const lin = member(world, 'lin', 'zh-CN', true);
  const noah = world.noah;
  await world.replyTo(world.command(lin, 'cast', 'add', { persona: 'ling-lu', greet: false }), 5000);
  // A member who is no admin, in English, changes nothing: notices are for the admins.
  await world.replyTo(world.command(noah, 'cast', 'list'));
  server.userSays({ channelId: channel.id, userId: noah.id, content: 'Ling Lu, are you there?' });
  const notice = await server.waitForMessage(channel.id, (m) => m.author.id === world!.bot.userId, 5000);
  expect(notice.content).toMatch(/^我没法在这里以角色身份说话：这个频道已经有 15 个 Webhook/u);
});
