// Per-persona request options from Discord: real-time (`character_options.enable_realtime`), knowledge
// search (`character_options.vector_store_ids`), web search (`enable_search` + `search_options`) and the
// model, set in a persona file brought in with `/persona import`, kept by `/persona edit` and
// `/persona export`, listed by `/persona show`; the channel shows replies that use them. A shipped
// persona file's model bounds the reply budget by that model's output limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Persona } from '../../../src/core/persona.js';
import { buildSystemMessage } from '../../../src/core/prompt/prompt-system.js';
import { parsePersonaText } from '../../../src/personas/persona-file.js';
import { exchange, sceneChannel, SESSION_HEADER } from '../../support/discord-scenes.js';
import { startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';

const NOW = Date.parse('2026-02-14T09:30:00Z');

const VEX_YAML = `name: Captain Vex
profile: You are Captain Vex, a retired sky pirate who runs the tavern. Gruff, fond of tall tales.
greeting: Ahoy.
model: qwen-flash-character
generation: { maxReplyTokens: 120 }
realtime: true
knowledgeBaseIds: [kb-music, kb-gear]
webSearch: { enabled: true, options: { forced_search: true, search_strategy: turbo } }
`;

const KENJI_YAML = `name: Kenji
profile: You are Kenji, a jazz pianist from Osaka who answers briefly.
model: qwen-plus-character-ja
generation: { maxReplyTokens: 2000 }
`;

let world: TroupeWorld;
beforeAll(async () => {
  world = await startTroupeOnDiscord({
    personaFiles: { 'kenji.yaml': KENJI_YAML },
    simulatorClock: { now: () => NOW },
  });
});
afterAll(() => world?.close());

const OPTIONS = {
  character_options: { enable_realtime: true, vector_store_ids: ['kb-music', 'kb-gear'] },
  enable_search: true,
  search_options: { forced_search: true, search_strategy: 'turbo' },
};

/** The persona the import makes of a file (what its system message is built from). */
const fromFile = (yaml: string, id: string): Persona =>
  parsePersonaText(yaml, { source: `${id}.yaml`, format: 'yaml', expectedId: id });

it('GIVEN /persona import of a file with model, real-time, knowledge bases and web search THEN /persona show lists them, the model gets exactly those options and the reply uses them; /persona edit and export keep them', async () => {
  const { server, mia } = world;
  const imported = await world.replyTo(
    world.command(mia, 'persona', 'import', { file: { filename: 'vex.yaml', content: VEX_YAML } }),
  );
  expect(imported.content).toMatch(/^Created \*\*Captain Vex\*\* \(`vex`\) for this server\./);
  const show = (await world.replyTo(world.command(mia, 'persona', 'show', { persona: 'vex' }))).content;
  expect(show).toContain('Model: qwen-flash-character');
  expect(show).toContain('Real-time: on (knows the date and time)');
  expect(show).toContain('Knowledge bases: `kb-music`, `kb-gear`');
  expect(show).toContain('Web search: on `{"forced_search":true,"search_strategy":"turbo"}`');

  const channelId = await sceneChannel(world, 'options', ['vex']);
  const vex = fromFile(VEX_YAML, 'vex');
  const first = await exchange(world, channelId, 'Captain Vex, festival?');
  expect(first.body).toEqual({
    model: 'qwen-flash-character',
    messages: [
      { role: 'system', content: buildSystemMessage(vex, [vex]) },
      { role: 'user', content: 'Mia: Captain Vex, festival?' },
      { role: 'assistant', content: 'Captain Vex:', partial: true },
    ],
    max_tokens: 120,
    ...OPTIONS,
  });
  expect(first.request.headers[SESSION_HEADER]).toMatch(/\S/);
  expect(first.post.body).toMatchObject({ username: 'Captain Vex', content: first.line.text });
  expect(first.line.text).toContain("It's Saturday, February 14, 2026.");
  expect(first.line.text).toContain('My notes in kb-music mention festival.');
  expect(first.line.text).toContain('The web says festival is trending.');

  const edit = world.command(mia, 'persona', 'edit', { persona: 'vex' });
  await server.waitForInteractionResponse(edit.id, (r) => r.type === 9);
  const saved = server.submitModal({
    fromInteraction: edit.id,
    fields: {
      name: 'Captain Vex',
      aliases: 'Vex',
      avatar: '',
      profile: 'You are Captain Vex, a retired sky pirate who runs the tavern. Gruff, fond of tall tales.',
      greeting: 'Ahoy there, landlubbers.',
    },
  });
  expect((await world.replyTo(saved)).content).toMatch(/^Saved \*\*Captain Vex\*\*/);
  const edited = await exchange(world, channelId, 'Vex, any news?');
  expect(edited.body).toMatchObject({ model: 'qwen-flash-character', max_tokens: 120, ...OPTIONS });

  await world.replyTo(world.command(mia, 'persona', 'export', { persona: 'vex' }));
  const file = server
    .messages(world.channel.id, { includeEphemeral: true })
    .flatMap((m) => m.attachments)
    .find((a) => a.filename === 'vex.yaml');
  const yaml = await (await fetch(file!.url)).text();
  expect(parsePersonaText(yaml, { source: 'vex.yaml', format: 'yaml' })).toMatchObject({
    model: 'qwen-flash-character',
    realtime: true,
    knowledgeBaseIds: ['kb-music', 'kb-gear'],
    webSearch: { enabled: true, options: { forced_search: true, search_strategy: 'turbo' } },
    aliases: ['Vex'],
  });
});

it("GIVEN a persona file on qwen-plus-character-ja asking for 2,000 reply tokens THEN the request names that model with its 512-token output limit; /persona show names each persona's model", async () => {
  const { mia } = world;
  const show = (name: string) =>
    world.replyTo(world.command(mia, 'persona', 'show', { persona: name })).then((r) => r.content);
  expect(await show('kenji')).toContain('Model: qwen-plus-character-ja');
  expect(await show('ling-lu')).toContain('Model: qwen-plus-character (the default)');
  const channelId = await sceneChannel(world, 'model', ['kenji']);
  const turn = await exchange(world, channelId, 'Kenji, play something?');
  expect(turn.body).toMatchObject({ model: 'qwen-plus-character-ja', max_tokens: 512 });
  expect(turn.body).not.toHaveProperty('character_options');
  expect(turn.post.body).toMatchObject({ username: 'Kenji', content: turn.line.text });
});
