// One persona file → a validated persona, or one error naming the file and every bad field.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { english } from '../../support/english.js';
import {
  PersonaFileError,
  parsePersonaText,
  personaFormatOf,
  readPersonaFile,
} from '../../../src/personas/persona-file.js';
import { minimalYaml, tempPersonaDir } from './temp-dir.js';

/** The error a file produces (fails the test when it loads). */
async function fileError(name: string, content: string): Promise<PersonaFileError> {
  const dir = await tempPersonaDir({ [name]: content });
  const error = await readPersonaFile(join(dir, name)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PersonaFileError);
  return error as PersonaFileError;
}

describe('readPersonaFile', () => {
  it('GIVEN a minimal YAML file THEN the id is the file name and defaults are filled in', async () => {
    const dir = await tempPersonaDir({ 'ada.yaml': minimalYaml('Ada') });
    const persona = await readPersonaFile(join(dir, 'ada.yaml'));
    expect(persona).toMatchObject({ id: 'ada', name: 'Ada', profile: 'You are Ada.', talkativeness: 0.5 });
    expect(persona.aliases).toEqual([]);
    expect(persona.memory).toEqual({ enabled: false, entries: 200, skipSaveTypes: [] });
  });

  it('GIVEN a .json file with a matching id THEN it loads', async () => {
    const dir = await tempPersonaDir({
      'bo.json': JSON.stringify({ id: 'bo', name: 'Bo', profile: { details: 'You are Bo.' } }),
    });
    expect((await readPersonaFile(join(dir, 'bo.json'))).profile).toEqual({ details: 'You are Bo.' });
  });

  it('GIVEN a field of the wrong type THEN the error names the file and the field', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'talkativeness: chatty\n'));
    expect(error.message).toMatch(/ada\.yaml: talkativeness: expected a number$/);
  });

  it('GIVEN talkativeness out of range THEN the message reads "<file>: talkativeness: at most 1"', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'talkativeness: 1.5\n'));
    expect(error.message).toMatch(/ada\.yaml: talkativeness: at most 1$/);
    expect(error.problems.map(english)).toEqual(['talkativeness: at most 1']);
  });

  it('GIVEN a logitBias value of 101 THEN the token id is part of the field', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'logitBias:\n  "7": 101\n'));
    expect(error.problems.map(english)).toEqual(['logitBias.7: at most 100']);
  });

  it('GIVEN a logitBias key that is not a token id THEN the key is named', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'logitBias:\n  paren: -100\n'));
    expect(error.problems.map(english)).toEqual(['logitBias: key "paren": token ids are whole numbers']);
  });

  it('GIVEN an unknown field THEN it is named, with a hint for a near miss', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'mood: happy\nalternate_greetings: [hi]\n'));
    expect(error.problems.map(english)).toEqual([
      'mood: unknown field',
      'alternate_greetings: unknown field (did you mean "alternateGreetings"?)',
    ]);
  });

  it('GIVEN an unknown nested field THEN its full path is named', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'generation:\n  temprature: 0.7\n'));
    expect(error.problems.map(english)).toEqual([
      'generation.temprature: unknown field (did you mean "temperature"?)',
    ]);
  });

  it('GIVEN a structured profile with a mistake THEN the problem is inside the profile, not "Invalid input"', async () => {
    const error = await fileError('ada.yaml', 'name: Ada\nprofile:\n  detail: You are Ada.\n');
    expect(error.problems.map(english)).toEqual([
      'profile.details: missing: expected text',
      'profile.detail: unknown field (did you mean "details"?)',
    ]);
  });

  it('GIVEN a profile of the wrong kind THEN both accepted kinds are named', async () => {
    const error = await fileError('ada.yaml', 'name: Ada\nprofile: 42\n');
    expect(error.problems.map(english)).toEqual(['profile: expected text or a mapping of fields']);
  });

  it('GIVEN an id that differs from the file name THEN the error says which to use', async () => {
    const error = await fileError('ada.yaml', minimalYaml('Ada', 'id: bob\n'));
    expect(error.message).toBe(
      `${error.source}: id: "bob" does not match the file name; use "ada" or leave id out`,
    );
  });

  it('GIVEN a file name that is not a slug THEN the id problem points at the file name', async () => {
    const error = await fileError('Ada Lovelace.yaml', minimalYaml('Ada'));
    expect(error.problems.map(english)).toEqual([
      'id: a slug: lower-case letters, digits and dashes (the id is the file name)',
    ]);
  });

  it('GIVEN several mistakes THEN all are reported at once, one line each', async () => {
    const error = await fileError('ada.yaml', 'name: ""\nprofile: x\ntalkativeness: -1\nnoActions: "yes"\n');
    expect(error.problems).toHaveLength(3);
    expect(error.message.split('\n').every((line) => line.startsWith(`${error.source}: `))).toBe(true);
    expect(error.problems.map((problem) => english(problem).split(':')[0])).toEqual([
      'name',
      'talkativeness',
      'noActions',
    ]);
  });

  it('GIVEN a YAML syntax error THEN the line and column are named', async () => {
    const error = await fileError(
      'ada.yaml',
      'name: Ada\nprofile: You are Ada.\naliases: [Ada, Lovelace\ntalkativeness: 0.5\n',
    );
    expect(error.problems).toHaveLength(1);
    expect(english(error.problems[0]!)).toMatch(/^line 4, column 1: /);
    expect(error.message).toMatch(/ada\.yaml: line 4, column 1: /);
  });

  it('GIVEN a duplicated YAML key THEN it is a syntax error with its line', async () => {
    const error = await fileError('ada.yaml', 'name: Ada\nprofile: x\nname: Eve\n');
    expect(error.problems.map(english)).toEqual(['line 3, column 1: Map keys must be unique']);
  });

  it('GIVEN a JSON syntax error THEN the line and column are named', async () => {
    const error = await fileError('ada.json', '{\n  "name": "Ada",\n}\n');
    expect(english(error.problems[0]!)).toMatch(/^line 3, column 1: /);
  });

  it('GIVEN an empty file or a list THEN it says a mapping was expected', async () => {
    expect((await fileError('ada.yaml', '')).problems.map(english)).toEqual([
      '(top level): the file is empty',
    ]);
    expect((await fileError('ada.yaml', '- a\n- b\n')).problems.map(english)).toEqual([
      '(top level): expected a mapping of fields, got a list',
    ]);
  });

  it('GIVEN a file that is not UTF-8 THEN it is refused by name', async () => {
    const dir = await tempPersonaDir({
      'ada.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe]),
    });
    await expect(readPersonaFile(join(dir, 'ada.yaml'))).rejects.toThrow(
      /ada\.yaml: \(file\): not UTF-8 text/,
    );
  });

  it('GIVEN a missing file THEN the error is a PersonaFileError too', async () => {
    const dir = await tempPersonaDir();
    await expect(readPersonaFile(join(dir, 'nobody.yaml'))).rejects.toThrow(
      /nobody\.yaml: \(file\): cannot be read \(ENOENT\)/,
    );
  });
});

describe('parsePersonaText', () => {
  it('GIVEN uploaded YAML with its own id THEN it is validated under the given source name', () => {
    const persona = parsePersonaText('id: eve\nname: Eve\nprofile: You are Eve.\n', {
      source: 'attachment eve.yaml',
      format: 'yaml',
    });
    expect(persona.id).toBe('eve');
  });

  it('GIVEN uploaded text without an id and no expected id THEN the id is the missing field', () => {
    expect(() => parsePersonaText(minimalYaml('Eve'), { source: 'upload.yaml', format: 'yaml' })).toThrow(
      /^upload\.yaml: id: missing: expected text$/,
    );
  });

  it('GIVEN an expected id THEN it is used as the default', () => {
    const persona = parsePersonaText('{"name":"Eve","profile":"You are Eve."}', {
      source: 'eve.json',
      format: 'json',
      expectedId: 'eve',
    });
    expect(persona.id).toBe('eve');
  });

  it('GIVEN text past the size limit THEN it is refused before parsing', () => {
    const huge = minimalYaml('Eve', `summary: ${'x'.repeat(300 * 1024)}\n`);
    expect(() => parsePersonaText(huge, { source: 'eve.yaml', format: 'yaml' })).toThrow(/larger than/);
  });

  it('GIVEN a YAML alias bomb THEN it is refused instead of expanding', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1)
      lines.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      );
    expect(() => parsePersonaText(lines.join('\n'), { source: 'bomb.yaml', format: 'yaml' })).toThrow(
      /bomb\.yaml: \(file\): Excessive alias count/,
    );
  });
});

describe('personaFormatOf', () => {
  it('GIVEN file names THEN the format follows the extension, case-insensitively', () => {
    expect(personaFormatOf('a.yaml')).toBe('yaml');
    expect(personaFormatOf('a.YML')).toBe('yaml');
    expect(personaFormatOf('a.json')).toBe('json');
    expect(personaFormatOf('README.md')).toBeUndefined();
  });
});
