#!/usr/bin/env node
// postgres.js 3.4.x on a connection whose server went away:
// - a query issued on a reserved connection (a transaction's ROLLBACK after
//   the server ended it) reaches `execute` with no socket, and its write,
//   deferred with setImmediate, throws a TypeError no caller can catch, which
//   kills the process (porsager/postgres#1208, #1154): such a query now fails
//   with CONNECTION_CLOSED, as the queries before it did, and a deferred write
//   to a closed socket does nothing;
// - a connection the server ends while it asks for the array types leaves
//   that query's rejection unhandled (which ends a process run with
//   --unhandled-rejections=throw, Node's default): it is now handled, and the
//   connection reconnects as it already does.
// Idempotent; it leaves a version it does not recognise alone, saying so.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = '/* altegio-sync: closed-socket guard, 3 */';
const EXECUTE = `  function execute(q) {
    if (terminated)`;
// True, as for a query taken: a false answer would move the closed connection out of the pool's closed queue for good.
const EXECUTE_GUARDED = `  function execute(q) {
    ${MARK}
    if (!socket && !initial && !terminated)
      return (queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true)

    if (terminated)`;
const NEXT_WRITE = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const NEXT_WRITE_GUARDED = `  function nextWrite(fn) {
    if (!socket)
      return (chunk = nextWriteTimer = null, false)
    const x = socket.write(chunk, fn)`;

const FETCH_TYPES = `        return fetchArrayTypes()
`;
const FETCH_TYPES_HANDLED = `        return fetchArrayTypes().catch(() => undefined)
`;

let root;
try {
  // The package's main module is cjs/src/index.js; its root holds package.json.
  root = dirname(createRequire(import.meta.url).resolve('postgres'));
  const named = (dir) => existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'postgres';
  while (!named(root) && dirname(root) !== root) root = dirname(root);
} catch {
  process.exit(0); // not installed (yet): nothing to patch
}
for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) => join(root, f))) {
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  if (text.includes('/* altegio-sync: closed-socket guard')) {
    console.warn(`patch-postgres: ${file} has an older guard; reinstall postgres (npm ci) to apply this one`);
    continue;
  }
  if (!text.includes(EXECUTE) || !text.includes(NEXT_WRITE) || !text.includes(FETCH_TYPES)) {
    console.warn(`patch-postgres: ${file} is not the code this guard was written for; left as it is`);
    continue;
  }
  writeFileSync(file, text.replace(EXECUTE, EXECUTE_GUARDED).replace(NEXT_WRITE, NEXT_WRITE_GUARDED).replace(FETCH_TYPES, FETCH_TYPES_HANDLED));
}
