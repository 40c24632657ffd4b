import { Ajv } from 'ajv';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfigSchema } from '../src/config/schema.js';
import { PHASE_CHECKS, RULES } from '../rules/index.js';
import { FIXTURES, REPO } from './helpers.js';

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
        if (rule.engine) return;
        const dir = join(FIXTURES, rule.id);
        expect(existsSync(dir), `fixtures/${rule.id}/`).toBe(true);
        const cases = readdirSync(dir);
        expect(cases.some((c) => c.startsWith('valid'))).toBe(true);
        expect(cases.some((c) => !c.startsWith('valid'))).toBe(true);
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
