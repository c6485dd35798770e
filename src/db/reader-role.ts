import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Warehouse } from './connect.js';

/** Schemas an analyst may read: the warehouse and its BI views. */
export const READABLE_SCHEMAS = ['altegio', 'altegio_bi'] as const;

/**
 * The SCRAM-SHA-256 verifier of a password, as Postgres stores it. Sending the
 * verifier instead of the password keeps the password out of the server's
 * statement log and out of pg_stat_activity.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or updates) a login role that can read the warehouse schemas and
 * nothing else: USAGE on the schemas, SELECT on their tables and views, the
 * same on tables created later by the role that runs the migrations, and no
 * CREATE anywhere. Safe to run again (after new migrations, too).
 */
export async function grantReader(warehouse: Warehouse, role: string, password: string): Promise<{ created: boolean }> {
  if (warehouse.kind !== 'postgres') throw new Error('grant-reader needs a Postgres server (set DATABASE_URL); the embedded warehouse has no roles');
  if (!ROLE_NAME.test(role)) throw new Error(`--role must be a lower-case SQL identifier, got ${JSON.stringify(role)}`);
  const verifier = scramVerifier(password);
  const id = sql.identifier(role);
  return warehouse.db.transaction(async (tx) => {
    const exists = await tx.execute(sql`select 1 from pg_roles where rolname = ${role}`);
    const created = (Array.isArray(exists) ? exists.length : (exists as { rows: unknown[] }).rows.length) === 0;
    const verifierLiteral = sql.raw(`'${verifier.replaceAll("'", "''")}'`);
    if (created) {
      await tx.execute(sql`create role ${id} login password ${verifierLiteral} nosuperuser nocreatedb nocreaterole noinherit`);
    } else {
      await tx.execute(sql`alter role ${id} login password ${verifierLiteral} nosuperuser nocreatedb nocreaterole noinherit`);
    }
    const [db] = (await tx.execute(sql`select current_database() as name`)) as unknown as Array<{ name: string }>;
    await tx.execute(sql`grant connect on database ${sql.identifier(db!.name)} to ${id}`);
    for (const schema of READABLE_SCHEMAS) {
      const s = sql.identifier(schema);
      await tx.execute(sql.raw(`create schema if not exists "${schema}"`));
      await tx.execute(sql`revoke create on schema ${s} from ${id}`);
      await tx.execute(sql`grant usage on schema ${s} to ${id}`);
      await tx.execute(sql`grant select on all tables in schema ${s} to ${id}`);
      await tx.execute(sql`alter default privileges in schema ${s} grant select on tables to ${id}`);
    }
    return { created };
  });
}
