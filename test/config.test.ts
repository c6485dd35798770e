import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { configError } from './helpers/errors.js';
import { loadConfig, requireApi } from '../src/config.js';
import { Secret } from '../src/util/secret.js';

const base = { ALTEGIO_PARTNER_TOKEN: 'partner-secret-123', ALTEGIO_USER_TOKEN: 'user-secret-456', ALTEGIO_LOCATION_IDS: '1,2' };


describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config.altegio.baseUrl).toBe('https://api.alteg.io/api/v1');
    expect(config.rateLimit).toMatchObject({ perSecond: 5, perMinute: 200 });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.locationIds).toEqual([1, 2]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['ALTEGIO_PARTNER_TOKEN', { ...base, ALTEGIO_PARTNER_TOKEN: undefined }],
    ['ALTEGIO_LOCATION_IDS', { ...base, ALTEGIO_LOCATION_IDS: '' }],
    ['ALTEGIO_USER_TOKEN', { ...base, ALTEGIO_USER_TOKEN: undefined }],
    ['ALTEGIO_PASSWORD', { ...base, ALTEGIO_USER_TOKEN: undefined, ALTEGIO_LOGIN: 'me@example.com' }],
  ])('a missing %s fails naming it, with an example', (name, env) => {
    const err = configError(() => requireApi(loadConfig(env)));
    expect(err.variable).toBe(name);
    expect(err.message).toContain(`${name} is required`);
    expect(err.message).toContain(`for example ${name}=`);
  });

  it.each([
    ['ALTEGIO_LOCATION_IDS', 'one,two'],
    ['ALTEGIO_LOCATION_IDS', '1,-2'],
    ['ALTEGIO_RATE_LIMIT_PER_SECOND', 'fast'],
    ['ALTEGIO_RATE_LIMIT_PER_MINUTE', '0'],
    ['ALTEGIO_BASE_URL', 'api.alteg.io'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['ALTEGIO_CHAIN_ID', '12.5'],
    ['ALTEGIO_FILTER_TIMEZONE', 'mars'],
  ])('a malformed %s=%s fails at load, naming it', (name, value) => {
    const err = configError(() => loadConfig({ ...base, [name]: value }));
    expect(err.variable).toBe(name);
    expect(err.message).toMatch(new RegExp(`^${name} is malformed`));
  });

  it("reads each variable through its schema, whose output is the type of the config's value", () => {
    const config = loadConfig({ ...base, ALTEGIO_BASE_URL: 'https://api.example.test/api/v1//', BULL_BOARD_TOKEN: 'a-long-random-string', BULL_BOARD_READ_ONLY: 'false' });
    expect(config.altegio.baseUrl).toBe('https://api.example.test/api/v1');
    expect(config.altegio.partnerToken).toBeInstanceOf(Secret);
    expect(config.http.boardToken?.reveal()).toBe('a-long-random-string');
    expect(config.altegio.password).toBeUndefined();
    expect(config.http.boardReadOnly).toBe(false);
    expect(config.queue).toMatchObject({ concurrency: 4, backoffMs: 10_000 });
    // Checked by the compiler (npx tsc --noEmit): the types come from the schemas, not from a second list.
    expectTypeOf(config.altegio.partnerToken).toEqualTypeOf<Secret | undefined>();
    expectTypeOf(config.sync.filterTimezone).toEqualTypeOf<'safe' | 'location' | 'utc'>();
    expectTypeOf(config.altegio.giftCardLocationParam).toEqualTypeOf<'both' | 'company_id' | 'copmany_id'>();
    expectTypeOf(config.locationIds).toEqualTypeOf<number[]>();
    expectTypeOf(config.http.boardReadOnly).toEqualTypeOf<boolean>();
    expectTypeOf(config.logLevel).toEqualTypeOf<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'>();
  });

  it('never shows a token when printed', () => {
    const config = loadConfig({ ...base, ALTEGIO_PASSWORD: 'pw-secret-789', ALTEGIO_LOGIN: 'me' });
    const printed = [JSON.stringify(config), inspect(config, { depth: 5 }), String(config.altegio.partnerToken), `${config.altegio.userToken}`].join('\n');
    for (const secret of ['partner-secret-123', 'user-secret-456', 'pw-secret-789']) expect(printed).not.toContain(secret);
    expect(config.altegio.partnerToken?.reveal()).toBe('partner-secret-123');
  });
});
