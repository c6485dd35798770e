import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREAMS } from '../src/jobs/index.js';
import { STREAMS_BEGIN, STREAMS_END, streamsTable, withStreamsTable } from '../scripts/readme-streams.js';
import { checkEdited, replaceIn, ROOT } from './helpers/docs-check.js';

describe("the README's stream table", () => {
  it('lists every stream of the registry once, in run order, with its declared scope, reads, backfill and description', () => {
    const rows = streamsTable().filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)![1])).toEqual(STREAMS.map((s) => s.name));
    const clients = STREAMS.find((s) => s.name === 'clients')!;
    expect(rows).toContain(`| \`clients\` | ${clients.scope} | ${clients.reads.replaceAll('_', ' ')} | ${clients.backfill} | ${clients.description} |`);
  });

  it('is what README.md holds between its markers', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.indexOf(STREAMS_BEGIN)).toBeGreaterThan(readme.indexOf('## Streams'));
    expect(withStreamsTable(readme)).toBe(readme);
    const renamed = STREAMS.map((s) => (s.name === 'visits' ? { ...s, description: 'visits, described anew' } : s));
    expect(withStreamsTable(readme, renamed)).toContain('| visits, described anew |');
    expect(withStreamsTable(readme.replace(STREAMS_END, ''))).toBeUndefined();
  });

  it('the check fails when the table is stale, and when its markers are gone', async () => {
    const row = streamsTable().find((line) => line.startsWith('| `clients` |'))!;
    const stale = await checkEdited((root) => replaceIn(join(root, 'README.md'), row, row.replace('| clients', '| every client')));
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('README.md is out of date');
    const unmarked = await checkEdited((root) => replaceIn(join(root, 'README.md'), STREAMS_BEGIN, ''));
    expect(unmarked.code).toBe(1);
    expect(unmarked.out).toContain("README.md: the stream table's markers");
  });
});
