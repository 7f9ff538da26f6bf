// Slash commands end to end with a real discord.js Client: registration with REST.put, then replies
// (ephemeral), deferred replies and edits, follow-ups, autocomplete, modals, buttons, the with_response
// variant, and the 3 s deadline (shortened here) that turns a late answer into 10062.
import type { Client, Interaction } from 'discord.js';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginBot } from '../../support/discord/client.js';
import type { Seeded } from '../../support/discord/index.js';
import { DiscordTestServer } from '../../support/discord/index.js';

const DEADLINE_MS = 150;
const persona = new SlashCommandBuilder()
  .setName('persona')
  .setDescription('Manage personas')
  .addSubcommand((s) => s.setName('list').setDescription('List personas'))
  .addSubcommand((s) => s.setName('slow').setDescription('Takes a while'))
  .addSubcommand((s) => s.setName('late').setDescription('Answers after the deadline'))
  .addSubcommand((s) => s.setName('edit').setDescription('Edit a prompt'))
  .addSubcommand((s) =>
    s
      .setName('raw-modal')
      .setDescription('Shows a modal as raw JSON')
      .addStringOption((o) => o.setName('title').setDescription('Its title').setRequired(true))
      .addStringOption((o) => o.setName('value').setDescription('Its prefilled value').setRequired(true)),
  )
  .addSubcommand((s) => s.setName('menu').setDescription('Show a button'))
  .addSubcommand((s) => s.setName('perms').setDescription('Report permissions'))
  .addSubcommand((s) =>
    s
      .setName('show')
      .setDescription('Show one persona')
      .addStringOption((o) =>
        o.setName('name').setDescription('Persona').setRequired(true).setAutocomplete(true),
      ),
  );

let server: DiscordTestServer;
let world: Seeded;
let client: Client<true>;
const errors: unknown[] = [];

/** A tiny bot: one handler per subcommand, the way Troupe's command router will answer. */
async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    const names = ['Ling Lu', 'Lingering Shadow', 'Mara'].filter((n) => n.toLowerCase().startsWith(typed));
    await interaction.respond(names.map((n) => ({ name: n, value: n })));
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({
      content: `Saved: ${interaction.fields.getTextInputValue('prompt')}`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (interaction.isButton() && interaction.customId === 'later') {
    await interaction.deferUpdate();
    await interaction.editReply({ content: 'Poked Ling Lu, eventually', components: [] });
    return;
  }
  if (interaction.isButton()) {
    await interaction.update({ content: 'Poked Ling Lu', components: [] });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.options.getSubcommand()) {
    case 'list':
      await interaction.reply({ content: 'Personas: Ling Lu', flags: MessageFlags.Ephemeral });
      return;
    case 'slow':
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply('Done thinking');
      await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
      return;
    case 'late':
      await new Promise((r) => setTimeout(r, DEADLINE_MS + 50));
      await interaction.reply('Too late');
      return;
    case 'edit': {
      const input = new TextInputBuilder()
        .setCustomId('prompt')
        .setStyle(TextInputStyle.Paragraph)
        .setMaxLength(4000);
      const modal = new ModalBuilder()
        .setCustomId('persona-edit')
        .setTitle('Edit persona')
        .addLabelComponents(new LabelBuilder().setLabel('Prompt').setTextInputComponent(input));
      await interaction.showModal(modal);
      return;
    }
    case 'raw-modal': {
      // Straight to the API, past the builders' own checks: what the server itself accepts.
      await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: {
          type: 9,
          data: {
            custom_id: 'raw',
            title: interaction.options.getString('title', true),
            components: [
              {
                type: 18,
                label: 'Prompt',
                component: {
                  type: 4,
                  custom_id: 'prompt',
                  style: 2,
                  max_length: 10,
                  value: interaction.options.getString('value', true),
                },
              },
            ],
          },
        },
        auth: false,
      });
      return;
    }
    case 'menu': {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('poke').setLabel('Poke').setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setCustomId('later').setLabel('Later').setStyle(ButtonStyle.Secondary),
      );
      await interaction.reply({ content: 'Who next?', components: [row] });
      return;
    }
    case 'perms': {
      const member = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
        ? 'manager'
        : 'member';
      const app = interaction.appPermissions.has(PermissionFlagsBits.ManageWebhooks)
        ? 'webhooks'
        : 'no webhooks';
      await interaction.reply({ content: `${member}, ${app}`, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'show': {
      const response = await interaction.reply({
        content: `Showing ${interaction.options.getString('name')}`,
        withResponse: true,
      });
      await interaction.followUp(`message id ${response.resource?.message?.id}`);
      return;
    }
  }
}

beforeEach(async () => {
  server = new DiscordTestServer({ interactionDeadlineMs: DEADLINE_MS });
  await server.start();
  world = server.seed();
  client = await loginBot(server, world.bot);
  client.on(Events.InteractionCreate, (i) => void handle(i).catch((err: unknown) => errors.push(err)));
  await client.rest.put(Routes.applicationGuildCommands(world.bot.applicationId, world.guild.id), {
    body: [persona.toJSON()],
  });
});

afterEach(async () => {
  // A 500 means the fake itself broke; its stack is in the request log.
  expect(server.requests.filter((r) => r.error).map((r) => r.error)).toEqual([]);
  errors.length = 0;
  await client.destroy();
  await server.close();
});

const invoke = (subcommand: string, options?: Record<string, string>) =>
  server.invokeCommand({
    name: 'persona',
    subcommand,
    userId: world.user.id,
    channelId: world.channel.id,
    ...(options ? { options } : {}),
  });

describe('slash commands', () => {
  it('GIVEN commands registered with REST.put THEN they are echoed with ids and recorded', () => {
    const [command] = server.registeredCommands(world.bot.applicationId, world.guild.id);
    expect(command).toMatchObject({
      name: 'persona',
      application_id: world.bot.applicationId,
      guild_id: world.guild.id,
    });
    expect(command?.id).toMatch(/^\d{17,20}$/);
  });

  it('GIVEN /persona list THEN the ephemeral reply is recorded and not shown in the channel', async () => {
    const { id } = invoke('list');
    const response = await server.waitForInteractionResponse(id);
    expect(response).toMatchObject({
      kind: 'callback',
      type: 4,
      ephemeral: true,
      data: { content: 'Personas: Ling Lu' },
    });
    expect(server.messages(world.channel.id)).toHaveLength(0);
    expect(server.messages(world.channel.id, { includeEphemeral: true })).toHaveLength(1);
  });

  it('GIVEN a slow command THEN deferReply, editReply (@original) and followUp are recorded in order', async () => {
    const { id } = invoke('slow');
    await server.waitForInteractionResponse(id, (r) => r.kind === 'followup');
    const responses = server.interactionResponses(id);
    expect(responses.map((r) => [r.kind, r.type, r.ephemeral])).toEqual([
      ['callback', 5, true],
      ['editOriginal', undefined, true],
      ['followup', undefined, true],
    ]);
    expect(responses[1]?.data).toMatchObject({ content: 'Done thinking' });
    expect(server.requests.some((r) => r.path.endsWith('/messages/@original') && r.method === 'PATCH')).toBe(
      true,
    );
  });

  it('GIVEN typing in an autocompleted option THEN the choices come back', async () => {
    const { id } = server.autocomplete({
      name: 'persona',
      subcommand: 'show',
      focused: 'name',
      value: 'lin',
      userId: world.user.id,
      channelId: world.channel.id,
    });
    const response = await server.waitForInteractionResponse(id);
    expect(response).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'Ling Lu' }, { name: 'Lingering Shadow' }] },
    });
  });

  it('GIVEN a modal shown THEN submitModal delivers the text and the bot answers', async () => {
    const shown = invoke('edit');
    const modal = await server.waitForInteractionResponse(shown.id);
    expect(modal).toMatchObject({ type: 9, data: { custom_id: 'persona-edit' } });
    const submitted = server.submitModal({
      fromInteraction: shown.id,
      fields: { prompt: 'A wandering poet.' },
    });
    const reply = await server.waitForInteractionResponse(submitted.id);
    expect(reply).toMatchObject({ type: 4, ephemeral: true, data: { content: 'Saved: A wandering poet.' } });
  });

  it.each([
    ['a title of 45 emoji', '🎸'.repeat(45), 'ok', true],
    ['a title of 46 emoji', '🎸'.repeat(46), 'ok', false],
    ['a title cut through an emoji', `${'🎸'.repeat(10)}${'🎸'.slice(0, 1)}`, 'ok', false],
    ['a value longer than its max_length', 'Edit', '🎸'.repeat(11), false],
    ['a value of max_length emoji', 'Edit', '🎸'.repeat(10), true],
  ])('GIVEN a modal with %s THEN Discord accepts it: %s', async (_, title, value, accepted) => {
    const shown = invoke('raw-modal', { title, value });
    if (accepted) {
      expect(await server.waitForInteractionResponse(shown.id)).toMatchObject({ type: 9, data: { title } });
    } else {
      await server.waitFor(() => errors.length > 0, 2000, 'the refusal');
      expect(errors.splice(0)).toEqual([expect.objectContaining({ status: 400 })]);
      expect(server.interactionResponses(shown.id)).toEqual([]);
    }
  });

  it('GIVEN a button THEN clicking it updates the message in place', async () => {
    const menu = invoke('menu');
    const { messageId } = await server.waitForInteractionResponse(menu.id);
    const click = server.clickButton({ messageId: messageId!, customId: 'poke', userId: world.user.id });
    await server.waitForInteractionResponse(click.id);
    expect(server.messages(world.channel.id)).toMatchObject([
      { id: messageId, content: 'Poked Ling Lu', components: [] },
    ]);
  });

  it('GIVEN a deferred update THEN editReply edits the message the button was on', async () => {
    const menu = invoke('menu');
    const { messageId } = await server.waitForInteractionResponse(menu.id);
    const click = server.clickButton({ messageId: messageId!, customId: 'later', userId: world.user.id });
    const edit = await server.waitForInteractionResponse(click.id, (r) => r.kind === 'editOriginal');
    expect(server.interactionResponses(click.id)[0]).toMatchObject({ kind: 'callback', type: 6 });
    expect(edit.messageId).toBe(messageId);
    expect(server.messages(world.channel.id)[0]?.content).toBe('Poked Ling Lu, eventually');
  });

  it('GIVEN a role with ManageGuild THEN member permissions and app_permissions reflect roles', async () => {
    const before = invoke('perms');
    expect((await server.waitForInteractionResponse(before.id)).data).toMatchObject({
      content: 'member, webhooks',
    });
    const admins = server.createRole(world.guild.id, {
      name: 'Admins',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    server.setMemberRoles(world.guild.id, world.user.id, [admins.id]);
    const after = invoke('perms');
    expect((await server.waitForInteractionResponse(after.id)).data).toMatchObject({
      content: 'manager, webhooks',
    });
  });

  it('GIVEN reply withResponse THEN the callback response object comes back', async () => {
    const { id } = invoke('show', { name: 'Mara' });
    const followup = await server.waitForInteractionResponse(id, (r) => r.kind === 'followup');
    const [reply] = server.messages(world.channel.id);
    expect(reply?.content).toBe('Showing Mara');
    expect(followup.data).toMatchObject({ content: `message id ${reply?.id}` });
    expect(reply?.interaction_metadata?.user.id).toBe(world.user.id);
  });

  it('GIVEN an answer after the deadline THEN the callback fails with 10062 Unknown interaction', async () => {
    invoke('late');
    await server.waitFor(() => errors.length > 0, 2000, 'the late reply to fail');
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((errors[0] as DiscordAPIError).code).toBe(10062);
  });
});
