import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Recorder, redact } from '../src/altegio/recorder.js';
import { recordedClient } from './helpers/recorded.js';

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
