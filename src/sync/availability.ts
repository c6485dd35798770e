import type { AltegioClient } from '../altegio/client.js';
import { AltegioAuthError, AltegioForbiddenError, AltegioLicenceError, AltegioNotFoundError } from '../errors.js';
import type { AnyStream, Scope } from './types.js';

/**
 * What makes a stream unavailable to an account rather than failed: the
 * account will get the same answer until someone changes a right, a
 * licence or a module, so the stream is recorded `unavailable`, asked
 * again only every `ALTEGIO_UNAVAILABLE_RETRY_HOURS`, and does not fail the
 * run (unless the user named it, or it is `essential`).
 *
 * | answer | when | why it is not a failure |
 * |---|---|---|
 * | 403 | any stream | the user lacks the right to it |
 * | 402 | any stream | the location's licence lapsed |
 * | 404 | a stream of a module (`StreamDef.module`) | the location has no such module |
 * | 401 | a stream whose endpoint answers a missing right with 401 (`StreamDef.rightsAnswer401`), once the user token is known to work | the analytics charts do this |
 */
export async function unavailability(err: unknown, stream: AnyStream, scope: Scope, client: AltegioClient): Promise<string | null> {
  if (err instanceof AltegioLicenceError) return `${err.message}; renew it, or remove ${where(scope)} from the configuration`;
  if (err instanceof AltegioForbiddenError) return `${err.message}; the user of ALTEGIO_USER_TOKEN (or ALTEGIO_LOGIN) has no right to it`;
  if (err instanceof AltegioNotFoundError && stream.module) {
    return `${err.message}; ${where(scope)} does not have the ${stream.module} module`;
  }
  if (err instanceof AltegioAuthError && stream.rightsAnswer401 && scope.kind === 'location') {
    // A bad token answers 401 everywhere: ask once somewhere that needs the user token.
    if (await client.userTokenWorks(`/records/${scope.locationId}`)) {
      return `${err.message.replace(/; fix .*$/, '')}; the tokens work elsewhere, so the user lacks the right to this report`;
    }
  }
  return null;
}

function where(scope: Scope): string {
  return scope.kind === 'location' ? `location ${scope.locationId}` : `chain ${scope.chainId}`;
}
