import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Exchange, Query } from './client.js';

/**
 * `--record DIR`: every exchange with the API written to DIR, one JSON file
 * per request (`{ method, path, query, requestBody, status, body }`), so that
 * a real session can be attached to a bug report and turned into a test
 * fixture. Headers are never recorded (they hold the tokens); the tokens
 * themselves, phones, e-mails and people's names are redacted wherever they
 * appear, keeping each value's type and format (a phone stays a phone-shaped
 * string or a number of the same length).
 */
export class Recorder {
  readonly dir: string;
  #seq = 0;

  constructor(dir: string, private readonly secrets: () => ReadonlyArray<string | undefined>) {
    this.dir = resolve(dir);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Pass as the client's `onExchange`. */
  readonly record = (exchange: Exchange): void => {
    const seq = String(++this.#seq).padStart(5, '0');
    const slug = `${exchange.method}${exchange.path}`.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 80);
    const file = join(this.dir, `${seq}-${slug}.json`);
    const entry = {
      at: exchange.at.toISOString(),
      method: exchange.method,
      path: exchange.path,
      query: redact(exchange.query as unknown) as Query,
      requestBody: redact(exchange.requestBody ?? null),
      status: exchange.status,
      body: redact(parseOr(exchange.text)),
    };
    writeFileSync(file, this.#scrub(`${JSON.stringify(entry, null, 2)}\n`));
  };

  /** Secrets are removed from the whole text, wherever they appear. */
  #scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets()) if (secret && secret.length >= 4) out = out.replaceAll(secret, '[redacted]');
    return out;
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
}

/** Keys whose values are personal data or credentials, by what they hold. */
const PHONE = /phone/i;
const EMAIL = /e?mail/i;
const NAME = /^(name|surname|patronymic|middle_name|display_name|fullname|first_?name|last_?name|client_name|master_name|staff_name|comment|login)$/i;
const SECRET = /token|password|secret/i;

/** A copy of `value` with personal data and credentials replaced, types kept. */
export function redact(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  if (value === null || value === undefined || value === '' || typeof value === 'boolean') return value;
  if (SECRET.test(key)) return '[redacted]';
  if (PHONE.test(key)) return typeof value === 'number' ? Number(`1${'0'.repeat(Math.max(0, String(value).length - 1))}`) : String(value).replace(/\d/g, '0');
  if (EMAIL.test(key) && typeof value === 'string') return value.includes('@') ? 'redacted@example.invalid' : '[redacted]';
  if (NAME.test(key) && typeof value === 'string') return '[redacted]';
  return value;
}
