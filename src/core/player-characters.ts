// Players' own characters (`/character`), for people without a proxy bot: a name their lines carry in
// every prompt (`Captain Mira: …`) instead of their display name, and a short description the personas
// read as supplementary information. Set per channel or per server; the channel's wins.
import type { ChannelPlace, CharacterStore, PlayerCharacter } from './ports.js';
import { text, type Text } from './text.js';

/** Longest character name, characters: a name, not a sentence (Discord nicknames allow 32). */
export const MAX_CHARACTER_NAME_CHARS = 40;
/** Longest description, characters: a few lines every turn carries, so kept short. */
export const MAX_CHARACTER_ABOUT_CHARS = 400;
/** At most this many players' descriptions go into one turn's note (the most recent speakers'). */
export const MAX_CHARACTERS_PER_TURN = 8;

export type CharacterScope = 'channel' | 'server';

/** Why a name cannot be used, or undefined when it can. */
function characterNameProblem(name: string): Text | undefined {
  if (name === '') return text('character.nameEmpty');
  if ([...name].length > MAX_CHARACTER_NAME_CHARS)
    return text('character.nameTooLong', { max: MAX_CHARACTER_NAME_CHARS });
  // Every line reads `Name: text`; a colon or a line break in the name would fake another speaker.
  if (/[:：\p{Cc}\p{Zl}\p{Zp}]/u.test(name)) return text('character.nameColon');
  return undefined;
}

/** The name and description as given, trimmed; a refusal text when they cannot be used. */
export function validateCharacter(
  name: string,
  about: string | undefined,
): { ok: true; character: PlayerCharacter } | { ok: false; message: Text } {
  const trimmed = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const problem = characterNameProblem(trimmed);
  if (problem) return { ok: false, message: problem };
  const description = about?.trim();
  if (description !== undefined && [...description].length > MAX_CHARACTER_ABOUT_CHARS) {
    return {
      ok: false,
      message: text('character.aboutTooLong', {
        max: MAX_CHARACTER_ABOUT_CHARS,
        length: [...description].length,
      }),
    };
  }
  return { ok: true, character: { name: trimmed, ...(description ? { about: description } : {}) } };
}

/** The character a person plays here: the channel's, else the server's. */
export async function characterOf(
  store: CharacterStore,
  place: ChannelPlace,
  userId: string,
): Promise<{ character: PlayerCharacter; scope: CharacterScope } | undefined> {
  // Both asked at once (one round trip): most people have neither, so both are read anyway.
  const [inChannel, inServer] = await Promise.all([
    store.get({ kind: 'channel', channelId: place.channelId }, userId),
    place.guildId === undefined ? undefined : store.get({ kind: 'guild', guildId: place.guildId }, userId),
  ]);
  if (inChannel) return { character: inChannel, scope: 'channel' };
  return inServer ? { character: inServer, scope: 'server' } : undefined;
}

/** The description a turn's note carries for one player's character. */
export function characterNote(character: PlayerCharacter): string | undefined {
  return character.about === undefined
    ? undefined
    : `${character.name} (played by a person in this channel): ${character.about}`;
}
