// Loads every persona file of a directory. A bad file is reported and skipped, never half-loaded, and
// it never stops the good ones. Two files claiming one id, or one display name (the name is the webhook
// username and the `Name:` prefix in the prompt, so two would be indistinguishable), are an error that
// names both files; the first file in name order keeps the persona.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Persona } from '../core/persona.js';
import { PersonaFileError, personaFormatOf, readPersonaFile } from './persona-file.js';

export interface PersonaDirLoad {
  /** Every persona that loaded, sorted by id. */
  personas: Persona[];
  /** One error per file that did not load, in file-name order. */
  errors: PersonaFileError[];
}

/**
 * Reads `dir`'s `.yaml`, `.yml` and `.json` files (not subdirectories; dot-files are skipped as editor
 * leftovers). Throws only when the directory itself cannot be read: that is a deployment mistake.
 */
export async function loadPersonaDir(dir: string): Promise<PersonaDirLoad> {
  const entries = await readdir(dir, { withFileTypes: true });
  const paths = entries
    .filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.') && personaFormatOf(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const results = await Promise.all(
    paths.map(async (path) => {
      try {
        return { path, persona: await readPersonaFile(path) };
      } catch (error) {
        if (error instanceof PersonaFileError) return { path, error };
        throw error;
      }
    }),
  );

  const personas: Persona[] = [];
  const errors: PersonaFileError[] = [];
  const pathById = new Map<string, string>();
  const pathByName = new Map<string, string>();
  for (const result of results) {
    if (result.error) {
      errors.push(result.error);
      continue;
    }
    const { path, persona } = result;
    const problems: string[] = [];
    const sameId = pathById.get(persona.id);
    if (sameId) problems.push(`id: "${persona.id}" is also the id of ${sameId}`);
    const sameName = pathByName.get(nameKey(persona.name));
    if (sameName) problems.push(`name: "${persona.name}" is also the name of ${sameName}`);
    if (problems.length > 0) {
      errors.push(new PersonaFileError(path, problems));
      continue;
    }
    pathById.set(persona.id, path);
    pathByName.set(nameKey(persona.name), path);
    personas.push(persona);
  }

  personas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { personas, errors };
}

// "Ling Lu", "ling lu" and a full-width "Ｌｉｎｇ Ｌｕ" look the same to the people in the channel.
function nameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
