// /persona list | show | create | edit | actions | delete | import | export — the personas this server
// can cast: the shipped ones (personas/ on the host, in every server) and the server's own (stored in
// Redis). Create and edit go through a modal; actions switches stage actions (noActions); import reads
// an attached persona file or character card, with every field it has (model, real-time, knowledge
// bases, web search, logit_bias…); export hands back a persona file. Changing personas is an admin's;
// looking at them is anyone's.
import type { SlashCommandStringOption } from 'discord.js';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import { profileText, type Persona } from '../src/core/persona.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { describePersona } from '../src/discord/personas/describe-persona.js';
import { findPersona } from '../src/discord/personas/find-persona.js';
import { setStageActions, type StageActions } from '../src/discord/personas/persona-actions.js';
import { fieldsTooLong, personaModal, readPersonaForm } from '../src/discord/personas/persona-form.js';
import { t, translate } from '../src/i18n/i18n.js';
import { download, readUpload } from '../src/discord/personas/persona-upload.js';
import { saveServerPersona } from '../src/discord/personas/save-server-persona.js';
import { answer, answerResult, clip, updateWith } from '../src/discord/replies.js';
import type {
  CommandContext,
  GuildButton,
  GuildChatInput,
  GuildModalSubmit,
  SlashCommand,
} from '../src/discord/slash-command.js';
import { adminFor, customId } from '../src/discord/slash-command.js';
import { exportCardJson, exportCardPng } from '../src/personas/export-card.js';
import { exportPersona } from '../src/personas/export-persona.js';
import { AvatarImageError, plainAvatar } from '../src/avatars/avatar-image.js';
import { cardPersonaId } from '../src/personas/character-card.js';
import { PersonaFileError, validatePersona } from '../src/personas/persona-file.js';

const NAME = 'persona';
const personaOption = (description: string) => (o: SlashCommandStringOption) =>
  o.setName('persona').setDescription(description).setRequired(true).setAutocomplete(true);

const data = new SlashCommandBuilder()
  .setName(NAME)
  .setDescription('The personas this server can cast')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => s.setName('list').setDescription('List the personas'))
  .addSubcommand((s) =>
    s.setName('show').setDescription('Show one persona').addStringOption(personaOption('Which persona')),
  )
  .addSubcommand((s) => s.setName('create').setDescription('Make a new persona for this server (admins)'))
  .addSubcommand((s) =>
    s
      .setName('edit')
      .setDescription('Change a persona for this server (admins)')
      .addStringOption(personaOption('Which persona'))
      .addAttachmentOption((o) =>
        o
          .setName('avatar')
          .setDescription('A new avatar picture (PNG, JPEG, WebP or GIF) instead of the form'),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('actions')
      .setDescription('Allow or ban (stage actions) in parentheses for a persona (admins)')
      .addStringOption(personaOption('Which persona'))
      .addStringOption((o) =>
        o
          .setName('stage')
          .setDescription('on: may write (actions); off: no parentheses at all (logit_bias)')
          .setRequired(true)
          .addChoices({ name: 'on: allowed', value: 'on' }, { name: 'off: banned', value: 'off' }),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('delete')
      .setDescription("Delete one of this server's personas (admins)")
      .addStringOption(personaOption('Which persona')),
  )
  .addSubcommand((s) =>
    s
      .setName('import')
      .setDescription('Add a persona from a file: YAML/JSON persona or a character card (admins)')
      .addAttachmentOption((o) =>
        o.setName('file').setDescription('.yaml, .yml, .json, .png or .charx').setRequired(true),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('export')
      .setDescription('Get a persona as a file')
      .addStringOption(personaOption('Which persona'))
      .addStringOption((o) =>
        o
          .setName('format')
          .setDescription('File format (default YAML)')
          .addChoices(
            { name: 'YAML (persona file)', value: 'yaml' },
            { name: 'JSON (persona file)', value: 'json' },
            { name: 'Character card JSON (V3 + V2)', value: 'card-json' },
            { name: 'Character card PNG (V3 + V2)', value: 'card-png' },
          ),
      ),
  )
  .toJSON();

async function list(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const [all, own, settings] = await Promise.all([
    ctx.deps.personas.list({ guildId: interaction.guildId }),
    ctx.guildPersonas.list(interaction.guildId),
    ctx.deps.settings.get(interaction.channelId),
  ]);
  const ownIds = new Set(own.map((p) => p.id));
  const lines = all.map((p) => {
    const marks = [
      ownIds.has(p.id) ? 'this server' : undefined,
      settings.cast.includes(p.id) ? 'in this scene' : undefined,
    ].filter(Boolean);
    return `• **${p.name}** \`${p.id}\`${marks.length ? ` (${marks.join(', ')})` : ''}${p.summary ? ` — ${p.summary}` : ''}`;
  });
  await answer(
    interaction,
    lines.length ? lines.join('\n') : 'No personas yet: `/persona create` or `/persona import`.',
  );
}

async function show(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, `No persona called "${query}".`);
  const own = Boolean(await ctx.guildPersonas.get(interaction.guildId, persona.id));
  await answer(interaction, describePersona(persona, own, ctx.deps.options.defaultModel));
}

async function actions(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, `No persona called "${query}".`);
  const stage: StageActions = interaction.options.getString('stage', true) === 'off' ? 'off' : 'on';
  await answerResult(interaction, await setStageActions(ctx, interaction.guildId, persona, stage));
}

async function edit(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, `No persona called "${query}".`);
  const picture = interaction.options.getAttachment('avatar');
  if (picture) return setAvatar(interaction, ctx, persona, picture);
  await interaction.showModal(
    personaModal(customId(NAME, 'edit', persona.id), `Edit ${persona.name}`, persona),
  );
}

/** `/persona edit avatar:`: the picture, made square and stored, replaces the persona's avatar. */
async function setAvatar(
  interaction: GuildChatInput,
  ctx: CommandContext,
  persona: Persona,
  picture: { name: string; url: string; size: number },
): Promise<void> {
  if (!ctx.avatars) return answer(interaction, "Avatars can't be stored here.");
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let avatarImage: string;
  try {
    avatarImage = await ctx.avatars.put(await download(picture));
  } catch (err) {
    if (err instanceof PersonaFileError)
      return answer(interaction, `\`${picture.name}\`: ${err.problems.join('; ')}`);
    if (err instanceof AvatarImageError) return answer(interaction, `\`${picture.name}\`: ${err.message}.`);
    throw err;
  }
  const { avatarUrl: _old, ...rest } = persona;
  const saved = await saveServerPersona(
    ctx,
    interaction.guildId,
    { ...rest, avatarImage },
    { mode: 'replace' },
  );
  const shown = ctx.publicUrl
    ? ''
    : " It can't be shown until `PUBLIC_URL` is set to the https address of Troupe's HTTP server (`HTTP_PORT`).";
  await answerResult(
    interaction,
    saved.ok ? { ...saved, message: `${saved.message} New avatar stored.${shown}` } : saved,
  );
}

async function remove(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona || !(await ctx.guildPersonas.remove(interaction.guildId, persona.id))) {
    return answer(
      interaction,
      persona
        ? `${persona.name} ships with Troupe and can't be deleted here; remove it from a scene with \`/cast remove\`.`
        : `No persona called "${query}".`,
    );
  }
  const back = await ctx.deps.personas.get(persona.id, { guildId: interaction.guildId });
  await answer(
    interaction,
    `Deleted this server's **${persona.name}**.${back ? ` The shipped ${back.name} is back in its place.` : ''}`,
  );
}

async function importFile(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const file = interaction.options.getAttachment('file', true);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    const imported = readUpload(
      file.name,
      await download({ name: file.name, url: file.url, size: file.size }),
    );
    const avatar = await importedAvatar(ctx, imported.persona, imported.image);
    const allNotes = [...imported.notes, ...avatar.notes];
    const existing = await ctx.deps.personas.get(avatar.persona.id, { guildId: interaction.guildId });
    if (existing) {
      const holdId = await ctx.guildPersonas.holdImport(interaction.guildId, avatar.persona, allNotes);
      return answer(
        interaction,
        `A persona with the id \`${existing.id}\` already exists (**${existing.name}**). Replace it with the imported **${avatar.persona.name}**, or keep both?`,
        { components: [importChoiceButtons(holdId)] },
      );
    }
    const saved = await saveServerPersona(ctx, interaction.guildId, avatar.persona, { mode: 'replace' });
    const notes = allNotes.map((note) => `\n• ${note}`).join('');
    await answerResult(interaction, {
      ...saved,
      message: `${saved.message}${saved.ok ? ` (from a ${imported.kind})${notes}` : ''}`,
    });
  } catch (err) {
    if (!(err instanceof PersonaFileError)) throw err;
    await answer(
      interaction,
      `\`${file.name}\` isn't a persona I can use:\n${clip(err.problems.map((p) => `• ${p}`).join('\n'), 1800)}`,
    );
  }
}

/**
 * A card's picture as the persona's avatar (unless the card names an https icon): stored, and served at
 * PUBLIC_URL. Without PUBLIC_URL the picture is still kept, and the reply says how to show it.
 */
async function importedAvatar(
  ctx: CommandContext,
  persona: Persona,
  image: Uint8Array | undefined,
): Promise<{ persona: Persona; notes: string[] }> {
  if (!image || persona.avatarUrl || !ctx.avatars) return { persona, notes: [] };
  let avatarImage: string;
  try {
    avatarImage = await ctx.avatars.put(image);
  } catch (err) {
    if (!(err instanceof AvatarImageError)) throw err;
    return { persona, notes: [`The card's picture was not used: ${err.message}.`] };
  }
  const notes = ctx.publicUrl
    ? ["The card's picture is the persona's avatar."]
    : [
        "The card's picture is kept as the avatar but can't be shown yet: Discord needs an address it can fetch it from. Set `PUBLIC_URL` to the https address of Troupe's HTTP server (`HTTP_PORT`) and restart.",
      ];
  return { persona: { ...persona, avatarImage }, notes };
}

async function exportFile(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, `No persona called "${query}".`);
  const format = interaction.options.getString('format') ?? 'yaml';
  if (format === 'card-json' || format === 'card-png') {
    const file =
      format === 'card-json'
        ? new AttachmentBuilder(Buffer.from(exportCardJson(persona), 'utf8'), { name: `${persona.id}.json` })
        : new AttachmentBuilder(Buffer.from(exportCardPng(persona, await cardImage(ctx, persona))), {
            name: `${persona.id}.png`,
          });
    return answer(interaction, `**${persona.name}** as a character card (V3, with V2 fields).`, {
      files: [file],
    });
  }
  const fileFormat = format === 'json' ? 'json' : 'yaml';
  const file = new AttachmentBuilder(Buffer.from(exportPersona(persona, fileFormat), 'utf8'), {
    name: `${persona.id}.${fileFormat}`,
  });
  await answer(interaction, `**${persona.name}** as a persona file.`, { files: [file] });
}

function importChoiceButtons(holdId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(NAME, 'import-replace', holdId))
      .setLabel('Replace')
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(customId(NAME, 'import-keep', holdId))
      .setLabel('Keep both')
      .setStyle(ButtonStyle.Primary),
  );
}

/** Keep both: the import gets a free id (`mira-2`) and, when the name is taken too, a numbered name. */
async function keepBoth(ctx: CommandContext, guildId: string, persona: Persona): Promise<Persona> {
  const all = await ctx.deps.personas.list({ guildId });
  const ids = new Set(all.map((p) => p.id));
  const names = new Set(all.map((p) => p.name.toLocaleLowerCase()));
  for (let n = 2; ; n++) {
    const id = `${persona.id.slice(0, 60)}-${n}`;
    if (ids.has(id)) continue;
    const name = names.has(persona.name.toLocaleLowerCase()) ? `${persona.name} (${n})` : persona.name;
    return { ...persona, id, name };
  }
}

/** The Replace / Keep both buttons of an import whose id was taken. */
async function importChoice(interaction: GuildButton, ctx: CommandContext): Promise<void> {
  const [, action, holdId] = interaction.customId.split(':');
  const held = holdId ? await ctx.guildPersonas.takeImport(interaction.guildId, holdId) : undefined;
  if (!held)
    return updateWith(interaction, 'That import has expired or was already handled; import the file again.');
  const persona =
    action === 'import-keep' ? await keepBoth(ctx, interaction.guildId, held.persona) : held.persona;
  const saved = await saveServerPersona(ctx, interaction.guildId, persona, { mode: 'replace' });
  const notes = saved.ok ? held.notes.map((note) => `\n• ${note}`).join('') : '';
  await updateWith(interaction, `${saved.message}${notes}`);
}

/** The picture a card-png carries: the persona's stored avatar, else a plain one. */
async function cardImage(ctx: CommandContext, persona: Persona): Promise<Uint8Array> {
  const stored = persona.avatarImage ? await ctx.avatars?.get(persona.avatarImage) : undefined;
  return stored ?? (await plainAvatar(persona.name));
}

/** create and edit forms come back here; custom_id `persona:create` or `persona:edit:<id>`. */
async function submitForm(interaction: GuildModalSubmit, ctx: CommandContext): Promise<void> {
  const [, action, editedId] = interaction.customId.split(':');
  const form = readPersonaForm(interaction);
  const base =
    action === 'edit' && editedId
      ? await ctx.deps.personas.get(editedId, { guildId: interaction.guildId })
      : undefined;
  if (action === 'edit' && !base) return answer(interaction, 'That persona is gone; nothing was saved.');
  // A field the form left out (too long to show) keeps its value; a structured profile stays as it was
  // when its text was not touched.
  const profile =
    form.profile === undefined || (base && profileText(base.profile) === form.profile)
      ? base?.profile
      : form.profile;
  const greeting = form.greeting === undefined ? base?.greeting : form.greeting || undefined;
  const fields: Record<string, unknown> = {
    ...base,
    id: base?.id ?? cardPersonaId(form.name ?? ''),
    name: form.name ?? base?.name,
    aliases: form.aliases ?? base?.aliases,
    avatarUrl: form.avatarUrl === undefined ? base?.avatarUrl : form.avatarUrl || undefined,
    profile,
    greeting,
    // The form shows one greeting; alternates it cannot show would otherwise still be picked.
    ...(base && greeting !== base.greeting ? { alternateGreetings: [] } : {}),
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  let persona: Persona;
  try {
    persona = validatePersona(fields, { source: 'the form' });
  } catch (err) {
    if (!(err instanceof PersonaFileError)) throw err;
    return answer(
      interaction,
      `Not saved:\n${err.problems.map((p) => `• ${p.replace(/^avatarUrl/, 'Avatar URL')}`).join('\n')}`,
    );
  }
  const saved = await saveServerPersona(ctx, interaction.guildId, persona, {
    mode: base ? 'replace' : 'create',
  });
  const kept = fieldsTooLong(base);
  const done = `${translate(interaction.locale, saved.message)} Add it to a scene with \`/cast add\`.`;
  const message =
    kept.length === 0
      ? done
      : t(interaction.locale, 'personas.form.kept', {
          before: done,
          fields: kept.map((field) => t(interaction.locale, `personas.form.field.${field}`)),
        });
  await answerResult(interaction, saved.ok ? { ...saved, message } : saved);
}

export const persona: SlashCommand = {
  data,
  needsAdmin: adminFor(['create', 'edit', 'actions', 'delete', 'import']),
  async execute(interaction, ctx) {
    switch (interaction.options.getSubcommand()) {
      case 'list':
        return list(interaction, ctx);
      case 'show':
        return show(interaction, ctx);
      case 'create':
        await interaction.showModal(personaModal(customId(NAME, 'create'), 'New persona'));
        return;
      case 'edit':
        return edit(interaction, ctx);
      case 'actions':
        return actions(interaction, ctx);
      case 'delete':
        return remove(interaction, ctx);
      case 'import':
        return importFile(interaction, ctx);
      case 'export':
        return exportFile(interaction, ctx);
    }
  },
  autocomplete: (interaction, ctx) => respondWithPersonas(interaction, ctx, 'all'),
  modal: submitForm,
  button: importChoice,
};
