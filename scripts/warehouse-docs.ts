/**
 * Writes docs/warehouse.md (the data dictionary) and docs/queries.md (the
 * example queries) from the Drizzle schema, src/db/dictionary*.ts and
 * src/bi/queries.ts.
 *
 *   tsx scripts/warehouse-docs.ts           write both files (npm run docs:generate)
 *   tsx scripts/warehouse-docs.ts --check   exit 1 if either is stale or a column is undocumented (npm run docs:check)
 *   --root <dir>                            the checkout whose docs/ to write or check (default: this one)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { warehouseDocs } from '../src/bi/docs-files.js';

const check = process.argv.includes('--check');
const rootAt = process.argv.indexOf('--root');
const root = rootAt > 0 && process.argv[rootAt + 1] ? process.argv[rootAt + 1]! : fileURLToPath(new URL('..', import.meta.url));
const { files, problems } = warehouseDocs(root);

if (problems.length > 0) {
  console.error(`The data dictionary does not describe the schema (${problems.length}):`);
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Add the entries to src/db/dictionary*.ts, then run: npm run docs:generate');
  process.exit(1);
}

let stale = 0;
for (const file of files) {
  let current = '';
  try {
    current = readFileSync(file.path, 'utf8');
  } catch {
    // A missing file is stale.
  }
  if (current === file.content) continue;
  stale++;
  if (check) console.error(`${file.name} is out of date: run npm run docs:generate and commit it.`);
  else {
    writeFileSync(file.path, file.content);
    console.log(`wrote ${file.name}`);
  }
}
if (check && stale > 0) process.exit(1);
if (stale === 0) console.log(`docs: ${files.map((f) => f.name).join(', ')} up to date`);
