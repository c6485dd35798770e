/**
 * The compiled build, as the Docker image runs it (`node bin/altegio-sync.js`
 * over `dist/`): memory is measured on it, not on the checkout, which
 * compiles TypeScript in the process (tsx) and starts some 50 MB higher.
 * Built into a temporary directory, once per source tree.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.js';

function sourceHash(): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(ROOT, 'src'));
  hash.update(readFileSync(join(ROOT, 'package.json')));
  return hash.digest('hex').slice(0, 12);
}

/** Path of the build's bin/altegio-sync.js. */
export function compiledCli(log: (line: string) => void): string {
  const dir = join(tmpdir(), `altegio-sync-bench-${sourceHash()}`);
  const bin = join(dir, 'bin', 'altegio-sync.js');
  // The node_modules link is made last: it marks a finished build.
  if (existsSync(join(dir, 'node_modules'))) return bin;
  // Builds of older sources are of no use any more (one younger than an hour may serve a run still going).
  for (const old of readdirSync(tmpdir())) {
    const path = join(tmpdir(), old);
    if (old.startsWith('altegio-sync-bench-') && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  log(`build: compiling src/ into ${dir}`);
  mkdirSync(dir, { recursive: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist'), '--declaration', 'false', '--sourceMap', 'false'], {
    stdio: 'inherit',
  });
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  // No src/ there, so the bin runs dist/; migrations and dependencies are the checkout's.
  symlinkSync(join(ROOT, 'migrations'), join(dir, 'migrations'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return bin;
}
