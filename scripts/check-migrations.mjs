#!/usr/bin/env node
// Fails when the schema in src/db/schema differs from what the committed
// migrations build, i.e. when `npm run db:generate` would write a new migration.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';

// drizzle-kit wants a relative --out.
const scratch = mkdtempSync('.migrations-check-');
try {
  cpSync('migrations', scratch, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  const before = new Set(readdirSync(scratch).filter((f) => f.endsWith('.sql')));
  const output = execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/db/schema/index.ts', '--out', scratch, '--name', 'pending'],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (!/No schema changes|migration file/i.test(output)) {
    console.error(output);
    console.error('drizzle-kit generate did not run as expected');
    process.exit(1);
  }
  const added = readdirSync(scratch).filter((f) => f.endsWith('.sql') && !before.has(f));
  if (added.length > 0) {
    console.error(`The schema has changes no migration covers (drizzle-kit would write ${added.join(', ')}).`);
    console.error('Run: npm run db:generate -- --name <what-it-does>, and commit migrations/.');
    process.exit(1);
  }
  console.log('migrations: up to date with src/db/schema');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
