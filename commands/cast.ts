// /cast add | remove | list — which personas play in this channel or thread. A persona that joins opens
// with its greeting (its first line in the history) unless `greet` is off, and knows only what is said
// from then on unless `knows:everything` (scene presence: src/core/scene-presence.ts). Adding and
// removing are an admin's; anyone may look.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { addToCast, removeFromCast } from '../src/core/channel-admin.js';
import { respondWithPersonas } from '../src/discord/persona-choices.js';
import { text } from '../src/core/text.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { CommandContext, GuildChatInput, SlashCommand } from '../src/discord/slash-command.js';
import { adminFor } from '../src/discord/slash-command.js';

const data = new SlashCommandBuilder()
  .setName('cast')
  .setDescription('Who plays in this channel or thread')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Bring a persona into the scene; it opens with its greeting (admins)')
      .addStringOption((o) =>
        o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
      )
      .addBooleanOption((o) => o.setName('greet').setDescription('Post its opening line (default: yes)'))
      .addStringOption((o) =>
        o
          .setName('knows')
          .setDescription('What it knows of the scene so far (default: only what is said from now on)')
          .addChoices(
            { name: 'Only what is said from now on', value: 'from-now' },
            { name: 'Everything said here before', value: 'everything' },
          ),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Take a persona out of the scene (admins)')
      .addStringOption((o) =>
        o.setName('persona').setDescription('Which persona').setRequired(true).setAutocomplete(true),
      ),
  )
  .addSubcommand((s) => s.setName('list').setDescription('Who is in the scene'))
  .toJSON();

async function list(interaction: GuildChatInput, ctx: CommandContext): Promise<void> {
  const settings = await ctx.deps.settings.get(interaction.channelId);
  const all = await ctx.deps.personas.list({ guildId: interaction.guildId });
  const rows = settings.cast.map((id) =>
    text(settings.muted.includes(id) ? 'cast.rowMuted' : 'cast.row', {
      name: all.find((p) => p.id === id)?.name ?? id,
      id,
    }),
  );
  const state = [
    text(`turns.strategy.${settings.strategy}`),
    ...(settings.paused ? [text('cast.paused')] : []),
  ];
  await answer(interaction, rows.length ? text('cast.list', { state, rows }) : text('cast.empty'));
}

export const cast: SlashCommand = {
  data,
  needsAdmin: adminFor(['add', 'remove']),
  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'list') return list(interaction, ctx);
    const query = interaction.options.getString('persona', true);
    if (sub === 'add') {
      // Posting the greeting may create the channel's webhook first: more than Discord's 3 s at worst.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const greet = interaction.options.getBoolean('greet') ?? true;
      const knowsEverything = interaction.options.getString('knows') === 'everything';
      return answerResult(
        interaction,
        await addToCast(ctx.deps, interaction.channelId, query, { greet, knowsEverything }),
      );
    }
    return answerResult(interaction, await removeFromCast(ctx.deps, interaction.channelId, query), {
      visible: true,
    });
  },
  autocomplete: (interaction, ctx) =>
    respondWithPersonas(
      interaction,
      ctx,
      interaction.options.getSubcommand() === 'add' ? 'not-cast' : 'cast',
    ),
};
