// GIVEN the code that talks to members (commands/, src/discord/, src/terminal/) THEN no button, form
// or message is written as an English literal: results and replies are Texts by type (`Message`), and
// this check covers what the type cannot see — component labels, titles and placeholders, and raw
// message bodies sent past `answer()`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MEMBER_FACING = ['commands', 'src/discord', 'src/terminal'];

/** A string literal (or template) where a member reads it. */
const LITERAL_TEXT = [
  /\.setLabel\(\s*['"`]/,
  /\.setTitle\(\s*['"`]/,
  /\.setPlaceholder\(\s*['"`]/,
  /\bcontent:\s*['"`]/,
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: code` for every line that writes member-facing text as a literal. */
function literalTexts(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) =>
        LITERAL_TEXT.some((pattern) => pattern.test(line)) && !line.trim().startsWith('//')
          ? [`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`]
          : [],
      ),
  );
}

describe('member-facing text', () => {
  it('GIVEN commands/, src/discord and src/terminal THEN no label, title, placeholder or body is an English literal', () => {
    const files = MEMBER_FACING.flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(30);
    expect(literalTexts(files)).toEqual([]);
  });
});
