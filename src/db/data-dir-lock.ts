import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process at a time per embedded warehouse. PGlite keeps the database
 * of its data directory in the memory of the process that opened it and
 * writes it back: a second process on the same directory does not see the
 * first one's writes, and the two corrupt it between them (duplicate keys,
 * lost runs). A lock file beside the data, with the holder's pid, keeps the
 * second process out; one left by a process that died is taken over.
 */

/** The embedded warehouse is held by another live process. */
export class DataDirBusyError extends Error {
  constructor(readonly path: string, readonly holder: Holder) {
    super(
      `the embedded warehouse in ${path} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}): ` +
        'only one process may open it at a time; wait for that one to end (or stop it), or set DATABASE_URL to a Postgres that several processes can share',
    );
    this.name = this.constructor.name;
  }
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** Takes the lock of the embedded warehouse at `path` (its directory); returns its release. */
export function lockDataDir(path: string): () => void {
  const file = join(path, 'altegio-sync.lock');
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      const release = () => {
        if (readHolder(file)?.pid === me.pid) rmSync(file, { force: true });
        process.off('exit', release);
      };
      // A process that ends without closing the warehouse still gives it up.
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && alive(holder)) throw new DataDirBusyError(path, holder);
      // Left by a process that is gone: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock file ${file}`);
}

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return null;
  }
}

/** The holder is this host's live process (another host's cannot be asked: it is taken for alive). */
function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
