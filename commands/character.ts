// /character set | show | clear — a player's own character, for people without a proxy bot: the name
// their lines carry in every prompt (`Captain Mira: …`) and what personas can address, plus a short
// description the personas read as supplementary information. In this channel (the default) or in the
// whole server; the channel's wins. Anyone may set their own; every reply is private.
import { InteractionContextType, SlashCommandBuilder, type SlashCommandStringOption } from 'discord.js';
import {
  characterOf,
  MAX_CHARACTER_ABOUT_CHARS,
  MAX_CHARACTER_NAME_CHARS,
  validateCharacter,
  type CharacterScope,
} from '../src/core/player-characters.js';
import type { CharacterStoreScope } from '../src/core/ports.js';
import { answer } from '../src/discord/replies.js';
import type { GuildChatInput, SlashCommand } from '../src/discord/slash-command.js';
import { adminNever } from '../src/discord/slash-command.js';

const scopeOption = (description: string) => (o: SlashCommandStringOption) =>
  o
    .setName('scope')
    .setDescription(description)
    .addChoices({ name: 'this channel', value: 'channel' }, { name: 'the whole server', value: 'server' });

const data = new SlashCommandBuilder()
  .setName('character')
  .setDescription('The character you play: your name and description in the scene')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Play as a character: your lines carry its name')
      .addStringOption((o) =>
        o
          .setName('name')
          .setDescription("Your character's name")
          .setRequired(true)
          .setMaxLength(MAX_CHARACTER_NAME_CHARS),
      )
      .addStringOption((o) =>
        o
          .setName('about')
          .setDescription('A short description the personas know')
          .setMaxLength(MAX_CHARACTER_ABOUT_CHARS),
      )
      .addStringOption(scopeOption('Where (default: this channel)')),
  )
  .addSubcommand((s) => s.setName('show').setDescription('The character you play here'))
  .addSubcommand((s) =>
    s
      .setName('clear')
      .setDescription('Speak under your own name again')
      .addStringOption(scopeOption('Which one (default: this channel)')),
  )
  .toJSON();

function storeScope(interaction: GuildChatInput, scope: CharacterScope): CharacterStoreScope {
  return scope === 'server'
    ? { kind: 'guild', guildId: interaction.guildId }
    : { kind: 'channel', channelId: interaction.channelId };
}

const where = (scope: CharacterScope) => (scope === 'server' ? 'in this server' : 'in this channel');

export const character: SlashCommand = {
  data,
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const store = ctx.deps.characters;
    const sub = interaction.options.getSubcommand();
    const scope = (interaction.options.getString('scope') ?? 'channel') as CharacterScope;
    const userId = interaction.user.id;
    if (sub === 'set') {
      const checked = validateCharacter(
        interaction.options.getString('name', true),
        interaction.options.getString('about') ?? undefined,
      );
      if (!checked.ok) return answer(interaction, `${checked.message} Nothing was changed.`);
      await store.set(storeScope(interaction, scope), userId, checked.character);
      const about = checked.character.about ? ' The personas know its description.' : '';
      return answer(
        interaction,
        `You play **${checked.character.name}** ${where(scope)}: your lines carry that name.${about}`,
      );
    }
    if (sub === 'clear') {
      const cleared = await store.clear(storeScope(interaction, scope), userId);
      const now = await characterOf(
        store,
        { guildId: interaction.guildId, channelId: interaction.channelId },
        userId,
      );
      const after = now
        ? `Here you still play **${now.character.name}** (set ${where(now.scope)}).`
        : 'Here your lines carry your display name again.';
      return answer(
        interaction,
        `${cleared ? `Character cleared ${where(scope)}.` : `You had no character ${where(scope)}.`} ${after}`,
      );
    }
    const found = await characterOf(
      store,
      { guildId: interaction.guildId, channelId: interaction.channelId },
      userId,
    );
    if (!found)
      return answer(
        interaction,
        'You play no character here: your lines carry your display name. `/character set`',
      );
    const about = found.character.about ? `\n> ${found.character.about}` : '\nNo description.';
    await answer(
      interaction,
      `Here you play **${found.character.name}** (set ${where(found.scope)}).${about}`,
    );
  },
};
