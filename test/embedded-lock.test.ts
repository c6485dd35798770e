import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, pglitePath } from '../src/db/connect.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { runCli } from './helpers/run-cli.js';

let dir: string | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = sim = undefined;
});

describe('the embedded warehouse', () => {
  it('is opened by one process at a time: a second one exits 1 naming the holder, and runs once it is free', async () => {
    dir = mkdtempSync(join(tmpdir(), 'altegio-lock-'));
    sim = await startSimulator({ rateLimit: false, clients: 10, days: 1, locations: 1 });
    const env = {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
      ALTEGIO_USER_TOKEN: 'sim-user-token',
      ALTEGIO_LOCATION_IDS: '1',
      ALTEGIO_DATA_DIR: dir,
    };
    const holder = await openPglite(dir);
    try {
      const second = await runCli(['sync', '--streams', 'clients'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`the embedded warehouse in ${pglitePath(dir)} is in use by process ${process.pid}`);
      expect(second.stderr).toContain('DATABASE_URL');
    } finally {
      await holder.close();
    }
    const after = await runCli(['sync', '--streams', 'clients'], env);
    expect(after.code, after.stderr).toBe(0);
  });

  it('takes over the lock a process that died left behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'altegio-lock-'));
    const path = pglitePath(dir);
    const first = await openPglite(dir);
    await first.close();
    // A pid no process has: its holder is gone.
    writeFileSync(join(path, 'altegio-sync.lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00Z' }));
    const again = await openPglite(dir);
    await again.close();
  });
});
