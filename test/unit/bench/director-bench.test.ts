// The director benchmark's protocol (../shared/director-bench/README.md) on invented scenes: which
// decisions are scored, what each one may see, and the printed figures. The real scenes are never
// copied into the repository, so these scenes are made up.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { NATURAL_WEIGHTS } from '../../../src/core/director/natural.js';
import { sceneDecisions, strategyRanking, type Scene } from '../../../bench/director-scenes.js';

const cast: Scene['cast'] = [
  { name: 'Ada Quill', aliases: ['Ada'], main: true },
  { name: 'Bram Otter', aliases: ['Bram'], main: true },
  { name: 'Cyra Vance', aliases: ['Cyra'], main: true },
  { name: 'Porter', aliases: [], main: false },
];

const scene: Scene = {
  id: 'invented_c01',
  cast,
  turns: [
    { speaker: 'Ada Quill', text: 'The train is late again.' },
    { speaker: 'Bram Otter', text: 'It always is on Sundays.' },
    { speaker: 'Ada Quill', text: 'Then we walk.' },
    { speaker: 'Porter', text: 'Tickets, please.' },
    { speaker: 'Bram Otter', text: 'Cyra, you had the tickets.' },
    { speaker: 'Cyra Vance', text: 'In my coat, somewhere.' },
  ],
};

describe('bench:director decisions', () => {
  const decisions = sceneDecisions(scene);

  it('GIVEN a scene THEN every t from 2 whose speaker is main is scored, and a guest line is not', () => {
    expect(decisions.map((d) => d.history.length)).toEqual([2, 4, 5]);
    expect(decisions.map((d) => d.actual)).toEqual(['ada-quill', 'bram-otter', 'cyra-vance']);
  });

  it('GIVEN a decision THEN it sees turns before t only, and the last speaker is no candidate', () => {
    const last = decisions[2];
    expect(last?.history.at(-1)?.text).toBe('Cyra, you had the tickets.');
    expect(last?.history.some((line) => line.text.startsWith('In my coat'))).toBe(false);
    expect(last?.candidates.map((p) => p.id)).toEqual(['ada-quill', 'cyra-vance', 'porter']);
    expect(last?.beforeLast.speakerId).toBe('porter');
  });

  it('GIVEN the one spoken to by name THEN natural ranks them first; without the address weight, A-B-A', () => {
    const decision = decisions[2];
    if (!decision) throw new Error('no decision');
    expect(strategyRanking(decision)[0]?.personaId).toBe('cyra-vance');
    const without = { ...NATURAL_WEIGHTS, directAddress: 0 };
    expect(strategyRanking(decision, 'natural', without)[0]?.personaId).toBe('porter');
  });
});

describe('npm run bench:director', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a scenes file THEN it prints the decisions and every strategy beside both baselines', async () => {
    const path = join(dir, 'scenes.jsonl');
    writeFileSync(path, `${JSON.stringify(scene)}\n${JSON.stringify({ ...scene, id: 'invented_c02' })}\n`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/director.ts', path, '--ablation'],
      { cwd: join(import.meta.dirname, '../../..') },
    );
    expect(stdout).toContain('2 scenes, 6 scored decisions');
    // A-B-A is right once per scene (Ada after Bram); random is the mean of 1/3 over the decisions.
    expect(stdout).toMatch(/A-B-A baseline\s+33\.33%/);
    expect(stdout).toMatch(/random baseline\s+33\.33%/);
    // Natural: A-B-A for Ada, the one spoken to for Cyra; Bram coming back after the porter it misses.
    expect(stdout).toMatch(/director \(natural\)\s+66\.67%/);
    for (const strategy of ['round-robin', 'pooled', 'random, addressed first'])
      expect(stdout).toContain(`director (${strategy})`);
    expect(stdout).toMatch(/directAddress\s+3\s+33\.33%\s+-33\.33/);
  });
});
