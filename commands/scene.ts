// /scene set | clear | show — the channel's scene note: supplementary information every turn sees (the
// place, the time, what is going on). Setting and clearing are an admin's and shown to the channel, so
// the people in it know the scene changed; anyone may look.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { setScene } from '../src/core/channel-admin.js';
import { answer, answerResult } from '../src/discord/replies.js';
import type { SlashCommand } from '../src/discord/slash-command.js';
import { adminFor } from '../src/discord/slash-command.js';

/** Long enough for a paragraph of setting; every turn carries it, so it is kept short. */
export const MAX_SCENE_CHARS = 1500;

const data = new SlashCommandBuilder()
  .setName('scene')
  .setDescription("This channel's scene note, which every persona reads")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Set the scene note (admins)')
      .addStringOption((o) =>
        o
          .setName('note')
          .setDescription('Where and when, and what is going on')
          .setRequired(true)
          .setMaxLength(MAX_SCENE_CHARS),
      ),
  )
  .addSubcommand((s) => s.setName('clear').setDescription('Clear the scene note (admins)'))
  .addSubcommand((s) => s.setName('show').setDescription('Show the scene note'))
  .toJSON();

export const scene: SlashCommand = {
  data,
  needsAdmin: adminFor(['set', 'clear']),
  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'show') {
      const { scene: note } = await ctx.deps.settings.get(interaction.channelId);
      return answer(interaction, note ? `Scene note:\n>>> ${note}` : 'No scene note here: `/scene set`.');
    }
    const note = sub === 'set' ? interaction.options.getString('note', true) : undefined;
    const result = await setScene(ctx.deps, interaction.channelId, note);
    await answerResult(interaction, note && result.ok ? { ...result, message: `Scene: ${note}` } : result, {
      visible: true,
    });
  },
};
