/**
 * A Postgres cluster of a test's own (initdb in a temporary directory, on a
 * free port), for what cannot be done to a shared server: stopping it. Needs
 * the server binaries (`initdb`, `pg_ctl`); as root, also the `postgres` user
 * and `runuser`, since initdb refuses to run as root.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../worker.harness.js';

const run = promisify(execFile);

/** Where the binaries of the newest installed server are, as Debian and Ubuntu install them (`/usr/lib/postgresql/<version>/bin`). */
function serverBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}

/** The uid and gid of `user`, or undefined when there is no such user. */
function userIds(user: string): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

const asRoot = process.getuid?.() === 0;

/** Why no cluster can be made here, or undefined when one can. */
export function clusterUnavailable(): string | undefined {
  if (!serverBinaries()) return 'no initdb and pg_ctl under /usr/lib/postgresql/<version>/bin';
  if (asRoot && !userIds('postgres')) return 'running as root, and initdb refuses root, but there is no postgres user to run it as';
  if (asRoot && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser to run initdb as postgres';
  return undefined;
}

export interface Cluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: trust authentication, the cluster's own. */
  url: string;
  /** `pg_ctl stop -m fast`: every session is ended (57P01), and new connections are refused until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it at once if it runs, and removes its directory; safe to call more than once. */
  destroy(): Promise<void>;
}

/** Creates and starts a cluster in a new temporary directory; removes it again if that fails. */
export async function createCluster(): Promise<Cluster> {
  const bin = serverBinaries()!;
  const dir = mkdtempSync(join(tmpdir(), 'altegio-pg-'));
  const data = join(dir, 'data');
  const owner = asRoot ? userIds('postgres')! : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const exec = (tool: string, args: string[]) => {
    const command = [join(bin, tool), ...args];
    return owner ? run('runuser', ['-u', 'postgres', '--', ...command], { cwd: dir }) : run(command[0]!, command.slice(1), { cwd: dir });
  };
  const port = await freePort();
  // The socket in the cluster's own directory; TCP on the loopback only; no fsync: nothing here need survive a crash.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => void (await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])),
    start: async () => void (await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'])),
    async destroy() {
      if (existsSync(join(data, 'postmaster.pid'))) await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    await cluster.start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
