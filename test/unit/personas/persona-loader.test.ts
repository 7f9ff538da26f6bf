// A directory of persona files: good files load, bad ones are reported, conflicts name both files.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPersonaDir } from '../../../src/personas/persona-loader.js';
import { pngCard, v2Card, zhCard } from './card-fixtures.js';
import { minimalYaml, tempPersonaDir } from './temp-dir.js';

describe('loadPersonaDir', () => {
  it('GIVEN a bad file among good ones THEN the good ones load and the bad one is reported', async () => {
    const dir = await tempPersonaDir({
      'cleo.yaml': minimalYaml('Cleo'),
      'bad.yaml': minimalYaml('Bad', 'talkativeness: 3\n'),
      'ada.json': JSON.stringify({ name: 'Ada', profile: 'You are Ada.' }),
      'broken.yml': 'name: [unclosed\n',
    });
    const { personas, errors } = await loadPersonaDir(dir);
    expect(personas.map((persona) => persona.id)).toEqual(['ada', 'cleo']);
    expect(errors.map((error) => error.source)).toEqual([join(dir, 'bad.yaml'), join(dir, 'broken.yml')]);
    expect(errors[0]!.message).toBe(`${join(dir, 'bad.yaml')}: talkativeness: at most 1`);
  });

  it('GIVEN other files, dot-files and subdirectories THEN only persona files are read', async () => {
    const dir = await tempPersonaDir({
      'ada.yaml': minimalYaml('Ada'),
      'README.md': '# not a persona',
      '.ada.yaml.swp': 'garbage',
    });
    const { personas, errors } = await loadPersonaDir(dir);
    expect(personas.map((persona) => persona.id)).toEqual(['ada']);
    expect(errors).toEqual([]);
  });

  it('GIVEN two files with one id THEN the second is an error naming both files', async () => {
    const dir = await tempPersonaDir({
      'ada.yaml': minimalYaml('Ada'),
      'ada.json': '{"name":"Ada 2","profile":"x"}',
    });
    const { personas, errors } = await loadPersonaDir(dir);
    expect(personas).toHaveLength(1);
    expect(personas[0]!.name).toBe('Ada 2'); // ada.json sorts first
    expect(errors.map((error) => error.message)).toEqual([
      `${join(dir, 'ada.yaml')}: id: "ada" is also the id of ${join(dir, 'ada.json')}`,
    ]);
  });

  it('GIVEN two files with one display name (ignoring case) THEN the second is an error naming both', async () => {
    const dir = await tempPersonaDir({ 'ada.yaml': minimalYaml('Ada'), 'lovelace.yaml': minimalYaml('ADA') });
    const { personas, errors } = await loadPersonaDir(dir);
    expect(personas.map((persona) => persona.id)).toEqual(['ada']);
    expect(errors[0]!.message).toBe(
      `${join(dir, 'lovelace.yaml')}: name: "ADA" is also the name of ${join(dir, 'ada.yaml')}`,
    );
  });

  it('GIVEN files in any order THEN personas come back sorted by id', async () => {
    const dir = await tempPersonaDir({
      'zed.yaml': minimalYaml('Zed'),
      'm-1.yaml': minimalYaml('M1'),
      'ada.yaml': minimalYaml('Ada'),
    });
    const { personas } = await loadPersonaDir(dir);
    expect(personas.map((persona) => persona.id)).toEqual(['ada', 'm-1', 'zed']);
  });

  it('GIVEN a directory that does not exist THEN loading throws', async () => {
    const dir = await tempPersonaDir();
    await expect(loadPersonaDir(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('character cards in the personas directory', () => {
  it('GIVEN a PNG card, a card JSON and a persona file THEN all three load, the card ids from their file names, the PNG with its picture', async () => {
    const dir = await tempPersonaDir({
      'Mira Quell.png': pngCard(v2Card),
      'qingqiu.json': JSON.stringify(zhCard),
      'ada.yaml': minimalYaml('Ada'),
      'broken.png': pngCard(v2Card).subarray(0, 50),
    });
    const loaded = await loadPersonaDir(dir);
    expect(loaded.personas.map((p) => [p.id, p.name])).toEqual([
      ['ada', 'Ada'],
      ['mira-quell', 'Mira Quell'],
      ['qingqiu', '沈清秋'],
    ]);
    expect(loaded.personas.find((p) => p.id === 'mira-quell')!.lore).toHaveLength(6);
    expect([...loaded.images.keys()]).toEqual(['mira-quell']);
    expect(loaded.errors.map((e) => e.message)).toEqual([
      `${join(dir, 'broken.png')}: this PNG is damaged (it is cut off or its chunks are broken)`,
    ]);
  });
});
