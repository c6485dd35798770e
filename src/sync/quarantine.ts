import type { Tx } from '../db/connect.js';
import { addCounts, zeroCounts, type WriteCounts } from '../db/upsert.js';
import { databaseErrorCode, errorMessage, RejectError } from '../errors.js';
import { cleanText } from '../util/clean.js';
import type { Reject } from './state.js';
import { writeOf, type AnyStream, type Batch, type RunContext } from './types.js';

/**
 * What the database refuses because of the data, not because it is away
 * or the code is wrong: data exceptions (an integer out of range, an
 * invalid escape in JSON), integrity violations (a null key), and program
 * limits (a key too long for its index). A page that meets one is written
 * again a record at a time, so that only the records at fault are rejected.
 */
const DATA_ERRORS = [/^22/, /^23/, /^54/];

export function isDataError(err: unknown): boolean {
  const code = databaseErrorCode(err);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && DATA_ERRORS.some((pattern) => pattern.test(code));
}

/** A page written a record at a time: what it wrote, and the records the database refused (with those `map` refused). */
export interface CarefulPage {
  counts: WriteCounts;
  rejects: Reject[];
}

/**
 * Writes a page's records one at a time, each in a savepoint of `tx`: a
 * record the database refuses is rolled back alone and rejected with the
 * database's message; the others load. What the page says as a whole (the
 * ids a listing holds, for the rows it no longer has) is written once, after
 * its records.
 */
export async function writeOneByOne(tx: Tx, stream: AnyStream, ctx: RunContext, batch: Batch<unknown, unknown, unknown>): Promise<CarefulPage> {
  const write = writeOf(stream);
  let counts = zeroCounts();
  const rejects: Reject[] = [];
  for (const item of batch.items) {
    const raw = cleanText(item);
    const sourceKey = stream.sourceKey?.(raw, batch.meta);
    let row: unknown;
    try {
      row = stream.map(raw, ctx, batch.meta);
    } catch (err) {
      if (!(err instanceof RejectError)) throw err;
      rejects.push({ raw, reason: err.message, sourceKey });
      continue;
    }
    try {
      counts = addCounts(counts, await tx.transaction((savepoint) => write(savepoint, [row], ctx, undefined)));
    } catch (err) {
      if (!isDataError(err)) throw err;
      rejects.push({ raw, reason: `the warehouse refused it: ${errorMessage(err)}`, sourceKey });
    }
  }
  return { counts: addCounts(counts, await write(tx, [], ctx, batch.meta)), rejects };
}
