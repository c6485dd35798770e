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
 * The functions that create a large object. Postgres has no privilege for
 * creating one, and before Postgres 16 a read-only transaction does not refuse
 * them: taking EXECUTE from PUBLIC is the only way to keep a role from it.
 */
export const LARGE_OBJECT_CREATORS = ['lo_create(oid)', 'lo_creat(integer)', 'lo_from_bytea(oid, bytea)'] as const;

/** What grant-reader did. */
export interface GrantResult {
  /** The role was created (else updated). */
  created: boolean;
  /** What the running role could not take away, and who can. */
  warnings: string[];
}

/**
 * Creates (or updates) a login role that can read the warehouse schemas and
 * nothing else: USAGE on the schemas, SELECT on their tables and views (the
 * migration record `altegio.schema_migrations` among them), the same on
 * tables created later by the role that runs the migrations, and no CREATE
 * anywhere. Its sessions start read-only (`default_transaction_read_only`),
 * which refuses temporary tables; EXECUTE on the functions that create large
 * objects is taken from PUBLIC in this database (see LARGE_OBJECT_CREATORS and
 * docs/operations.md). Safe to run again (after new migrations, too).
 */
export async function grantReader(warehouse: Warehouse, role: string, password: string): Promise<GrantResult> {
  if (warehouse.kind !== 'postgres') throw new Error('grant-reader needs a Postgres server (set DATABASE_URL); the embedded warehouse has no roles');
  if (!ROLE_NAME.test(role)) throw new Error(`--role must be a lower-case SQL identifier, got ${JSON.stringify(role)}`);
  const verifier = scramVerifier(password);
  const id = sql.identifier(role);
  const created = await warehouse.db.transaction(async (tx) => {
    const exists = await tx.execute(sql`select 1 from pg_roles where rolname = ${role}`);
    const created = (Array.isArray(exists) ? exists.length : (exists as { rows: unknown[] }).rows.length) === 0;
    const verifierLiteral = sql.raw(`'${verifier.replaceAll("'", "''")}'`);
    const verb = sql.raw(created ? 'create' : 'alter');
    await tx.execute(sql`${verb} role ${id} login password ${verifierLiteral} nosuperuser nocreatedb nocreaterole noinherit`);
    await tx.execute(sql`alter role ${id} set default_transaction_read_only = on`);
    const [db] = (await tx.execute(sql`select current_database() as name`)) as unknown as Array<{ name: string }>;
    const database = sql.identifier(db!.name);
    await tx.execute(sql`grant connect on database ${database} to ${id}`);
    // Only a grant to the role itself can be taken here; PUBLIC's TEMPORARY stays (docs/operations.md).
    await tx.execute(sql`revoke temporary on database ${database} from ${id}`);
    for (const schema of READABLE_SCHEMAS) {
      const s = sql.identifier(schema);
      await tx.execute(sql.raw(`create schema if not exists "${schema}"`));
      await tx.execute(sql`revoke create on schema ${s} from ${id}`);
      await tx.execute(sql`grant usage on schema ${s} to ${id}`);
      await tx.execute(sql`grant select on all tables in schema ${s} to ${id}`);
      await tx.execute(sql`alter default privileges in schema ${s} grant select on tables to ${id}`);
    }
    await tx.execute(sql.raw(`revoke execute on function ${LARGE_OBJECT_CREATORS.map((f) => `pg_catalog.${f}`).join(', ')} from public`));
    return created;
  });
  return { created, warnings: await largeObjectWarnings(warehouse, role) };
}

/** A warning when the role can still create large objects (the running role does not own those functions). */
async function largeObjectWarnings(warehouse: Warehouse, role: string): Promise<string[]> {
  const able: string[] = [];
  for (const fn of LARGE_OBJECT_CREATORS) {
    const [row] = await warehouse.query<{ ok: boolean }>(sql`select has_function_privilege(${role}, ${`pg_catalog.${fn}`}, 'execute') as ok`);
    if (row?.ok) able.push(fn);
  }
  if (able.length === 0) return [];
  const statement = `REVOKE EXECUTE ON FUNCTION ${able.map((f) => `pg_catalog.${f}`).join(', ')} FROM PUBLIC`;
  return [`${role} can still create large objects: this role may not revoke EXECUTE on ${able.join(', ')}; have a superuser run: ${statement}`];
}

/** What the current role could do beyond what `sql` allows: none of it when it is a plain reader. */
export interface RolePowers {
  role: string;
  /** A superuser, or a member of one (it can SET ROLE to it). */
  superuser: boolean;
  /** Owns the schema `altegio`, or is a member of its owner. */
  ownsSchema: boolean;
}

/** The powers of the role the warehouse connection runs as. */
export async function rolePowers(warehouse: Warehouse): Promise<RolePowers> {
  const [row] = await warehouse.query<{ role: string; superuser: boolean; owns_schema: boolean }>(sql`
    select current_user as role,
           exists (select 1 from pg_catalog.pg_roles r where r.rolsuper and pg_has_role(current_user, r.oid, 'MEMBER')) as superuser,
           exists (select 1 from pg_catalog.pg_namespace n where n.nspname = 'altegio' and pg_has_role(current_user, n.nspowner, 'MEMBER')) as owns_schema`);
  return { role: String(row?.role), superuser: Boolean(row?.superuser), ownsSchema: Boolean(row?.owns_schema) };
}
