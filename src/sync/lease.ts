import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connect.js';
import { syncLocks } from '../db/schema/index.js';

/**
 * The lease that keeps two runs of one stream and scope apart (table
 * `sync_locks`). It is a row, not a session's advisory lock: a lost
 * connection or a database restart does not lose it (and no connection is
 * pinned for the whole run), and a role that may only read the warehouse
 * cannot take it. Every page a run commits renews it in the page's own
 * transaction, and a run whose lease another has taken cannot commit
 * (`renewIn`); a heartbeat renews it between pages.
 */

/** A lease not renewed for this long is free to take: its holder stopped (died, or lost the database for that long). */
export const LEASE_MS = 30_000;
/** How often the heartbeat renews a lease between pages. */
const HEARTBEAT_MS = 5_000;

/** Thrown when a page would commit under a lease another run has taken since. */
export class LeaseLostError extends Error {
  constructor(readonly key: string) {
    super(`lost the lease of ${key}: it ran out (no renewal for ${LEASE_MS / 1000} s) and another run took it; this run stops, and the other goes on`);
    this.name = this.constructor.name;
  }
}

export interface Lease {
  key: string;
  holder: string;
  /** Renews the lease inside `tx` (a page's transaction): throws LeaseLostError, rolling the page back, when another run holds it. */
  renewIn(tx: Tx): Promise<void>;
  /** Stops the heartbeat and gives the lease up. */
  release(): Promise<void>;
}

const expiry = () => sql`now() + ${`${LEASE_MS} milliseconds`}::interval`;

/**
 * Takes the lease of `key` if it is free or ran out; null when a live run
 * holds it. The heartbeat's failures (the database away) are ignored: the
 * next page's commit renews the lease, or finds it taken.
 */
export async function acquireLease(db: Db, key: string, runId: string): Promise<Lease | null> {
  const holder = `${runId} ${hostname()} pid ${process.pid}`;
  const [row] = await db
    .insert(syncLocks)
    .values({ key, holder, expiresAt: expiry() })
    .onConflictDoUpdate({
      target: syncLocks.key,
      set: { holder, acquiredAt: sql`now()`, expiresAt: expiry() },
      where: lt(syncLocks.expiresAt, sql`now()`),
    })
    .returning({ holder: syncLocks.holder });
  if (row?.holder !== holder && !(await takeOverFromTheDead(db, key, holder))) return null;
  const renew = async (on: Db | Tx) => {
    const renewed = await on
      .update(syncLocks)
      .set({ expiresAt: expiry() })
      .where(and(eq(syncLocks.key, key), eq(syncLocks.holder, holder)))
      .returning({ key: syncLocks.key });
    return renewed.length > 0;
  };
  const heartbeat = setInterval(() => void renew(db).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  return {
    key,
    holder,
    async renewIn(tx) {
      if (!(await renew(tx))) throw new LeaseLostError(key);
    },
    async release() {
      clearInterval(heartbeat);
      await db.delete(syncLocks).where(and(eq(syncLocks.key, key), eq(syncLocks.holder, holder)));
    },
  };
}

/**
 * Takes the lease of `key` from a holder that was a process of this machine
 * that no longer runs (killed with SIGKILL, out of memory), rather than
 * letting the next run wait out LEASE_MS. Safe even when the judgement is
 * wrong (another machine of the same name): a run whose lease was taken
 * cannot commit a page (`renewIn`), so the two never both write.
 */
async function takeOverFromTheDead(db: Db, key: string, holder: string): Promise<boolean> {
  const [current] = await db.select({ holder: syncLocks.holder }).from(syncLocks).where(eq(syncLocks.key, key));
  if (!current || !isDeadHereHolder(current.holder)) return false;
  const taken = await db
    .update(syncLocks)
    .set({ holder, acquiredAt: sql`now()`, expiresAt: expiry() })
    .where(and(eq(syncLocks.key, key), eq(syncLocks.holder, current.holder)))
    .returning({ key: syncLocks.key });
  return taken.length > 0;
}

/** True when `holder` (`<run id> <host> pid <pid>`) names a process of this host that no longer exists. */
export function isDeadHereHolder(holder: string, host = hostname()): boolean {
  const match = /^\S+ (.+) pid (\d+)$/.exec(holder);
  if (!match || match[1] !== host) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A fresh run id, for leases taken outside a run. */
export function leaseHolderId(): string {
  return randomUUID();
}
