import { readFileSync } from 'node:fs';

/**
 * The package's version, read from package.json when asked rather than
 * copied into the code: package.json is one directory up from this module
 * both in src/ (run through tsx) and in dist/ (the package and the image).
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
