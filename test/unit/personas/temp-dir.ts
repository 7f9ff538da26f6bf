// Temporary persona directories for the persona tests, under the OS temp dir, removed after each test.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh directory holding `files` (name → content); removed after the current test. */
export async function tempPersonaDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-personas-'));
  created.push(dir);
  await Promise.all(Object.entries(files).map(([name, content]) => writeFile(join(dir, name), content)));
  return dir;
}

/** A minimal valid persona file in YAML. */
export function minimalYaml(name: string, extra = ''): string {
  return `name: ${name}\nprofile: You are ${name}.\n${extra}`;
}
