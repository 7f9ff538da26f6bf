// The Discord part of the configuration: admin roles, and personas' own bot tokens read from the
// variables their files name (and never from anywhere else).
import { describe, expect, it } from 'vitest';
import { loadConfig, personaBotTokens } from '../../src/config.js';

describe('ADMIN_ROLE_IDS', () => {
  it('GIVEN none, or a comma-separated list THEN a list of ids', () => {
    expect(loadConfig({}).ADMIN_ROLE_IDS).toEqual([]);
    expect(loadConfig({ ADMIN_ROLE_IDS: ' 123456789012345678, 223456789012345678 ' }).ADMIN_ROLE_IDS).toEqual(
      ['123456789012345678', '223456789012345678'],
    );
  });

  it('GIVEN something that is not a role id THEN a config error naming the variable', () => {
    expect(() => loadConfig({ ADMIN_ROLE_IDS: 'Game Master' })).toThrow(/ADMIN_ROLE_IDS/);
  });
});

describe('personaBotTokens', () => {
  it('GIVEN personas naming variables THEN the tokens set, and the variables missing', () => {
    const personas = [
      { id: 'ling-lu', botTokenEnv: 'LING_LU_TOKEN' },
      { id: 'tao-le', botTokenEnv: 'TAO_LE_TOKEN' },
      { id: 'ma-hui', botTokenEnv: undefined },
    ];
    const { tokens, missing } = personaBotTokens(personas, { LING_LU_TOKEN: ' abc.def ', TAO_LE_TOKEN: '' });
    expect([...tokens]).toEqual([['ling-lu', 'abc.def']]);
    expect(missing).toEqual([{ personaId: 'tao-le', variable: 'TAO_LE_TOKEN' }]);
  });
});
