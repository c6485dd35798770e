import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, redact } from '../src/altegio/recorder.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { createTestDatabase } from './helpers/postgres.js';
import { recordedClient } from './helpers/recorded.js';
import { runCli } from './helpers/run-cli.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const client = {
  id: 41,
  name: 'Maria',
  surname: 'Ivanova',
  phone: '+7 701 555-12-34',
  email: 'maria@mail.example',
  card: '0001',
  spent: '1250.50',
  categories: [{ id: 3, title: 'VIP' }],
};

describe('--record', () => {
  it('writes one file per exchange with tokens, phones, e-mails and names redacted, and the shapes kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'altegio-record-'));
    const recorder = new Recorder(dir, () => ['fixture-partner-token', 'fixture-user-token']);
    const { client: api } = recordedClient(
      [
        { method: 'GET', path: '/clients/1', body: { success: true, data: [client, { ...client, id: 42, phone: 77015551234 }], meta: { page: 1, total_count: 2 } } },
        { method: 'GET', path: '/loyalty/certificates', body: { success: true, data: [], meta: { count: 0 } } },
        { method: 'POST', path: '/auth', body: { success: true, data: { user_token: 'fresh-secret-token-123', login: 'owner@example.com' }, meta: [] } },
      ],
      { client: { onExchange: recorder.record } },
    );
    await api.get('/clients/1', { page: 1, count: 200 });
    await api.get('/loyalty/certificates', { company_id: 1, phone: '77015551234' });
    await api.post('/auth', { login: 'owner@example.com', password: 'hunter2-secret' });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['00001-GET_clients_1.json', '00002-GET_loyalty_certificates.json', '00003-POST_auth.json']);
    const text = files.map((f) => readFileSync(join(dir!, f), 'utf8')).join('\n');
    for (const secret of ['fixture-partner-token', 'fixture-user-token', 'fresh-secret-token-123', 'hunter2-secret', 'Maria', 'Ivanova', 'maria@mail', '555', 'owner@example.com']) {
      expect(text).not.toContain(secret);
    }
    const first = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    expect(first).toMatchObject({ method: 'GET', path: '/clients/1', query: { page: 1, count: 200 }, status: 200 });
    expect(first.body.data[0]).toEqual({ ...client, name: '[redacted]', surname: '[redacted]', phone: '+0 000 000-00-00', email: 'redacted@example.invalid' });
    expect(first.body.data[1].phone).toBe(10000000000);
    const second = JSON.parse(readFileSync(join(dir, files[1]!), 'utf8'));
    expect(second.query).toEqual({ company_id: 1, phone: '00000000000' });
  });

  it('keeps non-personal values and types as they are', () => {
    expect(redact({ id: 5, title: 'Haircut', cost: '10.5', deleted: false, staff: { id: 2, name: 'Anna' } })).toEqual({
      id: 5,
      title: 'Haircut',
      cost: '10.5',
      deleted: false,
      staff: { id: 2, name: '[redacted]' },
    });
  });
});

describe('--record through the command line', () => {
  const partnerToken = `partner-${randomUUID()}`;
  const userToken = `user-${randomUUID()}`;
  let sim: Simulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    sim = await startSimulator({ locations: 1, clients: 8, days: 7, rateLimit: false, partnerToken, userToken });
    db = await createTestDatabase();
    env = {
      ALTEGIO_BASE_URL: sim.url,
      ALTEGIO_PARTNER_TOKEN: partnerToken,
      ALTEGIO_USER_TOKEN: userToken,
      ALTEGIO_LOCATION_IDS: '1',
      ALTEGIO_CHAIN_ID: String(sim.truth().chainId),
      DATABASE_URL: db.url,
      // The simulator sets no limit here: our own budget would only slow the test down.
      ALTEGIO_RATE_LIMIT_PER_SECOND: '1000',
      ALTEGIO_RATE_LIMIT_PER_MINUTE: '100000',
      ALTEGIO_RATE_LIMIT_MARGIN_MS: '0',
    };
  });
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  /** What must never reach a recording: the tokens, and every client's phone, e-mail and name. */
  function secrets(): string[] {
    const clients = sim.world.location(1)!.clients;
    return [
      partnerToken,
      userToken,
      ...clients.flatMap((c) => [c.phone, c.email, `${c.name} ${c.surname}`.trim(), JSON.stringify(c.name)].filter((s) => s.length >= 4)),
    ];
  }

  /** The files of a recording, parsed, after checking that none holds a secret. */
  function readRecording(dir: string): Array<{ name: string; entry: Record<string, unknown> }> {
    const files = readdirSync(dir).sort();
    const leaked = secrets();
    return files.map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const secret of leaked) expect(text, `${name} holds ${secret}`).not.toContain(secret);
      return { name, entry: JSON.parse(text) as Record<string, unknown> };
    });
  }

  it('sync --record writes one redacted file per request, with method, path, query, status and body', async () => {
    dir = mkdtempSync(join(tmpdir(), 'altegio-record-sync-'));
    const sync = await runCli(['sync', '--record', dir], env);
    expect(sync.code, sync.stderr).toBe(0);
    const requests = (await runCli(['sql', '--json', '--allow-superuser', 'select sum(requests)::int as n from altegio.sync_runs'], env)).stdout;
    const recording = readRecording(dir);
    // Every request the runs counted, and the one probe of the user token before them, is a file.
    expect(recording.length).toBeGreaterThanOrEqual((JSON.parse(requests) as Array<{ n: number }>)[0]!.n);
    expect(recording.map((r) => r.name)).toEqual(recording.map((_, i) => expect.stringMatching(new RegExp(`^${String(i + 1).padStart(5, '0')}-(GET|POST)_`))));
    for (const { name, entry } of recording) {
      expect(Object.keys(entry), name).toEqual(expect.arrayContaining(['method', 'path', 'query', 'status', 'body']));
      expect(['GET', 'POST'], name).toContain(entry.method);
    }
    const clients = recording.find((r) => r.entry.path === '/clients/1');
    expect(clients?.entry).toMatchObject({ method: 'GET', status: 200, query: expect.objectContaining({ page: 1 }) });
    const listed = (clients!.entry.body as { data: Array<Record<string, unknown>> }).data;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((c) => c.name === '[redacted]' && typeof c.id === 'number')).toBe(true);
    // The gift-card lookup names a phone in its query: redacted there too, digits zeroed.
    const giftCards = recording.filter((r) => r.entry.path === '/loyalty/certificates');
    expect(giftCards.length).toBeGreaterThan(0);
    for (const g of giftCards) expect(String((g.entry.query as { phone: unknown }).phone)).toMatch(/^[^1-9]*$/);
  });

  it('check --record writes its few requests the same way', async () => {
    dir = mkdtempSync(join(tmpdir(), 'altegio-record-check-'));
    const check = await runCli(['check', '--json', '--record', dir], env);
    expect(check.code, check.stderr).toBe(0);
    const recording = readRecording(dir);
    expect(recording.length).toBeGreaterThan(5);
    expect(recording.length).toBeLessThan(100);
    for (const { name, entry } of recording) expect(Object.keys(entry), name).toEqual(expect.arrayContaining(['method', 'path', 'query', 'status', 'body']));
  });
});
