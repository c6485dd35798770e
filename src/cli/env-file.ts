import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../errors.js';

/** The global option naming a file to read instead of `./.env`. */
export const ENV_FILE_FLAG = '--env-file';
/** The variable naming that file when no flag does, or `none` for no file. */
export const ENV_FILE_VARIABLE = 'ALTEGIO_ENV_FILE';

/**
 * The path `--env-file` names among the command's arguments (before or
 * after the command, `--env-file x` or `--env-file=x`; the last one wins,
 * as in commander), or undefined. Read ahead of commander because the
 * file may set LOG_FORMAT, which decides how commander's own errors are
 * written. A flag without its value is left for commander to report.
 */
export function envFileArgument(args: readonly string[]): string | undefined {
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // What follows `--` is an operand, never an option.
    if (arg === '--') break;
    if (arg === ENV_FILE_FLAG) path = args[++i];
    else if (arg.startsWith(`${ENV_FILE_FLAG}=`)) path = arg.slice(ENV_FILE_FLAG.length + 1);
  }
  return path;
}

/**
 * Sets the variables of the file `--env-file` names, or else of `.env` in
 * `cwd` when there is one, that `env` does not set already: a variable of
 * the environment wins over the file, as with Docker Compose and Node's own
 * `--env-file`. Parsed by Node's `util.parseEnv` (quote a value that holds
 * `#`). Returns the names it set, never the values (they hold tokens). A
 * named file that cannot be read stops the command (exit 2); a missing
 * `.env`, or a directory of that name (a Python virtualenv), is skipped.
 */
export function loadEnvFile(args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const flag = envFileArgument(args);
  // ALTEGIO_ENV_FILE: the file to read when no flag names one; `none` reads none (a container, a test).
  const variable = env[ENV_FILE_VARIABLE]?.trim() || undefined;
  if (flag === undefined && variable === 'none') return [];
  const named = flag ?? variable;
  const naming = flag !== undefined ? ENV_FILE_FLAG : ENV_FILE_VARIABLE;
  const path = resolve(cwd, named ?? '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    if (named === undefined && (code === 'ENOENT' || code === 'EISDIR')) return [];
    const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`;
    const message =
      named === undefined
        ? `${path}: ${why}; fix it, or name another file with ${ENV_FILE_FLAG}`
        : flag !== undefined
          ? `${ENV_FILE_FLAG} ${named}: ${why}`
          : `${ENV_FILE_VARIABLE}=${named}: ${why}; name a readable file, or none to read no file`;
    throw new ConfigError(message, named === undefined ? ENV_FILE_FLAG : naming);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined || value === undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
