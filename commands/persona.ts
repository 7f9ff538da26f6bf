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
import { lines, sentences, text, type Text } from '../src/core/text.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { describePersona } from '../src/discord/personas/describe-persona.js';
import { findPersona } from '../src/discord/personas/find-persona.js';
import { setStageActions, type StageActions } from '../src/discord/personas/persona-actions.js';
import { fieldsTooLong, personaModal, readPersonaForm } from '../src/discord/personas/persona-form.js';
import { download, readUpload } from '../src/discord/personas/persona-upload.js';
import { saveServerPersona } from '../src/discord/personas/save-server-persona.js';
import { answer, answerResult, updateWith } from '../src/discord/replies.js';
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
import { t } from '../src/i18n/i18n.js';

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
  const rows = all.map((p) => {
    const marks = [
      ...(ownIds.has(p.id) ? [text('persona.list.own')] : []),
      ...(settings.cast.includes(p.id) ? [text('persona.list.inScene')] : []),
    ];
    return text('persona.list.row', {
      name: p.name,
      id: p.id,
      marks: marks.length ? text('persona.list.marks', { marks }) : '',
      summary: p.summary ? text('persona.list.summary', { summary: p.summary }) : '',
    });
  });
  await answer(interaction, rows.length ? lines(...rows) : text('persona.list.empty'));
}

async function show(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, text('persona.notFound', { query }));
  const own = Boolean(await ctx.guildPersonas.get(interaction.guildId, persona.id));
  await answer(interaction, describePersona(persona, own, ctx.deps.options.defaultModel));
}

async function actions(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, text('persona.notFound', { query }));
  const stage: StageActions = interaction.options.getString('stage', true) === 'off' ? 'off' : 'on';
  await answerResult(interaction, await setStageActions(ctx, interaction.guildId, persona, stage));
}

async function edit(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, text('persona.notFound', { query }));
  const picture = interaction.options.getAttachment('avatar');
  if (picture) return setAvatar(interaction, ctx, persona, picture);
  await interaction.showModal(personaModal(interaction.locale, customId(NAME, 'edit', persona.id), persona));
}

/** `/persona edit avatar:`: the picture, made square and stored, replaces the persona's avatar. */
async function setAvatar(
  interaction: GuildChatInput,
  ctx: CommandContext,
  persona: Persona,
  picture: { name: string; url: string; size: number },
): Promise<void> {
  if (!ctx.avatars) return answer(interaction, text('persona.avatar.unavailable'));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let avatarImage: string;
  try {
    avatarImage = await ctx.avatars.put(await download(picture));
  } catch (err) {
    if (err instanceof PersonaFileError || err instanceof AvatarImageError) {
      const problems = err instanceof PersonaFileError ? err.problems : [err.reason];
      return answer(interaction, text('persona.avatar.problem', { file: picture.name, problems }));
    }
    throw err;
  }
  const { avatarUrl: _old, ...rest } = persona;
  const saved = await saveServerPersona(
    ctx,
    interaction.guildId,
    { ...rest, avatarImage },
    { mode: 'replace' },
  );
  const stored = [
    saved.message,
    text('persona.avatar.stored'),
    ...(ctx.publicUrl ? [] : [text('persona.avatar.noPublicUrl')]),
  ];
  await answerResult(interaction, saved.ok ? { ...saved, message: sentences(...stored) } : saved);
}

async function remove(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona || !(await ctx.guildPersonas.remove(interaction.guildId, persona.id))) {
    return answer(
      interaction,
      persona ? text('persona.delete.shipped', { name: persona.name }) : text('persona.notFound', { query }),
    );
  }
  const back = await ctx.deps.personas.get(persona.id, { guildId: interaction.guildId });
  await answer(
    interaction,
    back
      ? text('persona.delete.shippedBack', { name: persona.name, shipped: back.name })
      : text('persona.delete.done', { name: persona.name }),
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
        text('persona.import.exists', {
          id: existing.id,
          existing: existing.name,
          name: avatar.persona.name,
        }),
        { components: [importChoiceButtons(holdId, interaction.locale)] },
      );
    }
    const saved = await saveServerPersona(ctx, interaction.guildId, avatar.persona, { mode: 'replace' });
    const kind = text(`persona.import.kind.${imported.kind}`);
    await answerResult(
      interaction,
      saved.ok
        ? {
            ...saved,
            message: withNotes(text('persona.import.from', { saved: saved.message, kind }), allNotes),
          }
        : saved,
    );
  } catch (err) {
    if (!(err instanceof PersonaFileError)) throw err;
    await answer(
      interaction,
      text('persona.import.unusable', { file: file.name, problems: bullets(err.problems) }),
    );
  }
}

/** "• problem" lines. */
function bullets(items: readonly Text[]): Text[] {
  return items.map((item) => text('common.bullet', { item }));
}

/** A result followed by what came over from a card and what did not, one bullet a line. */
function withNotes(message: Text, notes: readonly Text[]): Text {
  return notes.length === 0 ? message : lines(message, ...bullets(notes));
}

/**
 * A card's picture as the persona's avatar (unless the card names an https icon): stored, and served at
 * PUBLIC_URL. Without PUBLIC_URL the picture is still kept, and the reply says how to show it.
 */
async function importedAvatar(
  ctx: CommandContext,
  persona: Persona,
  image: Uint8Array | undefined,
): Promise<{ persona: Persona; notes: Text[] }> {
  if (!image || persona.avatarUrl || !ctx.avatars) return { persona, notes: [] };
  let avatarImage: string;
  try {
    avatarImage = await ctx.avatars.put(image);
  } catch (err) {
    if (!(err instanceof AvatarImageError)) throw err;
    return { persona, notes: [text('persona.avatar.cardPictureUnused', { problem: err.reason })] };
  }
  const notes = [text(ctx.publicUrl ? 'persona.avatar.cardPicture' : 'persona.avatar.cardPictureHidden')];
  return { persona: { ...persona, avatarImage }, notes };
}

async function exportFile(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const query = interaction.options.getString('persona', true);
  const persona = await findPersona(ctx, interaction.guildId, query);
  if (!persona) return answer(interaction, text('persona.notFound', { query }));
  const format = interaction.options.getString('format') ?? 'yaml';
  if (format === 'card-json' || format === 'card-png') {
    const file =
      format === 'card-json'
        ? new AttachmentBuilder(Buffer.from(exportCardJson(persona), 'utf8'), { name: `${persona.id}.json` })
        : new AttachmentBuilder(Buffer.from(exportCardPng(persona, await cardImage(ctx, persona))), {
            name: `${persona.id}.png`,
          });
    return answer(interaction, text('persona.export.card', { name: persona.name }), { files: [file] });
  }
  const fileFormat = format === 'json' ? 'json' : 'yaml';
  const file = new AttachmentBuilder(Buffer.from(exportPersona(persona, fileFormat), 'utf8'), {
    name: `${persona.id}.${fileFormat}`,
  });
  await answer(interaction, text('persona.export.file', { name: persona.name }), { files: [file] });
}

function importChoiceButtons(holdId: string, locale: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customId(NAME, 'import-replace', holdId))
      .setLabel(t(locale, 'persona.import.replaceButton'))
      .setStyle(ButtonStyle.Danger),
    new ButtonBuilder()
      .setCustomId(customId(NAME, 'import-keep', holdId))
      .setLabel(t(locale, 'persona.import.keepBothButton'))
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
  if (!held) return updateWith(interaction, text('persona.import.expired'));
  const persona =
    action === 'import-keep' ? await keepBoth(ctx, interaction.guildId, held.persona) : held.persona;
  const saved = await saveServerPersona(ctx, interaction.guildId, persona, { mode: 'replace' });
  await updateWith(interaction, saved.ok ? withNotes(saved.message, held.notes) : saved.message);
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
  if (action === 'edit' && !base) return answer(interaction, text('persona.form.gone'));
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
    const tr = (problem: Text) => withFormLabel(problem, interaction.locale);
    return answer(interaction, text('persona.form.notSaved', { problems: bullets(err.problems.map(tr)) }));
  }
  const saved = await saveServerPersona(ctx, interaction.guildId, persona, {
    mode: base ? 'replace' : 'create',
  });
  const kept = fieldsTooLong(base);
  const done = sentences(saved.message, text('persona.form.addToScene'));
  const message =
    kept.length === 0
      ? done
      : text('personas.form.kept', {
          before: done,
          fields: kept.map((field) => text(`personas.form.field.${field}`)),
        });
  await answerResult(interaction, saved.ok ? { ...saved, message } : saved);
}

/** A problem with the form's avatar field names the field as the form labels it, not `avatarUrl`. */
function withFormLabel(problem: Text, locale: string): Text {
  if (problem.key !== 'problems.at' || problem.params?.field !== 'avatarUrl') return problem;
  return { ...problem, params: { ...problem.params, field: t(locale, 'persona.form.avatarUrl') } };
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
        await interaction.showModal(personaModal(interaction.locale, customId(NAME, 'create')));
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
