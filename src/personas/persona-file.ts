// Reads one persona file (YAML or JSON) into a validated `Persona`. Every problem in a file is reported
// at once, each line naming the file and the field, and a file with any problem yields no persona at all:
// a half-loaded character would speak with defaults its author never chose.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import { personaSchema, type Persona } from '../core/persona.js';
import { describeIssues } from './describe-issues.js';

export type PersonaFormat = 'yaml' | 'json';

/** Far above any hand-written persona; bigger content (an upload) is refused before it is parsed. */
export const MAX_PERSONA_FILE_BYTES = 256 * 1024;

/** YAML aliases may expand at most this many times, so a tiny file cannot balloon in memory. */
const MAX_YAML_ALIAS_COUNT = 100;

const FORMAT_BY_EXTENSION: Readonly<Record<string, PersonaFormat>> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** A persona file (or uploaded text, or character card) that could not be used, with every reason. */
export class PersonaFileError extends Error {
  override readonly name = 'PersonaFileError';

  constructor(
    /** The file path or attachment name, as shown to the person who has to fix it. */
    readonly source: string,
    /** `field: problem` lines (or `line L, column C: problem` for syntax errors). */
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${source}: ${problem}`).join('\n'));
  }
}

/** The format a file name implies, or `undefined` when it is not a persona file. */
export function personaFormatOf(fileName: string): PersonaFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
}

/** A file's id: its name without the extension (`personas/ling-lu.yaml` → `ling-lu`). */
export function personaIdOf(fileName: string): string {
  return basename(fileName, extname(fileName));
}

/** Reads and validates one persona file; its id defaults to, and must equal, the file name. */
export async function readPersonaFile(path: string): Promise<Persona> {
  const format = personaFormatOf(path);
  if (!format) throw new PersonaFileError(path, ['(file name): expected a .yaml, .yml or .json file']);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PersonaFileError(path, [`(file): cannot be read (${code})`]);
  }
  return parsePersonaText(decodeText(bytes, path), { source: path, format, expectedId: personaIdOf(path) });
}

export interface ParsePersonaOptions {
  /** Names the content in errors: a file path, or an attachment's name. */
  source: string;
  format: PersonaFormat;
  /** The id the content must have (a file's name); used as the id when the content has none. */
  expectedId?: string;
}

/** Parses and validates persona text that is not (or not only) on disk, such as an uploaded attachment. */
export function parsePersonaText(text: string, options: ParsePersonaOptions): Persona {
  const { source } = options;
  if (Buffer.byteLength(text, 'utf8') > MAX_PERSONA_FILE_BYTES) {
    throw new PersonaFileError(source, [`(file): larger than ${MAX_PERSONA_FILE_BYTES} bytes`]);
  }
  const data = options.format === 'yaml' ? parseYaml(text, source) : parseJsonText(text, source);
  return validatePersona(data, { source, expectedId: options.expectedId });
}

export interface ValidatePersonaOptions {
  source: string;
  /** See `ParsePersonaOptions.expectedId`. */
  expectedId?: string | undefined;
}

/** Validates already-parsed data through `personaSchema`; throws one `PersonaFileError` listing everything. */
export function validatePersona(data: unknown, options: ValidatePersonaOptions): Persona {
  const { source, expectedId } = options;
  if (data === null || data === undefined)
    throw new PersonaFileError(source, ['(top level): the file is empty']);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    throw new PersonaFileError(source, [`(top level): expected a mapping of fields, got ${got}`]);
  }

  const problems: string[] = [];
  let input: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const idFromFileName = expectedId !== undefined && !('id' in input);
  if (idFromFileName) input = { id: expectedId, ...input };
  else if (expectedId !== undefined && input.id !== expectedId) {
    problems.push(
      `id: ${JSON.stringify(input.id)} does not match the file name; use "${expectedId}" or leave id out`,
    );
  }

  const result = personaSchema.safeParse(input);
  if (!result.success) {
    for (const line of describeIssues(result.error.issues, { schema: personaSchema })) {
      // An id that came from the file name is fixed by renaming the file, not by editing it.
      problems.push(idFromFileName && line.startsWith('id: ') ? `${line} (the id is the file name)` : line);
    }
  }
  if (problems.length > 0 || !result.success) throw new PersonaFileError(source, problems);
  return result.data;
}

function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes.byteLength > MAX_PERSONA_FILE_BYTES) {
    throw new PersonaFileError(source, [`(file): larger than ${MAX_PERSONA_FILE_BYTES} bytes`]);
  }
  try {
    // `fatal` so a file saved in another encoding is named, rather than loaded with garbled text.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PersonaFileError(source, ['(file): not UTF-8 text']);
  }
}

function parseYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new PersonaFileError(
      source,
      document.errors.map((error) => {
        // With `prettyErrors` the message repeats the position and quotes the source; keep the reason.
        const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const at = error.linePos?.[0];
        return at ? `line ${at.line}, column ${at.col}: ${reason}` : reason;
      }),
    );
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    throw new PersonaFileError(source, [`(file): ${(error as Error).message}`]);
  }
}

/** `JSON.parse` whose syntax errors are a `PersonaFileError` with the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "at position N"; people count lines and columns.
    const position = /at position (\d+)/.exec(message)?.[1];
    if (position === undefined) throw new PersonaFileError(source, [`(file): ${message}`]);
    const before = text.slice(0, Number(position)).split('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new PersonaFileError(source, [
      `line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${reason}`,
    ]);
  }
}
