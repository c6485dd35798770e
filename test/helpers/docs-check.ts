import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);
/** This checkout. */
export const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'warehouse-docs.ts');

/** `npm run docs:check` with `args`: its exit code and everything it printed. */
export async function docsCheck(args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, '--check', ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/**
 * `docs:check` on a copy of what it reads (docs/, README.md, the table files
 * of src/db/schema) in a scratch directory, changed first by `edit`.
 */
export async function checkEdited(edit: (root: string) => void): Promise<{ code: number; out: string }> {
  const root = mkdtempSync(join(tmpdir(), 'altegio-docs-'));
  try {
    cpSync(join(ROOT, 'docs'), join(root, 'docs'), { recursive: true });
    cpSync(join(ROOT, 'README.md'), join(root, 'README.md'));
    cpSync(join(ROOT, 'src', 'db', 'schema'), join(root, 'src', 'db', 'schema'), { recursive: true });
    edit(root);
    return await docsCheck(['--root', root]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Replaces `from`, which the file must hold, with `to`. */
export function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}
