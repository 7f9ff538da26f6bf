// /scene set | clear | show | once — supplementary information for the model. The scene note (the place,
// the time, what is going on) is read by every turn; a one-time note ("It starts to rain") only by the
// next turn that posts. Both reach the model as one system message just before the last unanswered
// line, so the session's cached prefix holds. Setting and clearing the scene note are an admin's and
// shown to the channel, so the people in it know the scene changed; a one-time note is an admin's and
// private: the persona's reply is its reveal. Anyone may look.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { clearOnceNotes, sceneOnce } from '../src/core/capabilities/index.js';
import { MAX_NOTE_CHARS } from '../src/core/capabilities/scene-notes.js';
import { setScene } from '../src/core/channel-admin.js';
import { lines, text } from '../src/core/text.js';
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
  .addSubcommand((s) =>
    s
      .setName('once')
      .setDescription('A note for the next turn only, e.g. "It starts to rain" (admins)')
      .addStringOption((o) =>
        o.setName('text').setDescription('What happens now').setRequired(true).setMaxLength(MAX_NOTE_CHARS),
      ),
  )
  .addSubcommand((s) =>
    s.setName('clear').setDescription('Clear the scene note and waiting one-time notes (admins)'),
  )
  .addSubcommand((s) => s.setName('show').setDescription('Show the scene note'))
  .toJSON();

export const scene: SlashCommand = {
  data,
  needsAdmin: adminFor(['set', 'clear', 'once']),
  async execute(interaction, ctx) {
    const { channelId } = interaction;
    const sub = interaction.options.getSubcommand();
    if (sub === 'show') {
      const { scene: note } = await ctx.deps.settings.get(channelId);
      const waiting = (await ctx.deps.notes.pending(channelId)).length;
      // The quote block (>>>) runs to the end of the message, so the count goes first.
      return answer(
        interaction,
        lines(
          ...(waiting > 0 ? [text('scene.waiting', { n: waiting })] : []),
          note ? text('scene.show', { note }) : text('scene.none'),
        ),
      );
    }
    if (sub === 'once') {
      return answerResult(
        interaction,
        await sceneOnce(ctx.deps, channelId, interaction.options.getString('text', true)),
      );
    }
    const note = sub === 'set' ? interaction.options.getString('note', true) : undefined;
    // Clearing the scene clears what was waiting for it too, as the playground's `/scene clear` does.
    if (note === undefined) await clearOnceNotes(ctx.deps, channelId);
    const result = await setScene(ctx.deps, channelId, note);
    await answerResult(
      interaction,
      note && result.ok ? { ...result, message: text('scene.now', { note }) } : result,
      { visible: true },
    );
  },
};
