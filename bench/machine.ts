/** What the figures were measured on. */
import { cpus, loadavg, totalmem } from 'node:os';
import postgres from 'postgres';
import { ADMIN_URL } from './processes.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  redis: string | null;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
}

export async function describeMachine(redisVersion: string | null): Promise<Machine> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    return {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      postgres: row!.v,
      redis: redisVersion,
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await sql.end();
  }
}
