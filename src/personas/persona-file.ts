// Reads one persona file (YAML or JSON) into a validated `Persona`. Every problem in a file is reported
// at once, each line naming the file and the field, and a file with any problem yields no persona at all:
// a half-loaded character would speak with defaults its author never chose.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import { personaSchema, type Persona } from '../core/persona.js';
import { text, type Text } from '../core/text.js';
import { translate } from '../i18n/i18n.js';
import { describeIssues, problemAt } from './describe-issues.js';

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

/**
 * A persona file (or uploaded text, or character card) that could not be used, with every reason: as
 * Texts for whoever imported it (in their language), and in English in `message` for the operator's log.
 */
export class PersonaFileError extends Error {
  override readonly name = 'PersonaFileError';

  constructor(
    /** The file path or attachment name, as shown to the person who has to fix it. */
    readonly source: string,
    /** `field: problem` lines (or `line L, column C: problem` for syntax errors). */
    readonly problems: readonly Text[],
  ) {
    super(problems.map((problem) => `${source}: ${translate('en', problem)}`).join('\n'));
  }
}

/** One problem of the whole file, not of a field (`(file): …`). */
export const fileProblem = (problem: Text): Text => problemAt(text('problems.file'), problem);

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
  formatOfFile(path);
  return personaOfFile(path, await readFileBytes(path));
}

/** `readPersonaFile` of a file already read (`bytes`). */
export function personaOfFile(path: string, bytes: Uint8Array): Persona {
  const format = formatOfFile(path);
  return parsePersonaText(decodeText(bytes, path), { source: path, format, expectedId: personaIdOf(path) });
}

/** A file's bytes; a file that cannot be read is a `PersonaFileError` naming why (ENOENT, EACCES…). */
export async function readFileBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PersonaFileError(path, [fileProblem(text('problems.unreadable', { code }))]);
  }
}

function formatOfFile(path: string): PersonaFormat {
  const format = personaFormatOf(path);
  if (format) return format;
  throw new PersonaFileError(path, [problemAt(text('problems.fileName'), text('problems.notAFile'))]);
}

export interface ParsePersonaOptions {
  /** Names the content in errors: a file path, or an attachment's name. */
  source: string;
  format: PersonaFormat;
  /** The id the content must have (a file's name); used as the id when the content has none. */
  expectedId?: string;
}

/** Parses and validates persona text that is not (or not only) on disk, such as an uploaded attachment. */
export function parsePersonaText(content: string, options: ParsePersonaOptions): Persona {
  const { source } = options;
  if (Buffer.byteLength(content, 'utf8') > MAX_PERSONA_FILE_BYTES) {
    throw new PersonaFileError(source, [
      fileProblem(text('problems.largerThan', { bytes: MAX_PERSONA_FILE_BYTES })),
    ]);
  }
  return validatePersona(parsePersonaData(content, source, options.format), {
    source,
    expectedId: options.expectedId,
  });
}

/** The data of YAML or JSON text, not yet validated; a syntax error is a `PersonaFileError` with its line. */
export function parsePersonaData(content: string, source: string, format: PersonaFormat): unknown {
  return format === 'yaml' ? parseYaml(content, source) : parseJsonText(content, source);
}

export interface ValidatePersonaOptions {
  source: string;
  /** See `ParsePersonaOptions.expectedId`. */
  expectedId?: string | undefined;
}

/** Validates already-parsed data through `personaSchema`; throws one `PersonaFileError` listing everything. */
export function validatePersona(data: unknown, options: ValidatePersonaOptions): Persona {
  const { source, expectedId } = options;
  const topLevel = (problem: Text) => problemAt(text('problems.topLevel'), problem);
  if (data === null || data === undefined)
    throw new PersonaFileError(source, [topLevel(text('problems.emptyFile'))]);
  if (typeof data !== 'object' || Array.isArray(data)) {
    const kind = typeof data;
    const got = Array.isArray(data)
      ? text('problems.got.list')
      : kind === 'string' || kind === 'number' || kind === 'boolean'
        ? text(`problems.type.${kind}`)
        : text('problems.got.value', { type: kind });
    throw new PersonaFileError(source, [topLevel(text('problems.notMapping', { got }))]);
  }

  const problems: Text[] = [];
  let input: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  const idFromFileName = expectedId !== undefined && !('id' in input);
  if (idFromFileName) input = { id: expectedId, ...input };
  else if (expectedId !== undefined && input.id !== expectedId) {
    problems.push(
      problemAt(['id'], text('problems.idMismatch', { id: JSON.stringify(input.id), expected: expectedId })),
    );
  }

  // With the input on each issue, a missing field reads "missing", not only "expected text".
  const result = personaSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    for (const line of describeIssues(result.error.issues, { schema: personaSchema })) {
      // An id that came from the file name is fixed by renaming the file, not by editing it.
      const aboutId = line.params?.field === 'id';
      problems.push(idFromFileName && aboutId ? text('problems.idIsFileName', { problem: line }) : line);
    }
  }
  if (problems.length > 0 || !result.success) throw new PersonaFileError(source, problems);
  return result.data;
}

function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes.byteLength > MAX_PERSONA_FILE_BYTES) {
    throw new PersonaFileError(source, [
      fileProblem(text('problems.largerThan', { bytes: MAX_PERSONA_FILE_BYTES })),
    ]);
  }
  try {
    // `fatal` so a file saved in another encoding is named, rather than loaded with garbled text.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PersonaFileError(source, [fileProblem(text('problems.notUtf8'))]);
  }
}

function parseYaml(content: string, source: string): unknown {
  const document = parseDocument(content, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new PersonaFileError(
      source,
      document.errors.map((error) => {
        // With `prettyErrors` the message repeats the position and quotes the source; keep the reason.
        const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const at = error.linePos?.[0];
        return at
          ? text('problems.position', { line: at.line, column: at.col, reason })
          : text('problems.raw', { reason });
      }),
    );
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    throw new PersonaFileError(source, [
      fileProblem(text('problems.raw', { reason: (error as Error).message })),
    ]);
  }
}

/** `JSON.parse` whose syntax errors are a `PersonaFileError` with the line and column. */
export function parseJsonText(content: string, source: string): unknown {
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "at position N"; people count lines and columns.
    const position = /at position (\d+)/.exec(message)?.[1];
    if (position === undefined) {
      throw new PersonaFileError(source, [fileProblem(text('problems.raw', { reason: message }))]);
    }
    const before = content.slice(0, Number(position)).split('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new PersonaFileError(source, [
      text('problems.position', {
        line: before.length,
        column: before[before.length - 1]!.length + 1,
        reason,
      }),
    ]);
  }
}
