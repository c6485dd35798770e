/**
 * Writes the generated documentation: docs/warehouse.md (the data dictionary)
 * and docs/queries.md (the example queries) from the Drizzle schema,
 * src/db/dictionary*.ts and src/bi/queries.ts, and the stream table of
 * README.md from the stream registry. It also holds each column to one
 * description: the dictionary's, with no comment of its own in the schema
 * files (scripts/schema-comments.ts) and no relation in two area files.
 *
 *   tsx scripts/warehouse-docs.ts           write the files (npm run docs:generate)
 *   tsx scripts/warehouse-docs.ts --check   exit 1 if a file is stale or a column is undocumented or described twice (npm run docs:check)
 *   --root <dir>                            the checkout whose docs/, README.md and src/db/schema to write or check (default: this one)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { warehouseDocs } from '../src/bi/docs-files.js';
import { describedTwice } from '../src/db/dictionary.js';
import { STREAMS_BEGIN, STREAMS_END, withStreamsTable } from './readme-streams.js';
import { schemaCommentProblems } from './schema-comments.js';

const check = process.argv.includes('--check');
const rootAt = process.argv.indexOf('--root');
const root = rootAt > 0 && process.argv[rootAt + 1] ? process.argv[rootAt + 1]! : fileURLToPath(new URL('..', import.meta.url));

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // A missing file is stale.
  }
};

const docs = warehouseDocs(root);
const readmePath = join(root, 'README.md');
const readme = withStreamsTable(read(readmePath));
const files = [...docs.files, ...(readme === undefined ? [] : [{ name: 'README.md', path: readmePath, content: readme }])];

const problems = [
  ...docs.problems,
  ...describedTwice(),
  ...schemaCommentProblems(root),
  ...(readme === undefined ? [`README.md: the stream table's markers ${STREAMS_BEGIN} and ${STREAMS_END} are missing (under "## Streams")`] : []),
];
if (problems.length > 0) {
  console.error(`The documentation has ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Describe each column once, in src/db/dictionary*.ts, then run: npm run docs:generate');
  process.exit(1);
}

let stale = 0;
for (const file of files) {
  if (read(file.path) === file.content) continue;
  stale++;
  if (check) console.error(`${file.name} is out of date: run npm run docs:generate and commit it.`);
  else {
    writeFileSync(file.path, file.content);
    console.log(`wrote ${file.name}`);
  }
}
if (check && stale > 0) process.exit(1);
if (stale === 0) console.log(`docs: ${files.map((f) => f.name).join(', ')} up to date`);
