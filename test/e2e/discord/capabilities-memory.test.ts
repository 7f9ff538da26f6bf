// Long-term memory (the API's `character_options.memory`) from Discord: `/memory on entries: skip:` for
// a channel sends the profile instead of the system message, the memory settings, the (channel,
// persona) session header and only the lines new since that session's previous request; `/reset` starts
// a new session; `/memory off` goes back to the full prompt, and `/memory default` hands the choice back
// to the persona file (Lin Wan's: memory and real-time on).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { ADMIN_REFUSAL } from '../../../src/discord/admin-check.js';
import { shipped } from '../../support/core-harness.js';
import { exchange, sceneChannel, SESSION_HEADER } from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld;
let personas: Persona[];
beforeAll(async () => {
  world = await startTroupeOnDiscord();
  personas = await shipped();
});
afterAll(() => world?.close());

const byId = (id: string) => personas.find((p) => p.id === id)!;
const memory = (
  channelId: string,
  sub: string,
  options?: Record<string, string | number>,
  user = world.mia,
) => world.replyTo(world.command(user, 'memory', sub, options, channelId));

it('GIVEN /memory on entries:20 skip:system,user THEN requests carry the profile, the settings and the session header, and only the new lines; /reset opens a new session; /memory off sends the full prompt again', async () => {
  const lingLu = byId('ling-lu');
  const channelId = await sceneChannel(world, 'memory-on', ['ling-lu']);
  expect(await memory(channelId, 'on', { entries: 20, skip: 'system, user' })).toEqual({
    content:
      'Long-term memory is on in this channel: a summary every 20 messages; not stored: system, user. ' +
      'The API supports it for Chinese conversations only. /reset starts new sessions.',
    ephemeral: true,
  });
  expect((await memory(channelId, 'show')).content).toBe(
    'Long-term memory is on here: a summary every 20 messages; not stored: system, user.',
  );

  const first = await exchange(world, channelId, '凌路，记住：钥匙在门垫下面。');
  const session = first.request.headers[SESSION_HEADER];
  expect(session).toMatch(/\S/);
  expect(first.body).toEqual({
    model: 'qwen-plus-character',
    messages: [
      { role: 'user', content: 'Mia: 凌路，记住：钥匙在门垫下面。' },
      { role: 'assistant', content: 'Ling Lu:', partial: true },
    ],
    max_tokens: 80,
    character_options: {
      profile: buildSystemMessage(lingLu, [lingLu]),
      memory: {
        enable_long_term_memory: true,
        memory_entries: 20,
        skip_save_types: ['system', 'user', 'output'],
      },
    },
  });
  expect(first.post.body).toMatchObject({ username: 'Ling Lu', content: first.line.text });

  const second = await exchange(world, channelId, '钥匙在哪儿？');
  expect(second.request.headers[SESSION_HEADER]).toBe(session);
  expect(second.body.messages).toEqual([
    { role: 'assistant', content: `Ling Lu: ${first.line.text}` },
    { role: 'user', content: 'Mia: 钥匙在哪儿？' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);
  expect(second.body.character_options).toEqual(first.body.character_options);

  const reset = world.command(world.mia, 'reset', undefined, undefined, channelId);
  const prompt = await world.server.waitForInteractionResponse(reset.id, (r) => r.kind === 'callback');
  world.server.clickButton({ messageId: prompt.messageId!, customId: 'reset:confirm', userId: world.mia.id });
  await waitFor('an empty history', async () => (await world.history(channelId)).length === 0);
  const fresh = await exchange(world, channelId, '重新开始吧。');
  expect(fresh.request.headers[SESSION_HEADER]).toMatch(/\S/);
  expect(fresh.request.headers[SESSION_HEADER]).not.toBe(session);
  expect(fresh.body.messages).toEqual([
    { role: 'user', content: 'Mia: 重新开始吧。' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);

  expect(await memory(channelId, 'off')).toEqual({
    content: 'Long-term memory is off in this channel.',
    ephemeral: true,
  });
  const off = await exchange(world, channelId, '凌路？');
  expect(off.body).not.toHaveProperty('character_options');
  expect(off.body.messages).toEqual([
    { role: 'system', content: buildSystemMessage(lingLu, [lingLu]) },
    { role: 'user', content: 'Mia: 重新开始吧。' },
    { role: 'assistant', content: `Ling Lu: ${fresh.line.text}` },
    { role: 'user', content: 'Mia: 凌路？' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);
});

it("GIVEN Lin Wan's file turns memory on THEN /memory off overrides it and /memory default hands it back; Noah may not change it", async () => {
  const linWan = byId('lin-wan');
  const channelId = await sceneChannel(world, 'memory-file', ['lin-wan']);
  expect(await memory(channelId, 'on', {}, world.noah)).toEqual({ content: ADMIN_REFUSAL, ephemeral: true });
  expect((await memory(channelId, 'show', {}, world.noah)).content).toBe(
    "Long-term memory follows each persona's file here (`/persona show`).",
  );
  await memory(channelId, 'off');
  const off = await exchange(world, channelId, '林老板，今天有什么新品？');
  expect(off.body.character_options).toEqual({ enable_realtime: true });
  expect(off.body.messages[0]).toEqual({ role: 'system', content: buildSystemMessage(linWan, [linWan]) });

  expect((await memory(channelId, 'default')).content).toBe(
    "Long-term memory follows each persona's file again.",
  );
  const file = await exchange(world, channelId, '那我要一杯半糖。');
  expect(file.body.character_options).toEqual({
    profile: buildSystemMessage(linWan, [linWan]),
    memory: { enable_long_term_memory: true, memory_entries: 60, skip_save_types: ['output'] },
    enable_realtime: true,
  });
  // A new session for memory: everything since its (empty) start, and no system message.
  expect(file.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  expect(file.post.body).toMatchObject({ username: '林婉', content: file.line.text });
});

it('GIVEN /memory on persona:ling-lu entries:30 THEN Ling Lu, and only he, keeps a long-term memory, in every channel; off turns it back', async () => {
  const lingLu = byId('ling-lu');
  const taoLe = byId('tao-le');
  const channelId = await sceneChannel(world, 'memory-persona', ['ling-lu', 'tao-le']);
  expect(await memory(channelId, 'on', { persona: 'ling-lu', entries: 30 }, world.noah)).toEqual({
    content: ADMIN_REFUSAL,
    ephemeral: true,
  });
  const on = await memory(channelId, 'on', { persona: 'ling-lu', entries: 30, skip: 'system' });
  expect(on.content).toMatch(
    /^Long-term memory for Ling Lu is on: a summary every 30 messages; not stored: system/,
  );
  expect((await memory(channelId, 'on', { persona: 'ling-lu', skip: 'everything' })).content).toMatch(
    /^Not a memory setting: skipSaveTypes/,
  );

  const his = await exchange(world, channelId, '凌路，记住：周五排练。');
  expect(his.post.body).toMatchObject({ username: 'Ling Lu' });
  expect(his.body.messages).toEqual([
    { role: 'user', content: 'Mia: 凌路，记住：周五排练。' },
    { role: 'assistant', content: 'Ling Lu:', partial: true },
  ]);
  expect(his.body.character_options).toEqual({
    profile: buildSystemMessage(lingLu, [lingLu, taoLe]),
    memory: { enable_long_term_memory: true, memory_entries: 30, skip_save_types: ['system', 'output'] },
  });

  const hers = await exchange(world, channelId, '陶乐，你呢？');
  expect(hers.post.body).toMatchObject({ username: 'Tao Le' });
  expect(hers.body.messages[0]).toMatchObject({ role: 'system' });
  expect(hers.body.character_options).toBeUndefined();

  expect((await memory(channelId, 'off', { persona: 'ling-lu' })).content).toMatch(
    /^Long-term memory for Ling Lu is off/,
  );
  const full = await exchange(world, channelId, '凌路，还记得吗？');
  expect(full.body.messages[0]).toEqual({
    role: 'system',
    content: buildSystemMessage(lingLu, [lingLu, taoLe]),
  });
  expect(full.body.character_options).toBeUndefined();
});
