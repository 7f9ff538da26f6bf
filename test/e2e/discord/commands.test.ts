// The slash commands as a server's admins and players use them: making a persona through the form,
// importing one from a file or a character card, exporting it, autocomplete, the scene note reaching the
// model, pause and nudge, and a reset that waits for its confirm button.
import { afterEach, expect, it } from 'vitest';
import { parsePersonaText } from '../../../src/personas/persona-file.js';
import { settle, startTroupeOnDiscord, type TroupeWorld } from '../../support/troupe-on-discord.js';
import { waitFor } from '../../support/wait-for.js';

let world: TroupeWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const VEX_YAML = `name: Captain Vex
aliases: [Vex, 维克斯]
avatarUrl: https://example.com/vex.png
profile: You are Captain Vex, a retired sky pirate who runs the tavern. Gruff, fond of tall tales.
greeting: Ahoy. Drinks are on the house, stories are not.
botTokenEnv: DISCORD_TOKEN
`;

it('GIVEN /persona create WHEN Mia fills the form THEN the persona is this server’s, listed, castable and exportable', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia, guild } = world;
  const create = world.command(mia, 'persona', 'create');
  const modal = await server.waitForInteractionResponse(create.id, (r) => r.type === 9);
  expect(modal.data).toMatchObject({ custom_id: 'persona:create', title: 'New persona' });
  const submitted = server.submitModal({
    fromInteraction: create.id,
    fields: {
      name: 'Captain Vex',
      aliases: 'Vex, 维克斯',
      avatar: 'https://example.com/vex.png',
      profile: 'You are Captain Vex, a retired sky pirate who runs the tavern.',
      greeting: 'Ahoy.',
    },
  });
  expect((await world.replyTo(submitted)).content).toMatch(/^Created \*\*Captain Vex\*\* \(`captain-vex`\)/);

  const list = await world.replyTo(world.command(mia, 'persona', 'list'));
  expect(list.ephemeral).toBe(true);
  expect(list.content).toContain('**Captain Vex** `captain-vex` (this server)');
  expect(list.content).toContain('**Ling Lu** `ling-lu`');

  const choices = server.autocomplete({
    name: 'cast',
    subcommand: 'add',
    focused: 'persona',
    value: '维克',
    userId: mia.id,
    channelId: channel.id,
  });
  const answered = await server.waitForInteractionResponse(choices.id, (r) => r.type === 8);
  expect(answered.data?.choices).toEqual([{ name: 'Captain Vex (captain-vex)', value: 'captain-vex' }]);

  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'captain-vex' }));
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  expect(greeting.body).toMatchObject({
    username: 'Captain Vex',
    avatar_url: 'https://example.com/vex.png',
    content: 'Ahoy.',
  });

  expect((await world.settings.get(channel.id)).guildId).toBe(guild.id);

  const exported = world.command(mia, 'persona', 'export', { persona: 'captain-vex' });
  await world.replyTo(exported);
  const file = server
    .messages(channel.id, { includeEphemeral: true })
    .flatMap((m) => m.attachments)
    .find((a) => a.filename === 'captain-vex.yaml');
  const yaml = await (await fetch(file!.url)).text();
  expect(parsePersonaText(yaml, { source: file!.filename, format: 'yaml' })).toMatchObject({
    id: 'captain-vex',
    name: 'Captain Vex',
    aliases: ['Vex', '维克斯'],
  });
});

it('GIVEN /persona import with a YAML file and with a character card THEN both become server personas, without a bot token variable', async () => {
  world = await startTroupeOnDiscord();
  const { mia } = world;
  const yaml = await world.replyTo(
    world.command(mia, 'persona', 'import', { file: { filename: 'Captain Vex.yaml', content: VEX_YAML } }),
  );
  expect(yaml.content).toMatch(
    /^Created \*\*Captain Vex\*\* \(`captain-vex`\).*`botTokenEnv` was left out.*from a persona file/s,
  );
  const stored = await world.settings.get(world.channel.id);
  expect(stored.guildId).toBe(world.guild.id);

  const card = {
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: {
      name: 'Mira Sol',
      description: '{{char}} is a wandering cartographer who maps dreams.',
      personality: 'curious, soft-spoken',
      scenario: '',
      first_mes: '*unrolls a map* Where to, {{user}}?',
      mes_example: '',
    },
  };
  const imported = await world.replyTo(
    world.command(mia, 'persona', 'import', {
      file: { filename: 'mira.json', content: JSON.stringify(card), contentType: 'application/json' },
    }),
  );
  expect(imported.content).toMatch(/^Created \*\*Mira Sol\*\* \(`mira-sol`\).*from a character card/s);
  const show = await world.replyTo(world.command(mia, 'persona', 'show', { persona: 'mira-sol' }));
  expect(show.content).toContain("this server's own");
  expect(show.content).toContain('Greeting: (unrolls a map) Where to, everyone?');

  const bad = await world.replyTo(
    world.command(mia, 'persona', 'import', { file: { filename: 'broken.yaml', content: 'name: [' } }),
  );
  expect(bad.content).toMatch(/^`broken.yaml` isn't a persona I can use:\n• line 1/);

  const gone = await world.replyTo(world.command(mia, 'persona', 'delete', { persona: 'mira-sol' }));
  expect(gone.content).toBe("Deleted this server's **Mira Sol**.");
  const shipped = await world.replyTo(world.command(mia, 'persona', 'delete', { persona: 'ling-lu' }));
  expect(shipped.content).toMatch(/ships with Troupe and can't be deleted/);
});

it('GIVEN /persona edit WHEN Mia changes the greeting THEN the server gets its own copy, which greets with the new line', async () => {
  world = await startTroupeOnDiscord();
  const { server, mia } = world;
  const edit = world.command(mia, 'persona', 'edit', { persona: 'ling-lu' });
  const modal = await server.waitForInteractionResponse(edit.id, (r) => r.type === 9);
  expect(JSON.stringify(modal.data)).toContain('Anyone alive in here?');
  const saved = server.submitModal({
    fromInteraction: edit.id,
    fields: {
      name: 'Ling Lu',
      aliases: '凌路, Ling',
      avatar: '',
      profile: 'You are Ling Lu, a blunt music producer from Chongqing.',
      greeting: 'Oi. Mix is done.',
    },
  });
  expect((await world.replyTo(saved)).content).toMatch(/^Saved \*\*Ling Lu\*\*/);
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu' }));
  const greeting = await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  expect(greeting.body.content).toBe('Oi. Mix is done.');
  expect(greeting.body.avatar_url).toBeUndefined();
  const show = await world.replyTo(world.command(mia, 'persona', 'show', { persona: 'ling-lu' }));
  expect(show.content).toContain("this server's own");
});

it('GIVEN /scene set THEN the channel sees it and the model reads it; /pause holds the personas and /nudge still works; /reset asks first', async () => {
  world = await startTroupeOnDiscord();
  const { server, channel, mia } = world;
  await world.replyTo(world.command(mia, 'cast', 'add', { persona: 'ling-lu', greet: false }));
  const scene = await world.replyTo(
    world.command(mia, 'scene', 'set', { note: 'A rainy night at the Blue Note club' }),
  );
  expect(scene).toEqual({ content: 'Scene: A rainy night at the Blue Note club', ephemeral: false });
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, what are you drinking?' });
  await server.waitForWebhookExecution((e) => e.status === 200, 5000);
  const sawScene = world.simulator.requests.some((r) =>
    JSON.stringify(r.body).includes('A rainy night at the Blue Note club'),
  );
  expect(sawScene).toBe(true);
  await settle(world);

  expect(await world.replyTo(world.command(mia, 'pause'))).toEqual({
    content: 'Personas are paused.',
    ephemeral: false,
  });
  const before = server.webhookExecutions.length;
  server.userSays({ channelId: channel.id, userId: mia.id, content: 'Ling Lu, are you there?' });
  await settle(world, 500);
  expect(server.webhookExecutions).toHaveLength(before);
  expect((await world.replyTo(world.command(mia, 'nudge', undefined, { persona: 'ling-lu' }))).content).toBe(
    'Ling Lu will speak.',
  );
  await waitFor('the nudged line', () => server.webhookExecutions.length > before, 5000);

  const reset = world.command(mia, 'reset');
  const prompt = await server.waitForInteractionResponse(reset.id, (r) => r.kind === 'callback');
  expect(prompt.ephemeral).toBe(true);
  expect((await world.history()).length).toBeGreaterThan(0);
  const confirm = server.clickButton({
    messageId: prompt.messageId!,
    customId: 'reset:confirm',
    userId: mia.id,
  });
  await server.waitForInteractionResponse(confirm.id);
  await waitFor('an empty history', async () => (await world!.history()).length === 0);
  expect((await world.settings.get(channel.id)).cast).toEqual(['ling-lu']);
});
