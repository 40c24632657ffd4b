import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, FIXTURES, runFixture } from './helpers.js';
import { TempRepo } from './git-repo.js';
import { loadConfig } from '../src/config/load.js';
import { RULES } from '../src/registry.js';

const versionGuard = `rules:
  pattern:
    guards:
      - id: openapi-tag
        value: { file: api/openapi.yaml, path: info.version }
        equals: { latest-tag: "v*" }
`;

describe('pattern: relations across files', () => {
  let repo: TempRepo | null = null;
  afterEach(() => {
    if (repo) rmSync(repo.root, { recursive: true, force: true });
    repo = null;
  });

  it("compares a value with the highest version tag matching a glob, without the glob's prefix", async () => {
    repo = new TempRepo({ 'docwarden.yml': versionGuard, 'api/openapi.yaml': 'info:\n  version: 1.9.0\n' });
    repo.git('add', '-A');
    repo.commit('one');
    for (const tag of ['v1.9.0', 'v1.10.0', 'chart-9.0.0']) repo.git('tag', tag);
    const run = await cli(['--no-cache', '--format', 'json'], repo.root);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: { path: string } }[] }).findings;
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([['pattern/openapi-tag', '`1.9.0` should equal the latest tag matching v*, v1.10.0: `1.10.0` (guard openapi-tag)']]);
    expect(run.code).toBe(1);
    await cli(['--no-cache', '--fix'], repo.root);
    const after = await cli(['--no-cache'], repo.root);
    expect(after.code).toBe(0);
  });

  it('reports a tag glob that matches no tag at its place in the configuration', async () => {
    repo = new TempRepo({ 'docwarden.yml': versionGuard, 'api/openapi.yaml': 'info:\n  version: 1.9.0\n' });
    repo.git('add', '-A');
    repo.commit('one');
    const run = await cli(['--no-cache'], repo.root);
    expect(run.stdout).toContain('6:32-6:34  error  Guard openapi-tag: no git tag matches `v*`');
    expect(run.code).toBe(1);
  });

  it('points a missing counterpart at the set it was looked for in, and a `when` finding at its condition', async () => {
    const anyOf = await runFixture(join(FIXTURES, 'pattern/invalid-in-any-of'));
    const crud = anyOf.findings.find((f) => f.ruleId === 'pattern/crud-consumers')!;
    expect(crud.related.map((r) => `${r.path}:${r.range.start.line}`)).toEqual(['docwarden.yml:8']);
    const when = await runFixture(join(FIXTURES, 'pattern/invalid-when'));
    expect(when.findings.map((f) => f.related.map((r) => `${r.path}:${r.range.start.line}:${r.range.start.column}`))).toEqual([
      ['deploy/docker-compose.test.yml:4:7'],
      ['deploy/docker-compose.test.yml:4:7'],
    ]);
  });
});

describe('docs/examples/certctl-ci-guards.yml', () => {
  it('is a valid configuration: every guard, claim and inventory loads against the schema', () => {
    const path = join(FIXTURES, '..', 'docs', 'examples', 'certctl-ci-guards.yml');
    const config = loadConfig(path, 'docs/examples/certctl-ci-guards.yml', RULES);
    const guards = (config.rules.pattern.options as { guards: { id: string }[] }).guards;
    expect(guards.length).toBeGreaterThan(60);
    expect(new Set(guards.map((g) => g.id)).size).toBe(guards.length);
  });
});
