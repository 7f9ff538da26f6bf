// The modal /persona create and /persona edit show, and what its answers become. A modal holds at most
// five inputs, so it carries what people write by hand (name, aliases, avatar, profile, greeting); every
// other field keeps its value on edit, or its default on create, and can be set by importing a file. A
// value longer than its input (a card's long profile, many aliases) is never shown shortened, since the
// form would save the shortened text back: the form leaves that field out and it stays as it is. Its
// title and labels are in the language of whoever opens it.
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { ModalSubmitInteraction } from 'discord.js';
import { profileText, type Persona } from '../../core/persona.js';
import { shorten } from '../../core/shorten.js';
import { translatorFor } from '../../i18n/i18n.js';

/** Discord's limit on a text input. */
export const MAX_INPUT_CHARS = 4000;
/** Discord's limit on a modal's title. */
export const MAX_MODAL_TITLE_CHARS = 45;

export const FIELD = {
  name: 'name',
  aliases: 'aliases',
  avatarUrl: 'avatar',
  profile: 'profile',
  greeting: 'greeting',
} as const;

export type FormField = keyof typeof FIELD;

/** How long each input may be: the persona schema's name limit, roomy text for the rest. */
export const FIELD_MAX_CHARS: Readonly<Record<FormField, number>> = {
  name: 80,
  aliases: 300,
  avatarUrl: 500,
  profile: MAX_INPUT_CHARS,
  greeting: 2000,
};

/** What each input shows for `persona` (nothing for a new one). */
function shownValues(persona: Persona | undefined): Record<FormField, string | undefined> {
  return {
    name: persona?.name,
    aliases: persona?.aliases.join(', '),
    avatarUrl: persona?.avatarUrl,
    profile: persona ? profileText(persona.profile) : undefined,
    greeting: persona?.greeting,
  };
}

/**
 * The fields whose value is too long for its input. The form leaves them out rather than shortening
 * them (whatever a form shows is what it saves back), and saving keeps them as they are.
 */
export function fieldsTooLong(persona: Persona | undefined): FormField[] {
  const values = shownValues(persona);
  return (Object.keys(FIELD) as FormField[]).filter(
    (field) => (values[field]?.length ?? 0) > FIELD_MAX_CHARS[field],
  );
}

function input(field: FormField, style: TextInputStyle, value: string | undefined, required: boolean) {
  const text = new TextInputBuilder()
    .setCustomId(FIELD[field])
    .setStyle(style)
    .setMaxLength(FIELD_MAX_CHARS[field])
    .setRequired(required);
  if (value) text.setValue(value);
  return text;
}

/**
 * The form in `locale`, blank for create, filled with `persona`'s values for edit; a field too long for
 * its input is left out (see `fieldsTooLong`). The title is shortened between graphemes to Discord's 45.
 */
export function personaModal(locale: string, customId: string, persona?: Persona): ModalBuilder {
  const tr = translatorFor(locale);
  const title = persona ? tr('persona.form.editTitle', { name: persona.name }) : tr('persona.form.newTitle');
  const values = shownValues(persona);
  const tooLong = new Set(fieldsTooLong(persona));
  const labels: Array<[FormField, LabelBuilder]> = [
    [
      'name',
      new LabelBuilder()
        .setLabel(tr('persona.form.name'))
        .setDescription(tr('persona.form.nameHint'))
        .setTextInputComponent(input('name', TextInputStyle.Short, values.name, true)),
    ],
    [
      'aliases',
      new LabelBuilder()
        .setLabel(tr('persona.form.aliases'))
        .setDescription(tr('persona.form.aliasesHint'))
        .setTextInputComponent(input('aliases', TextInputStyle.Short, values.aliases, false)),
    ],
    [
      'avatarUrl',
      new LabelBuilder()
        .setLabel(tr('persona.form.avatarUrl'))
        .setDescription(tr('persona.form.avatarUrlHint'))
        .setTextInputComponent(input('avatarUrl', TextInputStyle.Short, values.avatarUrl, false)),
    ],
    [
      'profile',
      new LabelBuilder()
        .setLabel(tr('persona.form.profile'))
        .setDescription(tr('persona.form.profileHint'))
        .setTextInputComponent(input('profile', TextInputStyle.Paragraph, values.profile, true)),
    ],
    [
      'greeting',
      new LabelBuilder()
        .setLabel(tr('persona.form.greeting'))
        .setDescription(tr('persona.form.greetingHint'))
        .setTextInputComponent(input('greeting', TextInputStyle.Paragraph, values.greeting, false)),
    ],
  ];
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(shorten(title, MAX_MODAL_TITLE_CHARS))
    .addLabelComponents(...labels.filter(([field]) => !tooLong.has(field)).map(([, label]) => label));
}

/**
 * The form's answers as persona fields: undefined for a field the form left out (too long to show:
 * keep it as it is), empty optional inputs as '' (clear it).
 */
export function readPersonaForm(interaction: ModalSubmitInteraction): {
  name: string | undefined;
  aliases: string[] | undefined;
  avatarUrl: string | undefined;
  profile: string | undefined;
  greeting: string | undefined;
} {
  const read = (field: FormField): string | undefined => {
    try {
      return interaction.fields.getTextInputValue(FIELD[field]).trim();
    } catch {
      return undefined; // an input the form left out, or the client did not send
    }
  };
  const aliases = read('aliases');
  return {
    name: read('name'),
    aliases:
      aliases === undefined
        ? undefined
        : aliases
            .split(/[,，、]/)
            .map((alias) => alias.trim())
            .filter((alias) => alias !== ''),
    avatarUrl: read('avatarUrl'),
    profile: read('profile'),
    greeting: read('greeting'),
  };
}
