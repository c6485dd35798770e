#!/usr/bin/env -S node --
// `--` ends Node's own options: Node otherwise reads an `--env-file` anywhere among the arguments, ours
// included, and exits before this script runs when that file is missing.
// Runs the TypeScript sources through tsx in a checkout, the compiled dist/ in a published package.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/index.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import(new URL('../dist/cli/index.js', import.meta.url).href);
}
// Warnings and errors nothing caught are log lines too (one JSON object each under JSON logs).
cli.installProcessHandlers();
const code = await cli.main(process.argv);
process.exitCode = code;
