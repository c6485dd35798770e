/** Header checks: the versioned Accept header and `Bearer <partner>, User <user>`. */
import type { AuthLevel } from './router.js';

/** Altegio's media type; YCLIENTS' own spelling is accepted as well. */
export const ACCEPT_TYPES = ['application/vnd.api.v2+json', 'application/vnd.yclients.v2+json'] as const;

export function acceptsApi(accept: string | undefined): boolean {
  if (!accept) return false;
  const lower = accept.toLowerCase();
  return ACCEPT_TYPES.some((t) => lower.includes(t));
}

export interface Credentials {
  partner: string | null;
  user: string | null;
}

/** Parses `Bearer <partner>, User <user>` (the User part is optional; spacing is lenient). */
export function parseAuthorization(header: string | undefined): Credentials {
  if (!header) return { partner: null, user: null };
  const m = /^\s*Bearer\s+([^,\s]+)\s*(?:,\s*User\s+([^,\s]+)\s*)?$/i.exec(header);
  if (!m) return { partner: null, user: null };
  return { partner: m[1] ?? null, user: m[2] ?? null };
}

/** Null when allowed, otherwise the 401 message. */
export function checkAuth(level: AuthLevel, header: string | undefined, partnerToken: string, userToken: string): string | null {
  if (level === 'none') return null;
  const creds = parseAuthorization(header);
  if (creds.partner === null) return 'Authentication needed: Authorization: Bearer <partner_token>, User <user_token>';
  if (creds.partner !== partnerToken) return 'Partner token is invalid';
  if (level === 'partner') return null;
  if (creds.user === null) return 'User authorization is required for this request';
  if (creds.user !== userToken) return 'User token is invalid or expired';
  return null;
}
