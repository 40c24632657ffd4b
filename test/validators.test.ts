import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validatorFiles } from '../scripts/write-schema.js';
import { userRegexProblem } from '../src/config/regex.js';
import { buildConfigSchema } from '../src/config/schema.js';
import { AJV_OPTIONS, configErrors, defaultsFiller, defaultsSchema, generatesConfig, generatesDefaults, regexKeyword, BUNDLED_VALIDATORS_DIR, VALIDATORS_DIR } from '../src/config/validators.js';
import type { RuleModule } from '../src/engine/rule.js';
import { RULES } from '../src/registry.js';
import { REPO } from './helpers.js';

/** ajv compiling at run time, as docwarden did before the validators were generated. */
function compiled(schema: object) {
  const ajv = new Ajv({ ...AJV_OPTIONS });
  ajv.addKeyword(regexKeyword(userRegexProblem));
  return ajv.compile(schema);
}

const CONFIGS: Record<string, unknown> = {
  'the certctl example': parse(readFileSync(join(REPO, 'docs', 'examples', 'certctl-ci-guards.yml'), 'utf8')) as unknown,
  'a level': { rules: { links: 'warning' } },
  'an unknown key': { docs: ['**/*.md'], ignroe: ['x/**'] },
  'an unknown rule option': { rules: { links: { level: 'error', code_paths: false } } },
  'a pattern that cannot run': { rules: { pattern: { guards: [{ id: 'g', files: '*.md', pattern: 'a(?=b)c' }] } } },
  'named instances, one malformed': { rules: { 'env-docs': [{ id: 'server' }, { id: 'Bad Id', sources: 3 }] } },
  'a wrong type deep down': { rules: { counts: { claims: [{ id: 'x', doc: 'README.md', pattern: 'n', 'at-most': 'many' }] } } },
  // Checked by the generated parts (config-base.cjs, config-rule-<id>.cjs) when valid, by the whole validator when not.
  'every rule at a level': { rules: Object.fromEntries(RULES.map((r, i) => [r.id, ['error', 'warning', 'note', 'off'][i % 4]])) },
  'a level that is none': { rules: { links: 'fatal' } },
  'an unknown rule': { rules: { linx: 'error' } },
  'rules that are not a map': { rules: ['links'] },
  'options beside a top-level default': { 'max-file-size': 1000, rules: { links: { level: 'warning', 'code-paths': false }, 'docs-index': 'off' } },
};

describe('generated validators (schema/validators/)', () => {
  it('are up to date (npm run schema)', () => {
    const expected = validatorFiles(RULES);
    expect(readdirSync(VALIDATORS_DIR).sort()).toEqual(Object.keys(expected).sort());
    const stale = Object.entries(expected).filter(([name, text]) => readFileSync(join(VALIDATORS_DIR, name), 'utf8') !== text);
    expect(
      stale.map(([name]) => name),
      'schema/validators/ is stale: run npm run schema',
    ).toEqual([]);
  });

  it('beside the bundles are the same as in schema/ (npm run bundle)', () => {
    const bundled = join(REPO, 'dist-action', BUNDLED_VALIDATORS_DIR);
    expect(readdirSync(bundled).sort()).toEqual(readdirSync(VALIDATORS_DIR).sort());
    for (const name of readdirSync(VALIDATORS_DIR)) expect(readFileSync(join(bundled, name), 'utf8') === readFileSync(join(VALIDATORS_DIR, name), 'utf8'), name).toBe(true);
  });

  it('serve the shipped rules, so a run compiles nothing', () => {
    expect(generatesConfig(buildConfigSchema(RULES))).toBe(true);
    for (const rule of RULES) expect(generatesDefaults(rule), rule.id).toBe(true);
  });

  it('give the errors and the defaults that ajv compiling at run time gives', () => {
    const schema = buildConfigSchema(RULES);
    const atRunTime = compiled(schema);
    for (const [name, config] of Object.entries(CONFIGS)) {
      const mine = structuredClone(config) as object;
      const theirs = structuredClone(config) as object;
      const valid = atRunTime(theirs);
      expect(configErrors(schema, mine), name).toEqual(valid ? [] : atRunTime.errors);
      expect(mine, name).toEqual(theirs);
    }
  });

  it('fill in the same option defaults as ajv compiling at run time', () => {
    for (const rule of RULES) {
      const mine: Record<string, unknown> = {};
      const theirs: Record<string, unknown> = {};
      defaultsFiller(rule)(mine);
      compiled(defaultsSchema(rule))(theirs);
      expect(mine, rule.id).toEqual(theirs);
    }
  });

  it('a rule the generated module does not know is compiled at run time', () => {
    const probe = { id: 'links', optionsSchema: { depth: { type: 'integer', default: 3 } } } as unknown as RuleModule<never>;
    const filled: Record<string, unknown> = {};
    expect(generatesDefaults(probe)).toBe(false);
    defaultsFiller(probe)(filled);
    expect(filled).toEqual({ depth: 3 });
  });
});
