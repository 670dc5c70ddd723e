/**
 * `meshscope mesh selftest`: the SKILL.md agent self-test scores 10/10 on the mock, and each
 * purpose-built scenario (fixtures/selftest/) that breaks a property drops the score and the
 * exit code. Checks 5, 6 and 7 cannot be broken through the mock's scenario keys; they are broken
 * against a purpose-built server in test/unit/mesh-validate.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

const fixture = (f: string) => join(ROOT, 'fixtures', 'selftest', f);

describe('mesh selftest', () => {
  it('the mock scores 10/10: exit 0, every check listed, the score line', async () => {
    const r = await runCli(['mesh', 'selftest', '--mock']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^# +GROUP +CHECK +RESULT +DETAIL$/);
    expect(lines.filter((l) => /^\d+ +.* pass +/.test(l))).toHaveLength(10);
    expect(lines[lines.length - 1]).toBe('score: 10/10 (full competence); schema https://monarch.meta.com/schemas/v1/node_payload');
    expect(r.stderr).toBe('');
  });

  it('-o json: {timestamp, score, failing_checks[], server_version} and the checks', async () => {
    const r = await runCli(['mesh', 'selftest', '--mock', '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 4)).toEqual(['timestamp', 'score', 'failing_checks', 'server_version']);
    expect(new Date(j.timestamp).toISOString()).toBe(j.timestamp);
    expect(j).toMatchObject({ score: 10, failing_checks: [], server_version: 'https://monarch.meta.com/schemas/v1/node_payload', max_score: 10 });
    expect(j.checks.map((c: { id: number; passed: boolean }) => [c.id, c.passed])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => [id, true]));
  });

  const broken: Array<[string, number[]]> = [
    ['break-1-schema.yaml', [1, 6, 7]],
    ['break-1-schema-id.yaml', [1]],
    ['break-3-empty-root.yaml', [3, 4, 5, 7]],
    ['break-5-orphan.yaml', [5]],
    ['break-6-root-schema.yaml', [6]],
    ['break-7-child-schema.yaml', [7]],
    ['break-2-error-schema.yaml', [2]],
    ['break-3-root.yaml', [3, 4, 5, 6, 7]],
    ['break-4-child.yaml', [4, 5, 7]],
    ['break-8-error-body.yaml', [8, 9]],
    ['break-9-error-code.yaml', [9]],
    ['break-10-leak.yaml', [10]],
  ];
  for (const [file, failing] of broken) {
    it(`${file}: the score drops to ${10 - failing.length} and the exit code is 1`, async () => {
      const r = await runCli(['mesh', 'selftest', '--mock', '--scenario', fixture(file), '-o', 'json']);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout);
      expect(j.failing_checks).toEqual(failing);
      expect(j.score).toBe(10 - failing.length);
    });
  }

  it('table form of a broken server: FAIL rows with the reason, the band', async () => {
    const r = await runCli(['mesh', 'selftest', '--mock', '--scenario', fixture('break-9-error-code.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n9 +error handling +error\.code is exactly "not_found" +FAIL +error\.code is "internal_error"\n/);
    expect(r.stdout).toMatch(/score: 9\/10 \(functional with gaps: review the failing checks\)/);
  });

  it('an unreachable server is exit 4, not a score', async () => {
    const r = await runCli(['mesh', 'selftest', '--addr', 'http://127.0.0.1:9']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('(connection_refused)');
  });
});
