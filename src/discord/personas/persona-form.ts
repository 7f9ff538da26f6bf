// The modal /persona create and /persona edit show, and what its answers become. A modal holds at most
// five inputs, so it carries what people write by hand (name, aliases, avatar, profile, greeting); every
// other field keeps its value on edit, or its default on create, and can be set by importing a file.
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { ModalSubmitInteraction } from 'discord.js';
import { profileText, type Persona } from '../../core/persona.js';

/** Discord's limit on a text input. */
export const MAX_INPUT_CHARS = 4000;

export const FIELD = {
  name: 'name',
  aliases: 'aliases',
  avatarUrl: 'avatar',
  profile: 'profile',
  greeting: 'greeting',
} as const;

function input(
  id: string,
  style: TextInputStyle,
  maxLength: number,
  value: string | undefined,
  required: boolean,
) {
  const text = new TextInputBuilder()
    .setCustomId(id)
    .setStyle(style)
    .setMaxLength(maxLength)
    .setRequired(required);
  if (value) text.setValue(value.slice(0, maxLength));
  return text;
}

/** The form, blank for create, filled with `persona`'s values for edit. */
export function personaModal(customId: string, title: string, persona?: Persona): ModalBuilder {
  const profile = persona ? profileText(persona.profile) : undefined;
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(title.slice(0, 45))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('Name')
        .setDescription('Shown on its messages; people address it by this name')
        .setTextInputComponent(input(FIELD.name, TextInputStyle.Short, 80, persona?.name, true)),
      new LabelBuilder()
        .setLabel('Other names (comma-separated)')
        .setDescription('Nicknames in any script, e.g. 凌路, Ling')
        .setTextInputComponent(
          input(FIELD.aliases, TextInputStyle.Short, 300, persona?.aliases.join(', '), false),
        ),
      new LabelBuilder()
        .setLabel('Avatar URL')
        .setDescription('A stable https:// image address (not a Discord attachment link)')
        .setTextInputComponent(input(FIELD.avatarUrl, TextInputStyle.Short, 500, persona?.avatarUrl, false)),
      new LabelBuilder()
        .setLabel('Profile')
        .setDescription('Who they are, what they love, the scene, how they talk and how long')
        .setTextInputComponent(
          input(FIELD.profile, TextInputStyle.Paragraph, MAX_INPUT_CHARS, profile, true),
        ),
      new LabelBuilder()
        .setLabel('Greeting')
        .setDescription('Their opening line when they join a scene')
        .setTextInputComponent(
          input(FIELD.greeting, TextInputStyle.Paragraph, 2000, persona?.greeting, false),
        ),
    );
}

/** The form's answers as persona fields; empty optional inputs become absent. */
export function readPersonaForm(interaction: ModalSubmitInteraction): {
  name: string;
  aliases: string[];
  avatarUrl: string | undefined;
  profile: string;
  greeting: string | undefined;
} {
  const value = (id: string) => interaction.fields.getTextInputValue(id).trim();
  const optional = (id: string) => {
    try {
      return value(id) || undefined;
    } catch {
      return undefined; // an input the client left out
    }
  };
  return {
    name: value(FIELD.name),
    aliases: (optional(FIELD.aliases) ?? '')
      .split(/[,，、]/)
      .map((alias) => alias.trim())
      .filter((alias) => alias !== ''),
    avatarUrl: optional(FIELD.avatarUrl),
    profile: value(FIELD.profile),
    greeting: optional(FIELD.greeting),
  };
}
