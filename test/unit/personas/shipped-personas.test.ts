// The persona files shipped in personas/ all load, and together show what the format can do.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileText, type Persona } from '../../../src/core/persona.js';
import { loadPersonaDir } from '../../../src/personas/persona-loader.js';

const PERSONAS_DIR = fileURLToPath(new URL('../../../personas', import.meta.url));
const MUSICIANS = ['ling-lu', 'cheng-yi', 'tao-le', 'ma-hui'];
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

describe('shipped personas', () => {
  let personas: Persona[];
  const byId = (id: string) => personas.find((persona) => persona.id === id)!;

  beforeAll(async () => {
    const loaded = await loadPersonaDir(PERSONAS_DIR);
    expect(loaded.errors.map((error) => error.message)).toEqual([]);
    personas = loaded.personas;
  });

  it('GIVEN personas/ THEN the seven example ids load', () => {
    expect(personas.map((persona) => persona.id)).toEqual(
      expect.arrayContaining([...MUSICIANS, 'jiang-rang', 'lin-wan', 'hayakawa-shiori']),
    );
    expect(personas.length).toBeGreaterThanOrEqual(7);
  });

  it('GIVEN every shipped persona THEN it has a summary, greeting, alternates, aliases and avatar', () => {
    for (const persona of personas) {
      expect(persona.summary, persona.id).toBeTruthy();
      expect(persona.greeting, persona.id).toBeTruthy();
      expect(persona.alternateGreetings.length, persona.id).toBeGreaterThanOrEqual(1);
      expect(persona.alternateGreetings.length, persona.id).toBeLessThanOrEqual(2);
      expect(persona.aliases.length, persona.id).toBeGreaterThan(0);
      expect(persona.avatarUrl, persona.id).toMatch(/^https:\/\//);
    }
  });

  it('GIVEN the musicians THEN each knows the other three and each has a Chinese alias', () => {
    for (const id of MUSICIANS) {
      const persona = byId(id);
      const text = profileText(persona.profile);
      for (const other of MUSICIANS.filter((otherId) => otherId !== id)) {
        expect(text, `${id} mentions ${other}`).toContain(byId(other).name);
      }
      expect(
        persona.aliases.some((alias) => HAN.test(alias)),
        id,
      ).toBe(true);
    }
    expect(byId('ling-lu').aliases).toContain('凌路');
  });

  it('GIVEN lin-wan THEN her name, profile and greeting are Chinese', () => {
    const linWan = byId('lin-wan');
    expect(linWan.name).toBe('林婉');
    expect(profileText(linWan.profile)).toMatch(HAN);
    expect(linWan.greeting).toMatch(HAN);
  });

  it('GIVEN hayakawa-shiori THEN she is written in Japanese for the Japanese model, without long-term memory', () => {
    const shiori = byId('hayakawa-shiori');
    expect(shiori.name).toBe('早川栞');
    expect(shiori.model).toBe('qwen-plus-character-ja');
    for (const text of [profileText(shiori.profile), shiori.greeting!, ...shiori.alternateGreetings]) {
      expect(text).toMatch(KANA);
    }
    // The guide: long-term memory supports Chinese conversations only.
    expect(shiori.memory.enabled).toBe(false);
    // qwen-plus-character-ja answers in at most 512 tokens.
    expect(shiori.generation.maxReplyTokens).toBeLessThanOrEqual(512);
  });

  it('GIVEN all files THEN both profile forms and noActions are demonstrated', () => {
    expect(personas.some((persona) => typeof persona.profile === 'string')).toBe(true);
    expect(personas.some((persona) => typeof persona.profile === 'object')).toBe(true);
    expect(personas.filter((persona) => persona.noActions).map((persona) => persona.id)).toEqual(['ma-hui']);
  });

  it('GIVEN every shipped persona THEN display names are unique', () => {
    const names = personas.map((persona) => persona.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });
});
