import { Ajv } from 'ajv';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfigSchema } from '../src/config/schema.js';
import { PHASE_CHECKS, RULES } from '../src/registry.js';
import { CLI_OPTIONS, helpText } from '../src/cli.js';
import { FIXTURES, REPO, runFixture } from './helpers.js';

/**
 * Message ids no fixture produces yet, each with why: the list must stay exact, so a new message without a
 * fixture fails, and so does an entry here once a fixture produces it.
 */
const NO_FIXTURE_YET: Record<string, string> = {
  'baseline/stale': 'fixtures run without a baseline; test/baseline.test.ts and test/engine-phases.test.ts produce it',
  'last-reviewed/linkedCode': 'needs git history, which fixtures do not carry; test/last-reviewed.test.ts produces it',
  'links/symlinkOutside': 'a symbolic link out of the tree cannot be committed as a fixture; test/security.test.ts produces it',
};

/** The lines of every expected.txt under fixtures/<rule>/. */
function expectedLines(ruleId: string): string[] {
  const dir = join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((c) => {
    const file = join(dir, c, 'expected.txt');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  });
}

/** A message template as a pattern: the literal parts in order, any text for each `{placeholder}`. */
function templatePattern(template: string): RegExp {
  return new RegExp(
    template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*?'),
  );
}

/** The text of a page's `## name` section, up to the next `## ` heading. */
function section(page: string, name: string): string {
  const start = page.indexOf(`\n## ${name}\n`);
  if (start < 0) return '';
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** Adding a rule touches its module, its doc page, its fixtures and one registry line; a test fails if any is missing. */
describe('every rule is complete', () => {
  const ruleFiles = readdirSync(join(REPO, 'rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

  it('the registry lists every module in rules/ and the phase checks, sorted by id', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.filter((id) => !PHASE_CHECKS.some((c) => c.id === id))).toEqual(ruleFiles);
  });

  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a doc page with the required sections', () => {
        const page = join(REPO, 'docs', 'rules', `${rule.id}.md`);
        expect(existsSync(page), `docs/rules/${rule.id}.md`).toBe(true);
        const text = readFileSync(page, 'utf8');
        expect(text.startsWith(`# ${rule.id}\n`)).toBe(true);
        for (const heading of ['## Why', '## Examples', '## Options', '## When not to use it']) {
          expect(text, `${rule.id}.md needs "${heading}"`).toContain(`\n${heading}`);
        }
      });

      it('is in the README rules table', () => {
        expect(readme).toContain(`[\`${rule.id}\`](docs/rules/${rule.id}.md)`);
      });

      it('has fixture cases, valid and invalid', () => {
        // A phase check's findings come from the engine, not a check over a fixture's facts.
        if (PHASE_CHECKS.includes(rule)) return;
        const dir = join(FIXTURES, rule.id);
        expect(existsSync(dir), `fixtures/${rule.id}/`).toBe(true);
        const cases = readdirSync(dir);
        expect(cases.some((c) => c.startsWith('valid'))).toBe(true);
        expect(cases.some((c) => !c.startsWith('valid'))).toBe(true);
      });

      it('documents every option on its page', () => {
        const options = section(readFileSync(join(REPO, 'docs', 'rules', `${rule.id}.md`), 'utf8'), 'Options');
        for (const name of Object.keys(rule.optionsSchema)) expect(options, `${rule.id}.md ## Options needs \`${name}\``).toContain(`\`${name}\``);
      });

      it('every message id is produced by a fixture', () => {
        const lines = expectedLines(rule.id);
        const unproduced = Object.entries(rule.messages)
          .filter(([, template]) => !lines.some((l) => templatePattern(template).test(l)))
          .map(([id]) => `${rule.id}/${id}`);
        expect(unproduced).toEqual(Object.keys(NO_FIXTURE_YET).filter((k) => k.startsWith(`${rule.id}/`)));
      });

      it('messages have ids and placeholders only of the form {name}', () => {
        for (const [id, template] of Object.entries(rule.messages)) {
          expect(id).toMatch(/^[a-z][A-Za-z]*$/);
          expect(template.length).toBeGreaterThan(0);
        }
      });
    });
  }

  it('the configuration schema is a valid JSON Schema (docwarden skips this check at run time)', () => {
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'regex', type: 'string' });
    expect(ajv.validateSchema(buildConfigSchema(RULES) as object), ajv.errorsText(ajv.errors)).toBe(true);
    for (const rule of RULES) expect(ajv.validateSchema({ type: 'object', properties: rule.optionsSchema } as object), rule.id).toBe(true);
  });

  it('the shipped JSON Schema is up to date (npm run schema)', () => {
    const shipped = JSON.parse(readFileSync(join(REPO, 'schema', 'docwarden.schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(JSON.parse(JSON.stringify(buildConfigSchema(RULES))));
  });
});

describe('the command line is documented', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const help = helpText();
  for (const option of CLI_OPTIONS) {
    it(`--${option.name} is in --help and in the README`, () => {
      expect(help).toContain(`--${option.name}`);
      if (option.short) expect(help).toContain(`-${option.short}, --${option.name}`);
      expect(readme).toContain(`--${option.name}`);
    });
  }

  it('--help lists each option once, and every format', () => {
    for (const option of CLI_OPTIONS) expect(help.split(`--${option.name} `).length + help.split(`--${option.name}\n`).length - 2, option.name).toBeLessThanOrEqual(1);
    expect(help).toContain('text | json | sarif | github | codeclimate | junit');
  });
});

/** The files of a fixture case, repository-relative, without its own configuration and expectations. */
function caseFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) return caseFiles(dir, rel);
    return ['docwarden.yml', 'expected.txt', 'case.json'].includes(rel) ? [] : [rel];
  });
}

/**
 * Findings known to vanish under --changed when the file they name changes: rule bugs found by the test
 * below, to be fixed in the rules (kept exact, so a fix must remove its entry and a new loss fails).
 */
const LOST_UNDER_CHANGED: Record<string, string[]> = {};

/** What a message says is wrong: the part before its first `; `, which says what would be right (a did-you-mean names a file the finding does not depend on). */
function problemPart(message: string): string {
  const i = message.indexOf('; ');
  return i < 0 ? message : message.slice(0, i);
}

/**
 * `--changed` keeps a finding when a file it is about changed: a finding whose message names another file
 * of its fixture (a link target, a table's doc, a counted folder's file) must survive a change of only the
 * files named so, which works only when the rule reports them as `dependsOn` or related locations.
 */
describe('findings survive --changed when the files they name change', () => {
  const cases = readdirSync(FIXTURES)
    .filter((rule) => rule !== 'demo' && statSync(join(FIXTURES, rule)).isDirectory())
    .flatMap((rule) => readdirSync(join(FIXTURES, rule)).map((c) => join(FIXTURES, rule, c)))
    .filter((dir) => existsSync(join(dir, 'expected.txt')));
  for (const dir of cases) {
    const files = caseFiles(dir);
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
    const locatedIn = new Set(expected.map((l) => l.slice(0, l.indexOf(':'))));
    // A file no finding is located in, named in some finding's message.
    const named = files.filter((f) => !locatedIn.has(f) && expected.some((l) => problemPart(l).includes(`\`${f}\``)));
    if (named.length === 0) continue;
    it(dir.slice(FIXTURES.length + 1), async () => {
      const optionsFile = join(dir, 'case.json');
      const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as { now?: string; reportPaths?: string[] }) : {};
      const all = await runFixture(dir, options);
      const changed = await runFixture(dir, { ...options, changedFiles: named });
      const kept = new Set(changed.findings.map((f) => f.fingerprint));
      const lost = all.findings.filter((f) => named.some((n) => problemPart(f.message).includes(`\`${n}\``)) && !kept.has(f.fingerprint));
      expect(lost.map((f) => `${f.location.path}:${f.location.range.start.line} ${f.message}`)).toEqual(LOST_UNDER_CHANGED[dir.slice(FIXTURES.length + 1)] ?? []);
    });
  }
});
