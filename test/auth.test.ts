import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { AltegioAuthError } from '../src/errors.js';
import { selectStreams } from '../src/jobs/index.js';
import { runPass } from '../src/sync/pass.js';
import { startPipeline, type Pipeline } from './helpers/pipeline.js';

let p: Pipeline | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** A logger whose every line lands in `lines`. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { log: pino({ level: 'trace' }, stream), lines };
}

async function syncWith(pipeline: Pipeline, env: Record<string, string | undefined>, reuse?: ReturnType<typeof createClient>) {
  const { log, lines } = capturingLogger();
  const config = loadConfig({
    ALTEGIO_BASE_URL: pipeline.sim.url,
    ALTEGIO_PARTNER_TOKEN: 'sim-partner-token',
    ALTEGIO_USER_TOKEN: 'sim-user-token',
    ALTEGIO_LOCATION_IDS: String(pipeline.sim.truth().locations[0]!.id),
    DATABASE_URL: pipeline.config.databaseUrl,
    ...env,
  });
  const client = reuse ?? createClient(config, log, undefined, { minRetryDelayMs: 5 });
  const result = await runPass({ warehouse: pipeline.warehouse, client, config, log }, { streams: selectStreams(['clients']), locationIds: config.locationIds });
  return { result, lines, client };
}

describe('authentication', () => {
  it('a wrong user token stops at once, names ALTEGIO_USER_TOKEN, and never shows a token', async () => {
    p = await startPipeline({ sim: { clients: 20, locations: 1 } });
    const { result, lines } = await syncWith(p, { ALTEGIO_USER_TOKEN: 'wrong-user-token-42' });
    expect(result.ok).toBe(false);
    const error = result.runs.find((r) => r.error)?.error;
    expect(error).toBeInstanceOf(AltegioAuthError);
    expect(error!.message).toMatch(/fix ALTEGIO_USER_TOKEN/);
    // One refused request, no retry storm, and nothing after it.
    expect(p.sim.stats().total).toBe(1);
    const [run] = await p.rows<{ error: string }>(`select error from altegio.sync_runs where status = 'failed'`);
    const everything = [error!.message, run!.error, ...lines].join('\n');
    for (const secret of ['wrong-user-token-42', 'sim-partner-token']) expect(everything).not.toContain(secret);
  });

  it('a wrong partner token names ALTEGIO_PARTNER_TOKEN', async () => {
    p = await startPipeline({ sim: { clients: 20, locations: 1 } });
    const { result } = await syncWith(p, { ALTEGIO_PARTNER_TOKEN: 'wrong-partner' });
    const error = result.runs.find((r) => r.error)?.error;
    expect(error).toBeInstanceOf(AltegioAuthError);
    expect(error!.message).toMatch(/fix ALTEGIO_PARTNER_TOKEN/);
    expect(error!.message).not.toContain('wrong-partner');
  });

  it('logs in with ALTEGIO_LOGIN/ALTEGIO_PASSWORD, and again once after the token changes', async () => {
    p = await startPipeline({ sim: { clients: 20, locations: 1 } });
    const env = { ALTEGIO_USER_TOKEN: undefined, ALTEGIO_LOGIN: 'demo@example.com', ALTEGIO_PASSWORD: 'demo-password' };
    const first = await syncWith(p, env);
    expect(first.result.ok).toBe(true);
    expect(p.sim.stats().byEndpoint['POST /auth']?.requests).toBe(1);

    // A password change elsewhere: the old token stops working; the client logs in again, once.
    p.sim.mutate.rotateUserToken();
    p.sim.mutate.updateClient(p.sim.truth().locations[0]!.id, p.sim.truth().locations[0]!.clients.ids[0]!);
    const second = await syncWith(p, env, first.client);
    expect(second.result.ok).toBe(true);
    expect(p.sim.stats().byEndpoint['POST /auth']?.requests).toBe(2);
    expect(p.sim.stats().byEndpoint['GET /clients/{loc}']?.status[401]).toBe(1);
    expect(second.lines.join('\n')).not.toContain('demo-password');
  });

  it('a wrong password names the login variables', async () => {
    p = await startPipeline({ sim: { clients: 20, locations: 1 } });
    const { result } = await syncWith(p, { ALTEGIO_USER_TOKEN: undefined, ALTEGIO_LOGIN: 'demo@example.com', ALTEGIO_PASSWORD: 'nope-pw' });
    const error = result.runs.find((r) => r.error)?.error;
    expect(error!.message).toMatch(/ALTEGIO_LOGIN\/ALTEGIO_PASSWORD/);
    expect(error!.message).not.toContain('nope-pw');
  });
});
