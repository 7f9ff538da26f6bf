// An attached file read as a persona: persona files (YAML, JSON; an id from the file name when the
// file has none) and character cards (JSON); anything else refused with the file named.
import { describe, expect, it } from 'vitest';
import { readUpload } from '../../../src/discord/personas/persona-upload.js';
import { asServerPersona, sameName } from '../../../src/discord/personas/server-persona.js';
import { PersonaFileError } from '../../../src/personas/persona-file.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readUpload', () => {
  it('GIVEN a YAML persona without an id THEN the id is a slug of the file name', () => {
    const { persona, kind } = readUpload(
      'Captain Vex (1).yaml',
      bytes('name: Captain Vex\nprofile: You are Vex.\n'),
    );
    expect(kind).toBe('file');
    expect(persona).toMatchObject({ id: 'captain-vex-1', name: 'Captain Vex' });
  });

  it('GIVEN a JSON persona with its own id THEN that id, whatever the file is called', () => {
    const { persona } = readUpload(
      'download.json',
      bytes(JSON.stringify({ id: 'vex', name: 'Vex', profile: 'You are Vex.' })),
    );
    expect(persona.id).toBe('vex');
  });

  it('GIVEN a V2 character card as JSON THEN a persona from the card', () => {
    const card = {
      spec: 'chara_card_v2',
      spec_version: '2.0',
      data: { name: 'Mira', description: 'A cartographer.', first_mes: 'Hi.' },
    };
    const { persona, kind } = readUpload('mira.json', bytes(JSON.stringify(card)));
    expect(kind).toBe('card');
    expect(persona).toMatchObject({ id: 'mira', name: 'Mira', greeting: 'Hi.' });
  });

  it('GIVEN broken YAML, a bad field or another kind of file THEN a PersonaFileError naming the file', () => {
    expect(() => readUpload('x.yaml', bytes('name: ['))).toThrow(PersonaFileError);
    expect(() => readUpload('x.yaml', bytes('name: X\nprofile: P\ntalkativeness: 3\n'))).toThrow(
      /x\.yaml: talkativeness/,
    );
    expect(() => readUpload('x.txt', bytes('hello'))).toThrow(/x\.txt: expected a .yaml/);
    expect(() => readUpload('x.yaml', new Uint8Array([0xff, 0xfe]))).toThrow(/not UTF-8/);
  });
});

describe('server personas', () => {
  it('GIVEN a persona naming a bot token variable THEN the server copy drops it', () => {
    const { persona } = readUpload('v.yaml', bytes('name: V\nprofile: P\nbotTokenEnv: DISCORD_TOKEN\n'));
    expect(asServerPersona(persona).botTokenEnv).toBeUndefined();
  });

  it('GIVEN another persona with the same name in another case or width THEN it is found', () => {
    const a = readUpload('a.yaml', bytes('name: Ling Lu\nprofile: P\n')).persona;
    expect(sameName([a], 'ｌｉｎｇ  lu', 'other')?.id).toBe('a');
    expect(sameName([a], 'Ling Lu', 'a')).toBeUndefined();
  });
});

describe('readUpload sizes', () => {
  it('GIVEN a JSON card past the card limit THEN the error gives both sizes in MB', () => {
    const big = new Uint8Array(2.5 * 1024 * 1024).fill(0x20);
    expect(() => readUpload('big.json', big)).toThrow(
      'big.json: the file is 2.5 MB; the limit for this kind of file is 2 MB',
    );
  });
});
