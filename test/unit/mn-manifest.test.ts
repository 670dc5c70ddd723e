import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, manifestIssues, parseManifest, readPayloads } from '../../src/backends/mn/manifest.js';
import { MeshError } from '../../src/errors.js';
import { ROOT, tmp } from '../helpers.js';

const fixture = (name: string) => join(ROOT, 'fixtures', 'manifests', name);

function issuesOf(fn: () => unknown): Array<{ path: string; message: string; line?: number; help?: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    const err = e as MeshError;
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('manifest_invalid');
    return err.details as Array<{ path: string; message: string; line?: number }>;
  }
  throw new Error('expected the manifest to be rejected');
}

function good(): Record<string, unknown> {
  return loadManifest(fixture('good.yaml')).manifest;
}

describe('mn.workflow/v1 manifest validation', () => {
  it('accepts the sample manifests (v1 YAML and JSON, legacy JSON)', () => {
    expect(loadManifest(fixture('good.yaml')).format).toBe('mn.workflow/v1');
    expect(loadManifest(fixture('failing.json')).format).toBe('mn.workflow/v1');
    expect(loadManifest(fixture('needs-model.yaml')).format).toBe('mn.workflow/v1');
    const legacy = loadManifest(fixture('legacy.json'));
    expect(legacy.format).toBe('legacy');
    expect(JSON.parse(legacy.json).graph_id).toBe('legacy_pipeline');
  });

  it('names every broken field of the invalid sample with its line', () => {
    const issues = issuesOf(() => loadManifest(fixture('invalid.yaml')));
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['workflow.sink'].message).toMatch(/required/);
    expect(byPath['workflow.steps[1].control.retry.max_attempts'].message).toMatch(/at least 1/);
    expect(byPath['workflow.edges[0].to'].message).toMatch(/"finsh"/);
    expect(byPath['workflow.edges[0].to'].line).toBe(24);
    expect(byPath['workflow.steps[1].control.retry.max_attempts'].line).toBe(22);
  });

  it('requires the v1 identity fields and refuses the retired top-level keys', () => {
    const m = good();
    delete m.apiVersion;
    m.kind = 'Pipeline';
    const paths = manifestIssues(m).issues.map((i) => i.path);
    expect(paths).toContain('apiVersion');
    expect(paths).toContain('kind');
    const m2 = { ...good(), graph_id: 'old', nodes: [] };
    const issues = manifestIssues(m2).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['graph_id', 'nodes']);
    expect(issues.every((i) => /not allowed/.test(i.message) && i.help)).toBe(true);
  });

  it('checks the graph: unknown steps, duplicates, unreachable steps, bindings, agent edges', () => {
    const m = good() as { workflow: { steps: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>>; entrypoint: string }; runtime: { bindings: Record<string, unknown> }; agents: { edges: Array<Record<string, unknown>> } };
    m.workflow.entrypoint = 'nowhere';
    m.workflow.steps.push({ id: 'orphan' }, { id: 'intake' });
    m.runtime.bindings.ghost = {};
    m.agents.edges.push({ edge_id: 'x', from_node: 'writer', to_node: 'nobody' });
    const paths = manifestIssues(m).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['workflow.entrypoint', 'workflow.steps[5]', 'workflow.steps[6].id', 'runtime.bindings.ghost', 'agents.edges[6].to_node']));
  });

  it('skips reachability when the edges themselves are broken', () => {
    const m = good() as { workflow: { edges: Array<Record<string, unknown>>; steps: Array<Record<string, unknown>> } };
    m.workflow.edges = [{ id: 'bad', from: 'intake', to: 'missing' }];
    const paths = manifestIssues(m).issues.map((i) => i.path);
    expect(paths).toContain('workflow.edges[0].to');
    expect(paths.some((p) => /^workflow\.steps\[\d+\]$/.test(p))).toBe(false);
  });

  it('reports syntax errors with the line, and unreadable files with a hint', () => {
    const dir = tmp('mn-manifest');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: mn.workflow/v1\nkind: [unclosed\n');
    expect(() => loadManifest(bad)).toThrow(/bad\.yaml:\d+: not valid YAML/);
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{"apiVersion": ');
    expect(() => loadManifest(badJson)).toThrow(/not valid JSON/);
    try {
      loadManifest(join(dir, 'missing.yaml'));
      expect.unreachable();
    } catch (e) {
      expect((e as MeshError).exitCode).toBe(2);
      expect((e as MeshError).message).toMatch(/no such file/);
    }
    expect(() => parseManifest('[1, 2]', 'list.yaml')).toThrow(/must be an object/);
  });

  it('turns YAML into the JSON the gateway receives', () => {
    const loaded = parseManifest(readFileSync(fixture('good.yaml'), 'utf8'), 'good.yaml');
    expect(JSON.parse(loaded.json).workflow.workflow_id).toBe('research_brief_v1');
  });

  it('reads --payload NAME=FILE as UTF-8 text and refuses binary or malformed specs', () => {
    const dir = tmp('mn-payload');
    writeFileSync(join(dir, 'a.txt'), 'héllo');
    writeFileSync(join(dir, 'b.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    expect(readPayloads([`a.txt=${join(dir, 'a.txt')}`])).toEqual({ 'a.txt': 'héllo' });
    expect(() => readPayloads([`b=${join(dir, 'b.bin')}`])).toThrow(/not UTF-8/);
    expect(() => readPayloads(['noequals'])).toThrow(/invalid --payload-file "noequals"/);
    expect(() => readPayloads([`a=${join(dir, 'nope')}`])).toThrow(/cannot read payload a/);
  });
});
