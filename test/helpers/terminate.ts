/**
 * Ending the sync's sessions at a moment that does not depend on timing: a
 * session of the test holds a SHARE lock on a table, so that the sync's next
 * write to it waits (its reads do not); once the write is seen waiting, every
 * other session of the database is ended with pg_terminate_backend (SQLSTATE
 * 57P01, as an administrator, a failover or a restart ends them), and the
 * lock is let go.
 */
import postgres from 'postgres';

type Sql = ReturnType<typeof postgres>;

/** A session of the test holding a SHARE lock until `release()`. */
export interface WriteBlocker {
  /** The session's backend pid: spared by `terminateSessions`, named by the waiting writes. */
  pid: number;
  /** Ends the lock's transaction (and the session); harmless when the server ended it already. */
  release(): Promise<void>;
}

/** Holds `tables` (schema-qualified) in SHARE mode on the database of `url` until released. */
export async function blockWrites(url: string, tables: string[]): Promise<WriteBlocker> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: (pid: number) => void;
  const holding = new Promise<number>((resolve) => (locked = resolve));
  const transaction = sql
    .begin(async (tx) => {
      const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await tx.unsafe(`lock table ${tables.join(', ')} in share mode`);
      locked(row!.pid);
      await released;
    })
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  // Either the lock is held, or taking it failed (and that is the error to see).
  const pid = await Promise.race([holding, transaction.then((err) => Promise.reject(err ?? new Error('the lock was not taken')))]);
  return {
    pid,
    async release() {
      release();
      await transaction;
      await sql.end({ timeout: 1 }).catch(() => undefined);
    },
  };
}

/**
 * Waits until a session of `database` waits for `blocker`'s lock and returns
 * their pids; fails when `ended` settles first (the run ended without that
 * write) or after `timeoutMs`.
 */
export async function waitUntilBlocked(sql: Sql, database: string, blocker: WriteBlocker, ended: Promise<unknown>, timeoutMs = 60_000): Promise<number[]> {
  let over: string | undefined;
  void ended.then(
    () => (over = 'the run ended before it wrote to the locked table'),
    () => (over = 'the run failed before it wrote to the locked table'),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${database} and ${blocker.pid}::int = any(pg_blocking_pids(pid))`;
    if (rows.length > 0) return rows.map((r) => r.pid);
    if (over) throw new Error(over);
    if (Date.now() > deadline) throw new Error(`no session of ${database} waited for the lock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Ends every client session of `database` but the caller's own and those of
 * `spare` (the blockers), as `pg_terminate_backend` does; returns their pids.
 * Only this database's sessions: the server is shared.
 */
export async function terminateSessions(sql: Sql, database: string, spare: number[]): Promise<number[]> {
  const rows = await sql<{ pid: number; ended: boolean }[]>`
    select pid, pg_terminate_backend(pid) as ended from pg_stat_activity
    where datname = ${database} and backend_type = 'client backend' and pid <> pg_backend_pid() and pid <> all(${sql.array(spare)}::int[])`;
  return rows.filter((r) => r.ended).map((r) => r.pid);
}
