/**
 * The environment of a CLI the tests start: this process's, less the
 * developer's own project settings (ALTEGIO_*, DATABASE_URL and `dropped`),
 * and reading no `.env` (ALTEGIO_ENV_FILE=none): a developer's `.env` in the
 * checkout may name a real warehouse or account, which a test must never touch.
 */
export function testProcessEnv(dropped: readonly string[] = []): Record<string, string | undefined> {
  const drop = new Set(['DATABASE_URL', ...dropped]);
  const kept = Object.entries(process.env).filter(([k]) => !k.startsWith('ALTEGIO_') && !drop.has(k));
  return { ...Object.fromEntries(kept), ALTEGIO_ENV_FILE: 'none' };
}
