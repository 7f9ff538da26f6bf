// The catalog: shipped personas for everyone, a server's own personas shadowing them in that server.
import { describe, expect, it } from 'vitest';
import { personaSchema, type Persona } from '../../../src/core/persona.js';
import { FilePersonaCatalog, type GuildPersonaSource } from '../../../src/personas/file-persona-catalog.js';

const persona = (id: string, name: string): Persona =>
  personaSchema.parse({ id, name, profile: `You are ${name}.` });

function guildSource(byGuild: Record<string, Persona[]>): GuildPersonaSource {
  return {
    list: async (guildId) => byGuild[guildId] ?? [],
    get: async (guildId, id) => byGuild[guildId]?.find((candidate) => candidate.id === id),
  };
}

const shipped = [persona('ling-lu', 'Ling Lu'), persona('ada', 'Ada')];

describe('FilePersonaCatalog', () => {
  it('GIVEN no guild source THEN get and list serve the shipped personas, sorted by id', async () => {
    const catalog = new FilePersonaCatalog(shipped);
    expect((await catalog.get('ling-lu'))?.name).toBe('Ling Lu');
    expect(await catalog.get('nobody')).toBeUndefined();
    expect((await catalog.list({ guildId: 'g1' })).map((p) => p.id)).toEqual(['ada', 'ling-lu']);
  });

  it('GIVEN a guild persona with a shipped id THEN it shadows the shipped one in that guild only', async () => {
    const catalog = new FilePersonaCatalog(shipped, {
      guildSource: guildSource({
        g1: [persona('ling-lu', 'Ling Lu (server edition)'), persona('zed', 'Zed')],
      }),
    });
    expect((await catalog.get('ling-lu', { guildId: 'g1' }))?.name).toBe('Ling Lu (server edition)');
    expect((await catalog.get('ling-lu', { guildId: 'g2' }))?.name).toBe('Ling Lu');
    expect((await catalog.get('ling-lu'))?.name).toBe('Ling Lu');
    expect((await catalog.list({ guildId: 'g1' })).map((p) => `${p.id}=${p.name}`)).toEqual([
      'ada=Ada',
      'ling-lu=Ling Lu (server edition)',
      'zed=Zed',
    ]);
    expect((await catalog.list()).map((p) => p.id)).toEqual(['ada', 'ling-lu']);
  });

  it('GIVEN a guild without its own persona THEN get falls back to the shipped one', async () => {
    const catalog = new FilePersonaCatalog(shipped, { guildSource: guildSource({}) });
    expect((await catalog.get('ada', { guildId: 'g1' }))?.name).toBe('Ada');
  });

  it('GIVEN duplicate ids THEN construction fails (a wiring bug)', () => {
    expect(() => new FilePersonaCatalog([persona('ada', 'Ada'), persona('ada', 'Eve')])).toThrow(/duplicate/);
  });
});
