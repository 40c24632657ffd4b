/** Named instances: any rule given as a list of `{ id, … }` runs once per instance and publishes `rule/<id>`. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/load.js';
import { RULES } from '../src/registry.js';
import { cli, FIXTURES, runFixture } from './helpers.js';

const FIXTURE = join(FIXTURES, 'env-docs', 'invalid-named-instances');

function copyWith(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-instances-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'docwarden.yml'), config);
  return dir;
}

function configProblem(text: string): string {
  try {
    parseConfig(text, 'docwarden.yml', RULES);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).format();
  }
  throw new Error('the configuration was accepted');
}

describe('named instances', () => {
  it('each instance runs with its own options and level, and its findings are rule/<id>', async () => {
    const result = await runFixture(FIXTURE);
    const byRule = result.findings.map((f) => `${f.ruleId} ${f.level} ${f.location.path}`);
    expect(byRule).toEqual([
      'env-docs/agent warning agent/main.go',
      'env-docs/agent warning docs/agent.md',
      'env-docs/server error docs/server.md',
      'env-docs/agent warning docwarden.yml',
      'env-docs/server error server/main.go',
    ]);
    // The unused allowlist entry is found inside its instance's entry (line 19), not at the rule's key.
    expect(result.findings.find((f) => f.location.path === 'docwarden.yml')?.location.range.start.line).toBe(19);
    expect(result.rules.map((r) => r.id).filter((id) => id.startsWith('env-docs'))).toEqual(['env-docs', 'env-docs/agent', 'env-docs/server']);
    expect(result.rules.find((r) => r.id === 'env-docs/agent')?.defaultLevel).toBe('warning');
  });

  it('an instance that is off does not run; --rule turns it on like an off rule', async () => {
    const text = readFileSync(join(FIXTURE, 'docwarden.yml'), 'utf8').replace('      level: warning\n', '      level: off\n');
    const dir = copyWith(text);
    const off = await cli(['--format', 'json'], dir);
    const ids = (JSON.parse(off.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(new Set(ids)).toEqual(new Set(['env-docs/server']));
    const forced = await cli(['--format', 'json', '--rule', 'env-docs'], dir);
    const forcedIds = (JSON.parse(forced.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(new Set(forcedIds)).toEqual(new Set(['env-docs/server', 'env-docs/agent']));
  });

  it('a directive names one instance, and SARIF lists each instance as a rule', async () => {
    const dir = copyWith(readFileSync(join(FIXTURE, 'docwarden.yml'), 'utf8'));
    writeFileSync(join(dir, 'docs', 'server.md'), '# Server\n\n<!-- docwarden-disable-next-line env-docs/server -- removed next release -->\nSet `SRV_PORT`. `SRV_GONE` was removed.\n');
    const r = await cli(['--format', 'sarif'], dir);
    const run = (JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; suppressions?: unknown[] }[] }[] }).runs[0];
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(expect.arrayContaining(['env-docs/server', 'env-docs/agent']));
    expect(run.results.filter((x) => x.ruleId === 'env-docs/server' && !x.suppressions?.length)).toHaveLength(1);
  });

  it('--print-config shows each instance with its defaults', async () => {
    const r = await cli(['--print-config'], FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/env-docs:\n\s+- id: server\n\s+level: error\n/);
    expect(r.stdout).toMatch(/- id: agent\n\s+level: warning\n/);
  });

  it('configuration errors name the instance and its line', () => {
    const base = "rules:\n  env-docs:\n    - id: a\n      names: 'A_.*'\n      code: [{ files: ['*.go'], reader: go }]\n";
    expect(configProblem(`${base}    - id: a\n      names: 'B_.*'\n      code: [{ files: ['*.go'], reader: go }]\n`)).toBe(
      'docwarden.yml:6:11: rules.env-docs[1] has the id "a" of rules.env-docs[0]; give each instance its own id',
    );
    expect(configProblem("rules:\n  env-docs:\n    - names: 'A_.*'\n      code: [{ files: ['*.go'], reader: go }]\n")).toBe('docwarden.yml:3:7: rules.env-docs[0] is missing the required key "id"');
    expect(configProblem(base.replace('id: a', 'id: Server One'))).toMatch(/^docwarden\.yml:3:11: "Server One" is not valid for rules\.env-docs\[0\]\.id: lower-case letters/);
    expect(configProblem('rules:\n  links: []\n')).toBe('docwarden.yml:2:10: rules.links must NOT have fewer than 1 items');
    expect(configProblem(base.replace("names: 'A_.*'", "names: 'A_.*'\n      colde: x"))).toMatch(/unknown key "colde" in rules\.env-docs\[0\]; allowed: id, level, /);
  });
});
