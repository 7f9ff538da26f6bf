// Loads every persona file of a directory. A bad file is reported and skipped, never half-loaded, and
// it never stops the good ones. Two files claiming one id, or one display name (the name is the webhook
// username and the `Name:` prefix in the prompt, so two would be indistinguishable), are an error that
// names both files; the first file in name order keeps the persona.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Persona } from '../core/persona.js';
import { text, type Text } from '../core/text.js';
import { extname } from 'node:path';
import { cardPersonaId, importCharacterCard, looksLikeCard } from './character-card.js';
import { problemAt } from './describe-issues.js';
import {
  parseJsonText,
  PersonaFileError,
  personaFormatOf,
  personaIdOf,
  personaOfFile,
  readFileBytes,
  readPersonaFile,
} from './persona-file.js';

/** Character cards load from the directory too: a PNG or `.charx` always is one; a `.json` may be. */
const CARD_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.charx']);

/** Bytes of one card file read from the directory at most (the upload limit of /persona import). */
const MAX_CARD_FILE_BYTES = 8 * 1024 * 1024;

export interface PersonaDirLoad {
  /** Every persona that loaded, sorted by id. */
  personas: Persona[];
  /** One error per file that did not load, in file-name order. */
  errors: PersonaFileError[];
  /** The pictures of personas loaded from card files (persona id → image), to become their avatars. */
  images: Map<string, Uint8Array>;
}

/**
 * Reads `dir`'s `.yaml`, `.yml` and `.json` files (not subdirectories; dot-files are skipped as editor
 * leftovers). Throws only when the directory itself cannot be read: that is a deployment mistake.
 */
export async function loadPersonaDir(dir: string): Promise<PersonaDirLoad> {
  const entries = await readdir(dir, { withFileTypes: true });
  const paths = entries
    .filter(
      (entry) =>
        !entry.isDirectory() &&
        !entry.name.startsWith('.') &&
        (personaFormatOf(entry.name) || CARD_EXTENSIONS.has(extname(entry.name).toLowerCase())),
    )
    .map((entry) => join(dir, entry.name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const results = await Promise.all(
    paths.map(async (path) => {
      try {
        return { path, ...(await readDirFile(path)) };
      } catch (error) {
        if (error instanceof PersonaFileError) return { path, error };
        throw error;
      }
    }),
  );

  const personas: Persona[] = [];
  const errors: PersonaFileError[] = [];
  const images = new Map<string, Uint8Array>();
  const pathById = new Map<string, string>();
  const pathByName = new Map<string, string>();
  for (const result of results) {
    if (result.error) {
      errors.push(result.error);
      continue;
    }
    const { path, persona } = result;
    const problems: Text[] = [];
    const sameId = pathById.get(persona.id);
    if (sameId) problems.push(problemAt(['id'], text('problems.sameId', { id: persona.id, path: sameId })));
    const sameName = pathByName.get(nameKey(persona.name));
    if (sameName) {
      problems.push(problemAt(['name'], text('problems.sameName', { name: persona.name, path: sameName })));
    }
    if (problems.length > 0) {
      errors.push(new PersonaFileError(path, problems));
      continue;
    }
    pathById.set(persona.id, path);
    pathByName.set(nameKey(persona.name), path);
    personas.push(persona);
    if (result.image) images.set(persona.id, result.image);
  }

  personas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { personas, errors, images };
}

/**
 * A persona file, or a character card (PNG, `.charx`, or JSON that is a card) whose id is a slug of its
 * file name, as `/persona import` would read it.
 */
async function readDirFile(path: string): Promise<{ persona: Persona; image?: Uint8Array }> {
  const extension = extname(path).toLowerCase();
  if (extension !== '.json' && !CARD_EXTENSIONS.has(extension))
    return { persona: await readPersonaFile(path) };
  const bytes = await readFileBytes(path);
  if (extension === '.json' && !isCardJson(bytes, path)) return { persona: personaOfFile(path, bytes) };
  if (bytes.byteLength > MAX_CARD_FILE_BYTES) {
    throw new PersonaFileError(path, [
      text('problems.card.fileTooBig', { limit: MAX_CARD_FILE_BYTES / 1024 / 1024 }),
    ]);
  }
  const card = importCharacterCard(new Uint8Array(bytes), {
    source: path,
    id: cardPersonaId(personaIdOf(path)),
  });
  return { persona: card.persona, ...(card.image ? { image: card.image } : {}) };
}

/** Whether a `.json` file's bytes are a character card (anything else is read as a persona file). */
function isCardJson(bytes: Uint8Array, path: string): boolean {
  try {
    return looksLikeCard(parseJsonText(new TextDecoder('utf-8').decode(bytes), path));
  } catch {
    return false;
  }
}

// "Ling Lu", "ling lu" and a full-width "Ｌｉｎｇ Ｌｕ" look the same to the people in the channel.
function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
