import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above `moduleUrl` holding a `package.json`. Works from
 * the sources (`manifest/x.ts`, under ts-jest) and from the build (`dist/manifest/x.js`) alike.
 */
export function findRepoRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`findRepoRoot: no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}
