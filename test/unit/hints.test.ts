/** Every command a hint or message names (`meshscope NOUN VERB`) exists in the command tree. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOUNS, ROOT_VERBS } from '../../commands/index.js';
import { ROOT, runCli } from '../helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

async function verbsOf(noun: string): Promise<Set<string>> {
  const help = await runCli([noun, '--help']);
  const section = help.stdout.split(/^Commands:$/m)[1] ?? '';
  return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]));
}

describe('commands named in hints', () => {
  it('every `meshscope NOUN [VERB]` quoted in src/ and commands/ exists', async () => {
    const named = new Map<string, string>();
    for (const f of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'commands'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/`meshscope ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) named.set(`${m[1]} ${m[2] ?? ''}`.trim(), f);
    }
    expect(named.size).toBeGreaterThan(20);
    const bad: string[] = [];
    const verbs = new Map<string, Set<string>>();
    for (const [cmd, file] of named) {
      const [noun, verb] = cmd.split(' ');
      const spec = NOUNS.find((n) => n.name === noun || (n.aliases ?? []).includes(noun));
      if (!spec) {
        if (noun !== 'help' && !ROOT_VERBS.some((v) => v.name === noun)) bad.push(`${cmd} (${file})`);
        continue;
      }
      if (!verb) continue;
      if (!verbs.has(spec.name)) verbs.set(spec.name, await verbsOf(spec.name));
      if (!verbs.get(spec.name)!.has(verb)) bad.push(`${cmd} (${file})`);
    }
    expect(bad).toEqual([]);
  }, 60_000);

  it('every noun that answers "not found" says where to look', () => {
    const without = NOUNS.filter((n) => !n.notFoundHint).map((n) => n.name);
    // these nouns name nothing a server could fail to find
    expect(without.sort()).toEqual(['astro', 'bundle', 'mock', 'resource', 'runtime']);
  });
});
