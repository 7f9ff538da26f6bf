// Which turns use long-term memory and with which settings (pure): the channel's /memory wins over the
// persona file; `output` is always skipped (what was posted goes in with the next request instead).
import { describe, expect, it } from 'vitest';
import { withMemory, withNoActions } from '../../../../src/core/capabilities/persona-switches.js';
import { memoryModeFor, memoryOptions } from '../../../../src/core/turn/memory-mode.js';
import { logitBiasFor, PARENTHESIS_TOKEN_IDS } from '../../../../src/core/turn/chat-request.js';
import { makePersona } from '../fixtures.js';

const plain = makePersona({ id: 'mei', name: 'Mei', profile: 'You are Mei.' });
const remembering = makePersona({
  id: 'lin',
  name: '林婉',
  profile: '你是林婉。',
  memory: { enabled: true, entries: 60, skipSaveTypes: ['user'] },
});

describe('memoryModeFor', () => {
  it('GIVEN no channel setting THEN the persona file decides', () => {
    expect(memoryModeFor(plain, {})).toBeUndefined();
    expect(memoryModeFor(remembering, {})).toEqual({ entries: 60, skipSaveTypes: ['user'] });
  });

  it('GIVEN a channel setting THEN it wins, on or off', () => {
    const on = { memory: { enabled: true, entries: 20, skipSaveTypes: ['system' as const] } };
    expect(memoryModeFor(plain, on)).toEqual({ entries: 20, skipSaveTypes: ['system'] });
    expect(
      memoryModeFor(remembering, { memory: { enabled: false, entries: 200, skipSaveTypes: [] } }),
    ).toBeUndefined();
  });
});

describe('withMemory', () => {
  it('GIVEN a persona switched on THEN its turns use memory unless the channel says otherwise', () => {
    const on = withMemory(plain, { enabled: true, entries: 80 });
    expect(on.memory).toEqual({ enabled: true, entries: 80, skipSaveTypes: [] });
    expect(memoryModeFor(on, {})).toEqual({ entries: 80, skipSaveTypes: [] });
    expect(memoryModeFor(withMemory(remembering, { enabled: false }), {})).toBeUndefined();
    expect(plain.memory.enabled).toBe(false);
  });
});

describe('memoryOptions', () => {
  it('GIVEN any skip list THEN output is added, in the API order', () => {
    expect(memoryOptions({ entries: 60, skipSaveTypes: ['user', 'system'] })).toEqual({
      enable_long_term_memory: true,
      memory_entries: 60,
      skip_save_types: ['system', 'user', 'output'],
    });
    expect(memoryOptions({ entries: 400, skipSaveTypes: ['output'] }).skip_save_types).toEqual(['output']);
  });
});

describe('withNoActions', () => {
  it('GIVEN on THEN the guide ids are banned on top of the persona bias; off THEN only its own bias remains', () => {
    const biased = makePersona({ id: 'x', name: 'X', profile: 'You are X.', logitBias: { '100': 3 } });
    const on = withNoActions(biased, true);
    expect(logitBiasFor(on)).toEqual({
      '100': 3,
      ...Object.fromEntries(PARENTHESIS_TOKEN_IDS.map((id) => [id, -100])),
    });
    expect(logitBiasFor(withNoActions(on, false))).toEqual({ '100': 3 });
    expect(biased.noActions).toBe(false); // pure: the original is untouched
  });

  it('GIVEN a persona file bias outside [-100, 100] THEN the schema refuses it', () => {
    expect(() => makePersona({ id: 'x', name: 'X', profile: 'p', logitBias: { '7': -101 } })).toThrow();
    expect(() => makePersona({ id: 'x', name: 'X', profile: 'p', logitBias: { abc: 1 } })).toThrow();
  });
});
