// The linter runs inside `npm test`: the whole tree lints clean, and each layer boundary of
// docs/ARCHITECTURE.md is live (a file that crosses it is reported).
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

const problems = async (code: string, filePath: string): Promise<string[]> => {
  const [r] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
};

describe('lint', () => {
  it('the repository lints clean (npm run lint)', async () => {
    const results = await eslint.lintFiles(['.']);
    const report = results
      .filter((r) => r.messages.length)
      .flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
    expect(report).toEqual([]);
  }, 180_000);

  it('the mock imports types from src/backends, never a value', async () => {
    expect(await problems("import { JobSchema } from '../../backends/mn/models.js';\nexport const x = JobSchema;\n", 'src/mock/mn/x.ts')).toEqual([
      expect.stringMatching(/no-restricted-imports: .*the mock shares vocabulary/),
    ]);
    expect(await problems("import type { Job } from '../../backends/mn/models.js';\nexport type X = Job;\n", 'src/mock/mn/x.ts')).toEqual([]);
  });

  it('a backend imports neither the TUI nor a command', async () => {
    const tui = await problems("import { runTui } from '../../tui/run.js';\nexport const x = runTui;\n", 'src/backends/mn/x.ts');
    expect(tui).toEqual([expect.stringMatching(/no-restricted-imports: .*knows nothing of the TUI/)]);
    const cmd = await problems("import type { X } from '../../../commands/job/list.js';\nexport type Y = X;\n", 'src/backends/mn/x.ts');
    expect(cmd).toEqual([expect.stringMatching(/no-restricted-imports/)]);
  });

  it('a command reaches src through src/app', async () => {
    expect(await problems("import { usageError } from '../../src/errors.js';\nexport const x = usageError;\n", 'commands/job/x.ts')).toEqual([
      expect.stringMatching(/no-restricted-imports: .*through src\/app/),
    ]);
    expect(await problems("import { usageError } from '../../src/app/reexports.js';\nexport const x = usageError;\n", 'commands/job/x.ts')).toEqual([]);
  });

  it('hooks follow the rules of hooks in .tsx, and a disable comment that disables nothing is an error', async () => {
    const hooks = await problems("import { useState } from 'react';\nexport function C({ a }: { a: boolean }) {\n  if (a) useState(0);\n  return null;\n}\n", 'src/tui/x.tsx');
    expect(hooks).toEqual([expect.stringMatching(/react-hooks\/rules-of-hooks/)]);
    const stale = await problems('// eslint-disable-next-line no-console\nexport const x = 1;\n', 'src/x.ts');
    expect(stale).toEqual([expect.stringMatching(/Unused eslint-disable directive/)]);
  });

  it('every disable comment says why (`-- reason`)', () => {
    const bare: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (/\.(ts|tsx|mjs|cjs|js)$/.test(e.name)) {
          readFileSync(join(root, rel), 'utf8').split('\n').forEach((line, i) => {
            if (/^\s*(\/\/|\/\*)\s*eslint-disable/.test(line) && !/ -- \S/.test(line)) bare.push(`${rel}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    for (const dir of ['src', 'commands', 'test', 'bin']) walk(dir);
    expect(bare).toEqual([]);
  });
});
