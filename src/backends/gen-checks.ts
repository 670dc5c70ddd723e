/**
 * `npm run gen:checks`: writes src/backends/<name>/checks.ts from each backend's zod models (see
 * check-compiler.ts). Run from the build (dist/src/backends/gen-checks.js).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checksModule } from './check-compiler.js';

export const CHECKED_BACKENDS = ['admin', 'mn', 'asya', 'astromesh'] as const;

const MODELS = {
  admin: () => import('./admin/models.js'),
  mn: () => import('./mn/models.js'),
  asya: () => import('./asya/models.js'),
  astromesh: () => import('./astromesh/models.js'),
};

export async function generatedChecks(backend: (typeof CHECKED_BACKENDS)[number]): Promise<string> {
  const models = (await MODELS[backend]()) as Record<string, unknown>;
  return checksModule(models, `src/backends/${backend}/models.ts`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const b of CHECKED_BACKENDS) {
    const target = fileURLToPath(new URL(`../../../src/backends/${b}/checks.ts`, import.meta.url));
    writeFileSync(target, await generatedChecks(b));
    process.stdout.write(`wrote ${target}\n`);
  }
}
