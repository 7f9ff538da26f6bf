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
import type { CharacterStore, CharacterStoreScope } from '../src/core/ports.js';
import { sentences, text } from '../src/core/text.js';
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

const where = (scope: CharacterScope) =>
  text(scope === 'server' ? 'character.where.server' : 'character.where.channel');

/** The channel and server the command was used in: where a character is looked up. */
const placeOf = (interaction: GuildChatInput) => ({
  guildId: interaction.guildId,
  channelId: interaction.channelId,
});

async function set(interaction: GuildChatInput, store: CharacterStore, scope: CharacterScope): Promise<void> {
  const checked = validateCharacter(
    interaction.options.getString('name', true),
    interaction.options.getString('about') ?? undefined,
  );
  if (!checked.ok) return answer(interaction, text('character.unchanged', { problem: checked.message }));
  await store.set(storeScope(interaction, scope), interaction.user.id, checked.character);
  await answer(
    interaction,
    text(checked.character.about ? 'character.setWithAbout' : 'character.set', {
      name: checked.character.name,
      where: where(scope),
    }),
  );
}

/** Clears one, and says under which name the member speaks now. */
async function clear(
  interaction: GuildChatInput,
  store: CharacterStore,
  scope: CharacterScope,
): Promise<void> {
  const userId = interaction.user.id;
  const cleared = await store.clear(storeScope(interaction, scope), userId);
  const now = await characterOf(store, placeOf(interaction), userId);
  const after = now
    ? text('character.stillPlays', { name: now.character.name, where: where(now.scope) })
    : text('character.displayName');
  await answer(
    interaction,
    sentences(text(cleared ? 'character.cleared' : 'character.noneToClear', { where: where(scope) }), after),
  );
}

async function show(interaction: GuildChatInput, store: CharacterStore): Promise<void> {
  const found = await characterOf(store, placeOf(interaction), interaction.user.id);
  if (!found) return answer(interaction, text('character.noneHere'));
  const { name, about } = found.character;
  await answer(
    interaction,
    about === undefined
      ? text('character.showNoAbout', { name, where: where(found.scope) })
      : text('character.show', { name, where: where(found.scope), about }),
  );
}

export const character: SlashCommand = {
  data,
  needsAdmin: adminNever,
  async execute(interaction, ctx) {
    const store = ctx.deps.characters;
    const scope = (interaction.options.getString('scope') ?? 'channel') as CharacterScope;
    switch (interaction.options.getSubcommand()) {
      case 'set':
        return set(interaction, store, scope);
      case 'clear':
        return clear(interaction, store, scope);
      default:
        return show(interaction, store);
    }
  },
};
