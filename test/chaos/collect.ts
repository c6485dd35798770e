/**
 * The results table of the chaos suite. Scenario files run in several worker
 * processes, so each appends its row to one JSON-lines file (a line per
 * append, which the file system keeps whole), and the teardown, in the main
 * process, prints the table once every file has finished (as markdown, for
 * the docs), and writes it to the file CHAOS_RESULTS names, if set.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface ChaosRow {
  /** Its number and name, e.g. "3. 30 % API faults". */
  scenario: string;
  /** Requests the simulator received, 429s included. */
  requests: number;
  /** What was injected: "3 × kill -9", "1,204 API faults"... */
  faults: string;
  /** Rows of rejected_records. */
  rejects: number;
  /** `exact`, or `mismatch: ...` with the numbers. */
  result: string;
  /** Other figures of the scenario (429s per useful request, requests of a resumed run...). */
  notes?: string;
  seconds: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    chaosResults: string;
  }
}

/** Adds one scenario's row to the table. */
export function recordRow(row: ChaosRow): void {
  appendFileSync(inject('chaosResults'), `${JSON.stringify(row)}\n`);
}

const COLUMNS: Array<[string, (r: ChaosRow) => string]> = [
  ['scenario', (r) => r.scenario],
  ['requests', (r) => r.requests.toLocaleString('en-US')],
  ['faults (injected)', (r) => r.faults],
  ['rejects', (r) => String(r.rejects)],
  ['result', (r) => r.result],
  ['notes', (r) => r.notes ?? ''],
  ['time', (r) => `${Math.round(r.seconds)} s`],
];

/** The rows as a markdown table, in scenario order. */
export function formatTable(rows: ChaosRow[]): string {
  const sorted = [...rows].sort((a, b) => parseInt(a.scenario, 10) - parseInt(b.scenario, 10) || a.scenario.localeCompare(b.scenario));
  const lines = [COLUMNS.map(([h]) => h), COLUMNS.map(() => '---'), ...sorted.map((r) => COLUMNS.map(([, cell]) => cell(r).replaceAll('|', '\\|')))];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export default function setup({ provide }: { provide: (key: 'chaosResults', value: string) => void }): () => void {
  const file = join(tmpdir(), `altegio-chaos-${process.pid}-${Date.now()}.jsonl`);
  writeFileSync(file, '');
  provide('chaosResults', file);
  return () => {
    const rows = existsSync(file)
      ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ChaosRow)
      : [];
    rmSync(file, { force: true });
    if (rows.length === 0) return;
    const table = formatTable(rows);
    if (process.env.CHAOS_RESULTS) writeFileSync(process.env.CHAOS_RESULTS, `${table}\n`);
    process.stdout.write(`\nChaos suite: ${rows.filter((r) => r.result === 'exact').length} of ${rows.length} scenarios exact\n\n${table}\n\n`);
  };
}
