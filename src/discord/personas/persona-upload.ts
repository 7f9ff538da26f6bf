// An attachment given to /persona import, read as a persona: a Troupe persona file (YAML or JSON), or a
// SillyTavern character card (JSON, a PNG with the card inside, or a `.charx`). Downloaded with a size cap and a
// timeout before anything is parsed; every problem comes back as a PersonaFileError naming the file.
import type { Persona } from '../../core/persona.js';
import { text, type Text } from '../../core/text.js';
import {
  cardPersonaId,
  importCharacterCard,
  looksLikeCard,
  MAX_CARD_JSON_BYTES,
  megabytes,
  type ImportedCard,
} from '../../personas/character-card.js';
import {
  MAX_PERSONA_FILE_BYTES,
  parsePersonaData,
  PersonaFileError,
  personaIdOf,
  validatePersona,
} from '../../personas/persona-file.js';

/** A PNG card carries its JSON base64-encoded next to the image; allow for both. */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export interface Upload {
  name: string;
  url: string;
  /** As Discord reports it, bytes. */
  size: number;
}

export interface ImportedPersona {
  persona: Persona;
  /** What the file was: a persona file, or a character card. */
  kind: 'file' | 'card';
  /** What came over from a card and what did not, for whoever imported it. */
  notes: Text[];
  /** The card's picture, for the persona's avatar. */
  image?: Uint8Array;
}

/** "the file is 9.1 MB; the limit is 8 MB" */
function tooBig(name: string, bytes: number): PersonaFileError {
  return new PersonaFileError(name, [
    text('problems.tooBigUpload', { size: megabytes(bytes), limit: megabytes(MAX_UPLOAD_BYTES) }),
  ]);
}

export async function download(upload: Upload): Promise<Uint8Array> {
  if (upload.size > MAX_UPLOAD_BYTES) throw tooBig(upload.name, upload.size);
  const response = await fetch(upload.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok)
    throw new PersonaFileError(upload.name, [text('problems.download', { status: response.status })]);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw tooBig(upload.name, bytes.byteLength);
  return bytes;
}

/** The id a file without one gets: a slug of its file name ("Ling Lu.yaml" → "ling-lu"). */
function idFromFileName(fileName: string): string {
  return cardPersonaId(personaIdOf(fileName));
}

/** Reads the uploaded bytes as a persona (file or card), by the file's extension. */
export function readUpload(fileName: string, bytes: Uint8Array): ImportedPersona {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.png') || lower.endsWith('.charx'))
    return fromCard(importCharacterCard(bytes, { source: fileName }));
  const isJson = lower.endsWith('.json');
  if (!isJson && !lower.endsWith('.yaml') && !lower.endsWith('.yml')) {
    throw new PersonaFileError(fileName, [text('problems.uploadKind')]);
  }
  const limit = isJson ? MAX_CARD_JSON_BYTES : MAX_PERSONA_FILE_BYTES;
  if (bytes.byteLength > limit) {
    throw new PersonaFileError(fileName, [
      text('problems.tooBigForKind', { size: megabytes(bytes.byteLength), limit: megabytes(limit) }),
    ]);
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PersonaFileError(fileName, [text('problems.uploadNotUtf8')]);
  }
  const data = parsePersonaData(content, fileName, isJson ? 'json' : 'yaml');
  if (isJson && looksLikeCard(data)) return fromCard(importCharacterCard(content, { source: fileName }));
  return { persona: withIdFallback(data, fileName), kind: 'file', notes: [] };
}

function fromCard(card: ImportedCard): ImportedPersona {
  return {
    persona: card.persona,
    kind: 'card',
    notes: card.notes,
    ...(card.image ? { image: card.image } : {}),
  };
}

/** A file may leave its id out (its name is the id on disk); an upload's name is a poor id, so slug it. */
function withIdFallback(data: unknown, fileName: string): Persona {
  const hasId = typeof data === 'object' && data !== null && 'id' in data;
  return validatePersona(data, {
    source: fileName,
    expectedId: hasId ? undefined : idFromFileName(fileName),
  });
}
