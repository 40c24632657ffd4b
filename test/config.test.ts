import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config/load.js';
import { RULES } from '../src/registry.js';
import { cli } from './helpers.js';

function repoWith(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-config-'));
  writeFileSync(join(dir, 'docwarden.yml'), config);
  writeFileSync(join(dir, 'README.md'), '# Title\n');
  return dir;
}

async function configError(config: string): Promise<string> {
  const dir = repoWith(config);
  const r = await cli([], dir);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr;
}

describe('configuration errors name the file, line and what is allowed (exit 2)', () => {
  it('unknown top-level key', async () => {
    const err = await configError('docs: ["**/*.md"]\nignroe: ["x/**"]\n');
    expect(err).toContain('docwarden.yml:2:1');
    expect(err).toContain('unknown key "ignroe"');
    expect(err).toMatch(/allowed: docs, ignore, now/);
  });

  it('unknown rule', async () => {
    const err = await configError('rules:\n  link: error\n');
    expect(err).toContain('docwarden.yml:2:3');
    expect(err).toContain('unknown rule "link"');
    expect(err).toContain('links');
  });

  it('unknown rule option', async () => {
    const err = await configError('rules:\n  links:\n    level: error\n    code_paths: false\n');
    expect(err).toContain('docwarden.yml:4:5');
    expect(err).toContain('unknown key "code_paths" in rules.links');
    expect(err).toContain('code-paths');
  });

  it('wrong type', async () => {
    const err = await configError('rules:\n  links:\n    code-paths: "yes"\n');
    expect(err).toContain('docwarden.yml:3:17');
    expect(err).toContain('rules.links.code-paths must be boolean, not string');
  });

  it('bad level, bare and in an object', async () => {
    const bare = await configError('rules:\n  links: warn\n');
    expect(bare).toContain('docwarden.yml:2:10');
    expect(bare).toContain('"warn" is not allowed for the level of rule "links"; allowed: error, warning, note, off');
    const nested = await configError('rules:\n  links:\n    level: fatal\n');
    expect(nested).toContain('docwarden.yml:3:12');
    expect(nested).toContain('allowed: error, warning, note, off');
  });

  it('bad now', async () => {
    const err = await configError('now: yesterday\n');
    expect(err).toContain('docwarden.yml:1:6');
    expect(err).toContain('commit');
  });

  it('bad regular expression', async () => {
    const err = await configError('rules:\n  pattern:\n    guards:\n      - id: todo\n        files: ["**/*.md"]\n        pattern: "TODO("\n');
    expect(err).toContain('docwarden.yml:6:18');
    expect(err).toContain('rules.pattern.guards[0].pattern is not a usable regular expression');
    expect(err).toContain('Unterminated group');
  });

  it('invalid YAML', async () => {
    const err = await configError('rules:\n  links: [error\n');
    expect(err).toMatch(/docwarden\.yml:\d+:\d+: invalid YAML/);
  });

  it('unreadable configuration file', async () => {
    const dir = repoWith('rules: {}\n');
    const r = await cli(['--config', 'nope.yml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yml: cannot read the configuration file: no such file');
    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, 'docwarden.yml'), 0o000);
      const r2 = await cli([], dir);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain('permission denied');
    }
    mkdirSync(join(dir, 'cfgdir'));
    const r3 = await cli(['--config', 'cfgdir'], dir);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('cfgdir: is a folder');
  });

  it('a mapping is required', () => {
    expect(() => parseConfig('- a\n- b\n', 'docwarden.yml', RULES)).toThrow(ConfigError);
  });
});

describe('configuration that is valid', () => {
  it('bare levels keep default options; objects without level turn the rule on', () => {
    const c = parseConfig('rules:\n  links: warning\n', 'docwarden.yml', RULES);
    expect(c.rules.links).toEqual({ level: 'warning', options: {} });
    const d = parseConfig('rules:\n  links:\n    code-paths: false\n', 'docwarden.yml', RULES);
    expect(d.rules.links).toMatchObject({ level: 'error', options: { 'code-paths': false } });
  });

  it('--print-config shows the resolved configuration with defaults', async () => {
    const dir = repoWith('rules:\n  links: warning\n');
    const r = await cli(['--print-config'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('links:');
    expect(r.stdout).toContain('level: warning');
    expect(r.stdout).toContain('sites: true');
  });
});

describe('a configuration that would check nothing (issue 15)', () => {
  it('docs of only negations, or none, is an error at the docs key: the gate must not pass silently', () => {
    for (const text of ['docs: ["!**"]\n', 'docs: []\n', 'docs:\n  - "!drafts/**"\n']) {
      let error: unknown;
      try {
        parseConfig(text, 'docwarden.yml', RULES);
      } catch (err) {
        error = err;
      }
      expect(error, text).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/^docs lists no pattern that selects a file/);
      expect([(error as ConfigError).file, (error as ConfigError).line]).toEqual(['docwarden.yml', text.startsWith('docs:\n') ? 2 : 1]);
    }
    expect(() => parseConfig('docs: ["**/*.md", "!drafts/**"]\n', 'docwarden.yml', RULES)).not.toThrow();
  });
});
