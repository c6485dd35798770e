import { createHash } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connect.js';
import { rejectedRecords, syncState, type SyncState } from '../db/schema/index.js';
import type { Scope } from './types.js';

/** The committed state of a stream in a scope, or null before its first run. */
export async function readState(db: Db | Tx, stream: string, scope: Scope): Promise<SyncState | null> {
  const [row] = await db
    .select()
    .from(syncState)
    .where(and(eq(syncState.stream, stream), eq(syncState.scope, scope.key)));
  return row ?? null;
}

export interface StatePatch {
  cursor?: unknown;
  progress?: unknown;
  highWaterAt?: Date | null;
  lastRunId?: string;
  lastSuccessAt?: Date;
  lastError?: string | null;
  unavailableSince?: Date | null;
  unavailableReason?: string | null;
}

/** Writes the fields present in `patch`; leaves the others as they are. */
export async function saveState(db: Db | Tx, stream: string, scope: Scope, patch: StatePatch): Promise<void> {
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await db
    .insert(syncState)
    .values({
      stream,
      scope: scope.key,
      locationId: scope.kind === 'location' ? scope.locationId : null,
      chainId: scope.kind === 'chain' ? scope.chainId : null,
      ...values,
    })
    .onConflictDoUpdate({ target: [syncState.stream, syncState.scope], set: { ...values, updatedAt: sql`now()` } });
}

/** A stream that ran through is available again. */
export async function clearUnavailable(db: Db | Tx, stream: string, scope: Scope): Promise<void> {
  await db
    .update(syncState)
    .set({ unavailableSince: null, unavailableReason: null })
    .where(and(eq(syncState.stream, stream), eq(syncState.scope, scope.key), isNotNull(syncState.unavailableSince)));
}

export interface Reject {
  raw: unknown;
  reason: string;
  sourceKey?: string;
}

/** Keeps rejected records, one row per (stream, scope, record), counting sightings. */
export async function saveRejects(tx: Tx, stream: string, scope: Scope, runId: string, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map((r) => ({
    stream,
    scope: scope.key,
    locationId: scope.kind === 'location' ? scope.locationId : null,
    sourceKey: r.sourceKey ?? `sha1:${createHash('sha1').update(JSON.stringify(r.raw) ?? 'undefined').digest('hex')}`,
    reason: r.reason,
    raw: (r.raw ?? null) as object,
    runId,
  }));
  const unique = [...new Map(rows.map((r) => [r.sourceKey, r])).values()];
  await tx
    .insert(rejectedRecords)
    .values(unique)
    .onConflictDoUpdate({
      target: [rejectedRecords.stream, rejectedRecords.scope, rejectedRecords.sourceKey],
      set: {
        reason: sql`excluded.reason`,
        raw: sql`excluded.raw`,
        runId: sql`excluded.run_id`,
        lastSeenAt: sql`now()`,
        timesSeen: sql`${rejectedRecords.timesSeen} + 1`,
      },
    });
}
