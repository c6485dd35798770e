import { describe, expect, it } from 'vitest';
import { LocalBudget } from '../../src/altegio/budget.js';
import { AltegioClient, type ClientOptions } from '../../src/altegio/client.js';
import { AltegioAuthError } from '../../src/errors.js';
import { extractGiftCards } from '../../src/extractors/loyalty.js';
import { Secret } from '../../src/util/secret.js';
import { fixture } from '../helpers/recorded.js';

/**
 * The reference documents the gift-card lookup with the partner bearer alone,
 * the YCLIENTS blueprint with both tokens: the user token goes along when the
 * client holds one, and the lookup never logs in to get one.
 */
const certificates = fixture('loyalty-certificates')[0]!.body;

function clientWith(options: Partial<ClientOptions>, answer: (path: string) => { status: number; body: unknown } = () => ({ status: 200, body: certificates })) {
  const sent: Array<{ path: string; authorization: string }> = [];
  const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(String(input)).pathname.replace(/^\/api\/v1/, '');
    sent.push({ path, authorization: (init?.headers as Record<string, string>).Authorization ?? '' });
    const { status, body } = path === '/auth' ? { status: 201, body: { success: true, data: { user_token: 'token-from-login' }, meta: [] } } : answer(path);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  const client = new AltegioClient({
    baseUrl: 'http://fixtures.invalid/api/v1',
    partnerToken: new Secret('fixture-partner-token'),
    accept: 'application/vnd.api.v2+json',
    timeoutMs: 1000,
    maxRetries: 0,
    budget: new LocalBudget({ perSecond: 1000, perMinute: 100_000, marginMs: 0 }),
    fetch: transport as typeof fetch,
    ...options,
  });
  return { client, sent };
}

describe('gift cards: which tokens the lookup sends', () => {
  it('sends the user token along with the partner bearer when the client holds one', async () => {
    const { client, sent } = clientWith({ userToken: new Secret('fixture-user-token') });
    const cards = await extractGiftCards(client, 4564, '15550100142');
    expect(cards).toHaveLength(1);
    expect(sent).toEqual([{ path: '/loyalty/certificates', authorization: 'Bearer fixture-partner-token, User fixture-user-token' }]);
  });

  it('sends the partner bearer alone without a user token, and never logs in for one', async () => {
    const bare = clientWith({});
    await extractGiftCards(bare.client, 4564, '15550100142');
    expect(bare.sent).toEqual([{ path: '/loyalty/certificates', authorization: 'Bearer fixture-partner-token' }]);
    const withLogin = clientWith({ login: 'owner@example.com', password: new Secret('secret-password') });
    await extractGiftCards(withLogin.client, 4564, '15550100142');
    expect(withLogin.sent.map((s) => s.path)).toEqual(['/loyalty/certificates']);
    expect(withLogin.sent[0]!.authorization).toBe('Bearer fixture-partner-token');
  });

  it('sends the token a login obtained once another request logged in', async () => {
    const { client, sent } = clientWith({ login: 'owner@example.com', password: new Secret('secret-password') }, (path) =>
      path === '/loyalty/certificates' ? { status: 200, body: certificates } : { status: 200, body: { success: true, data: [], meta: { total_count: 0 } } },
    );
    await client.get('/clients/4564', { page: 1, count: 1 });
    await extractGiftCards(client, 4564, '15550100142');
    expect(sent.map((s) => `${s.path} ${s.authorization}`)).toEqual([
      '/auth Bearer fixture-partner-token',
      '/clients/4564 Bearer fixture-partner-token, User token-from-login',
      '/loyalty/certificates Bearer fixture-partner-token, User token-from-login',
    ]);
  });

  it('names either token when the lookup that carried both is refused', async () => {
    const refused = () => ({ status: 401, body: { success: false, data: null, meta: { message: 'Authentication needed.' } } });
    const both = clientWith({ userToken: new Secret('fixture-user-token') }, refused);
    const error = await extractGiftCards(both.client, 4564, '15550100142').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AltegioAuthError);
    expect((error as Error).message).toContain('fix ALTEGIO_USER_TOKEN or ALTEGIO_PARTNER_TOKEN');
    const partnerOnly = clientWith({}, refused);
    const alone = await extractGiftCards(partnerOnly.client, 4564, '15550100142').catch((err: unknown) => err);
    expect((alone as Error).message).toContain('fix ALTEGIO_PARTNER_TOKEN');
  });
});
