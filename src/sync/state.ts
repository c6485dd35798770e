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

/** A source key longer than this is kept as its hash: the key's index holds only so much. */
const MAX_KEY_LENGTH = 200;
/** A record whose JSON is longer than this is kept truncated: a reject must always be writable. */
const MAX_RAW_LENGTH = 1_000_000;
const TRUNCATED_LENGTH = 10_000;

const sha1 = (text: string) => `sha1:${createHash('sha1').update(text).digest('hex')}`;

/** The reject's key: the record's id, its hash when long, or a hash of the record. */
export function rejectKey(reject: Reject): string {
  if (reject.sourceKey !== undefined) return reject.sourceKey.length > MAX_KEY_LENGTH ? sha1(reject.sourceKey) : reject.sourceKey;
  return sha1(JSON.stringify(reject.raw) ?? 'undefined');
}

/** The record as kept: as sent, null for null, its beginning when too large. */
function keptRaw(raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  const text = JSON.stringify(raw);
  return text.length > MAX_RAW_LENGTH ? { truncated: text.slice(0, TRUNCATED_LENGTH) } : raw;
}

/** Keeps rejected records, one row per (stream, scope, record), counting sightings. Always writable: see `rejectKey`, `keptRaw`. */
export async function saveRejects(tx: Tx, stream: string, scope: Scope, runId: string, rejects: Reject[]): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map((r) => ({
    stream,
    scope: scope.key,
    locationId: scope.kind === 'location' ? scope.locationId : null,
    sourceKey: rejectKey(r),
    reason: r.reason.length > 2000 ? `${r.reason.slice(0, 2000)}…` : r.reason,
    raw: keptRaw(r.raw) as object | null,
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
