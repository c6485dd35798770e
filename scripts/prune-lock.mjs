#!/usr/bin/env node
// The registry this project installs from does not carry every platform build
// of some native add-ons (msgpackr-extract for macOS, Windows, 32-bit ARM). npm
// then writes a lock that names optional packages it has no entry for, and
// `npm ci` refuses it. This drops those dangling optional names; run it after
// any `npm install` that changes package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages ?? {};
const dropped = [];
for (const [location, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional) continue;
  for (const name of Object.keys(optional)) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (!(nested in packages) && !(`node_modules/${name}` in packages)) {
      delete optional[name];
      dropped.push(`${location || '(root)'} → ${name}`);
    }
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(dropped.length ? `dropped ${dropped.length} unavailable optional package(s):\n  ${dropped.join('\n  ')}` : 'package-lock.json: nothing to drop');
