import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, CodeKeywordDefinition, ErrorObject, KeywordCxt, Name, ValidateFunction } from 'ajv';
import ucs2lengthExport from 'ajv/dist/runtime/ucs2length.js';
import type { JsonSchema, RuleModule } from '../engine/rule.js';
import { packageRoot } from '../version.js';
import { userRegexProblem } from './regex.js';

/**
 * The validators of `docwarden.yml` and of each rule's option defaults. Compiling them with ajv cost a warm run
 * tens of milliseconds per rule and a large configuration (86 pattern guards) over half a second, so `npm run
 * schema` compiles them once into schema/validators/ (ajv's standalone code, one file per validator; a test fails
 * when they are stale). A run reads a generated validator the first time it needs it, when its schema is the one it
 * was generated from (same fingerprint), and compiles with ajv only for other rule sets (tests' probe rules, a rule
 * scaffolded before `npm run schema`).
 */

/** Where `npm run schema` writes the generated validators (in the repository and the npm package). */
export const VALIDATORS_DIR = join(packageRoot(), 'schema', 'validators');
/** The copy of them beside each bundle in dist-action/ (`npm run bundle`), so that a bundle needs nothing else. */
export const BUNDLED_VALIDATORS_DIR = 'validators';

/** The folder a run reads the validators from: beside the bundle when there is a copy, else the package's. */
function validatorsDir(): string {
  const beside = fileURLToPath(new URL(`./${BUNDLED_VALIDATORS_DIR}/`, import.meta.url));
  return existsSync(join(beside, FINGERPRINTS_FILE)) ? beside : VALIDATORS_DIR;
}
/** The configuration schema's validator, in VALIDATORS_DIR. */
export const CONFIG_VALIDATOR = 'config.cjs';
/** The fingerprint of the schema each generated validator was made from, by file name. */
export const FINGERPRINTS_FILE = 'fingerprints.json';

/** The configuration schema without its rules' entries, in VALIDATORS_DIR: with the named rules' entry validators, what a valid configuration is checked by. */
export const CONFIG_BASE_VALIDATOR = 'config-base.cjs';

/** The validator of one rule's entry under `rules:`, in VALIDATORS_DIR. */
export function configEntryValidatorFile(ruleId: string): string {
  return `config-rule-${ruleId}.cjs`;
}

/**
 * The configuration schema in parts: `base`, the schema with every rule's entry accepting anything, and each rule's
 * entry schema (with the shared definitions it refers to). A configuration is valid against the whole schema exactly
 * when it is valid against the base and each entry it has against its rule's part, and the parts fill in the same
 * defaults, so a run checks a valid configuration with the few parts it names instead of the whole (637 kB) validator.
 */
export function configSchemaParts(schema: JsonSchema): { base: JsonSchema; entries: Record<string, JsonSchema> } {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const rules = properties.rules ?? {};
  const ruleProps = (rules.properties ?? {}) as Record<string, JsonSchema>;
  const entries = Object.fromEntries(Object.entries(ruleProps).map(([id, entry]) => [id, { ...entry, definitions: schema.definitions }]));
  const anything = Object.fromEntries(Object.keys(ruleProps).map((id) => [id, true]));
  // Without the `$id`: one ajv instance generates every validator, and it takes an id once.
  const { $id: _id, ...whole } = schema;
  return { base: { ...whole, properties: { ...properties, rules: { ...rules, properties: anything } } }, entries };
}

/** A rule's defaults filler, in VALIDATORS_DIR. */
export function defaultsValidatorFile(ruleId: string): string {
  return `defaults-${ruleId}.cjs`;
}

/** The ajv options of every validator, generated or compiled at run time: the two must behave alike. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false, allowUnionTypes: true, validateSchema: false } as const;

/**
 * The `regex: true` keyword: the string must be a pattern docwarden can run (userRegexProblem), with the problem's
 * message and its offset in the pattern. A code keyword, so that ajv's standalone code can print it.
 */
export function regexKeyword(userRegexProblem: (source: string) => { message: string; offset?: number } | null): CodeKeywordDefinition {
  return {
    keyword: 'regex',
    type: 'string',
    code(cxt: KeywordCxt) {
      const { _ } = ajvCodegen();
      const check = cxt.gen.scopeValue('func', { ref: userRegexProblem, code: _`userRegexProblem` /* the name schema/validators.generated.ts imports it by */ });
      const problem = cxt.gen.const('problem', _`${check}(${cxt.data})`);
      cxt.setParams({ problem } as unknown as Record<string, Name>);
      cxt.fail(problem);
    },
    error: {
      message: (c) => ajvCodegen()._`${(c.params as { problem: Name }).problem}.message`,
      params: (c) => ajvCodegen()._`{offset: ${(c.params as { problem: Name }).problem}.offset}`,
    },
  };
}

/** The schema a rule's defaults filler validates: its options as the properties of an object. */
export function defaultsSchema(rule: RuleModule<never>): JsonSchema {
  return { type: 'object', properties: rule.optionsSchema };
}

/** A short fingerprint of a schema: the generated module records one per validator it holds. */
export function schemaFingerprint(schema: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

/**
 * The problems of a configuration against the configuration schema (none when it is valid; ajv fills in option
 * defaults as it goes). The generated validator when `schema` is the shipped one; otherwise compiled now, first for
 * the rules `data` names only (the whole schema was most of a warm run's configuration time), and when that finds a
 * problem, for the whole schema, for the same messages as ever.
 */
export function configErrors(schema: JsonSchema, data: object): ErrorObject[] {
  if (generatesConfig(schema)) {
    if (validByParts(schema, data)) return [];
    // A problem: the whole validator, for the messages as ever (defaults the parts filled in are filled in again alike).
    generatedConfig ??= instantiate(CONFIG_VALIDATOR);
    return generatedConfig(data) ? [] : (generatedConfig.errors ?? []);
  }
  if (compileConfig(namedRulesOnly(schema, data))(data)) return [];
  const whole = compileConfig(schema);
  return whole(data) ? [] : (whole.errors ?? []);
}
let generatedConfig: ValidateFunction | undefined;

/**
 * Whether `data` is valid by the generated parts of `schema` (configSchemaParts): the base and the entry of each rule
 * it names, a plain level checked without a validator. False when it is not, or when a part was not generated from
 * this schema.
 */
function validByParts(schema: JsonSchema, data: object): boolean {
  const { base, entries } = (schemaParts ??= configSchemaParts(schema));
  const named = (data as { rules?: unknown }).rules;
  const ruleEntries = named && typeof named === 'object' && !Array.isArray(named) ? Object.entries(named as Record<string, unknown>) : [];
  for (const [id, entry] of ruleEntries) {
    if (!Object.hasOwn(entries, id)) return false;
    if (isLevelOf(entries[id], entry)) continue;
    const validate = generatedPart(configEntryValidatorFile(id), entries[id]);
    if (!validate?.(entry)) return false;
  }
  return generatedPart(CONFIG_BASE_VALIDATOR, base)?.(data) ?? false;
}
let schemaParts: ReturnType<typeof configSchemaParts> | undefined;

/** A rule entry that is one of the levels its schema lists for a string (`if: {type: string}, then: {enum}`): valid, with nothing to fill in. */
function isLevelOf(entrySchema: JsonSchema, entry: unknown): boolean {
  if (typeof entry !== 'string') return false;
  const { if: ifSchema, then: thenSchema } = entrySchema as { if?: JsonSchema; then?: JsonSchema };
  const levels = thenSchema?.enum;
  return ifSchema?.type === 'string' && Object.keys(ifSchema).length === 1 && Object.keys(thenSchema ?? {}).length === 1 && Array.isArray(levels) && levels.includes(entry);
}

/** A generated part's validator when the file was made from `part`, else undefined. */
function generatedPart(file: string, part: JsonSchema): ValidateFunction | undefined {
  let validate = partValidators.get(file);
  if (validate === undefined && generatedFingerprints()[file] === schemaFingerprint(part)) partValidators.set(file, (validate = instantiate(file)));
  return validate;
}
const partValidators = new Map<string, ValidateFunction>();

/** Whether `schema` is the configuration schema the generated validator was made from. */
export function generatesConfig(schema: JsonSchema): boolean {
  return generatedFingerprints()[CONFIG_VALIDATOR] === schemaFingerprint(schema);
}

/** The fingerprints of the generated validators (none when the folder is missing: then everything is compiled). */
function generatedFingerprints(): Record<string, string | undefined> {
  if (!fingerprints) {
    dir = validatorsDir();
    const file = join(dir, FINGERPRINTS_FILE);
    fingerprints = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }
  return fingerprints;
}
let fingerprints: Record<string, string | undefined> | undefined;
let dir = VALIDATORS_DIR;

/** A configuration schema compiled by a fresh ajv (each carries the same `$id`, which one instance accepts once). */
function compileConfig(schema: JsonSchema): ValidateFunction {
  const ajv = new (ajvModule().Ajv)({ ...AJV_OPTIONS });
  ajv.addKeyword(regexKeyword(userRegexProblem));
  return ajv.compile(schema);
}

/** The configuration schema with only the rules `data` names (no rule entry sets a default, so no default is lost). */
function namedRulesOnly(schema: JsonSchema, data: object): JsonSchema {
  const named = (data as { rules?: unknown }).rules;
  const rulesSchema = (schema.properties as Record<string, JsonSchema> | undefined)?.rules;
  const ruleProps = rulesSchema?.properties as Record<string, JsonSchema> | undefined;
  if (!named || typeof named !== 'object' || Array.isArray(named) || !ruleProps) return schema;
  const kept = Object.fromEntries(
    Object.keys(named)
      .filter((id) => Object.hasOwn(ruleProps, id))
      .map((id) => [id, ruleProps[id]]),
  );
  return { ...schema, properties: { ...(schema.properties as Record<string, JsonSchema>), rules: { ...rulesSchema, properties: kept } } };
}

/** A rule's defaults filler (ajv's useDefaults on its options alone): generated when the rule is a shipped one, else compiled now. */
export function defaultsFiller(rule: RuleModule<never>): (data: unknown) => unknown {
  return generatesDefaults(rule) ? instantiate(defaultsValidatorFile(rule.id)) : runtimeAjv().compile(defaultsSchema(rule));
}

/** Whether a rule's options schema is the one its generated defaults filler was made from. */
export function generatesDefaults(rule: RuleModule<never>): boolean {
  return generatedFingerprints()[defaultsValidatorFile(rule.id)] === schemaFingerprint(defaultsSchema(rule));
}

/** ajv's code-point length (`minLength`), whichever way the CommonJS module's default export arrives. */
const ucs2Export = ucs2lengthExport as unknown as ((s: string) => number) | { default: (s: string) => number };
const ucs2length = typeof ucs2Export === 'function' ? ucs2Export : ucs2Export.default;

/**
 * The validator a generated file defines. The file is ajv's own standalone output for docwarden's schema (the code
 * ajv would otherwise generate and instantiate with `new Function` at run time), never user input.
 */
function instantiate(file: string): ValidateFunction {
  const source = readFileSync(join(dir, file), 'utf8');
  const module = { exports: undefined as unknown };
  new Function('module', 'exports', 'userRegexProblem', 'ucs2length', source)(module, {}, userRegexProblem, ucs2length);
  return module.exports as ValidateFunction;
}

/**
 * ajv, loaded only when a schema has no generated validator: a shipped run never evaluates it. A plain require (not
 * an import) so that the bundle does not carry it; outside the bundle it resolves from docwarden's dependencies.
 */
function ajvModule(): typeof import('ajv') {
  ajvLoaded ??= createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return ajvLoaded;
}
let ajvLoaded: typeof import('ajv') | undefined;

/** ajv's code builder (`_` template), for the regex keyword. */
function ajvCodegen(): { _: (typeof import('ajv'))['_'] } {
  return ajvModule();
}

/** The ajv instance that compiles defaults fillers at run time (one for the run: each rule's schema is compiled once). */
function runtimeAjv(): Ajv {
  if (!defaultsAjv) {
    defaultsAjv = new (ajvModule().Ajv)({ ...AJV_OPTIONS });
    defaultsAjv.addKeyword(regexKeyword(userRegexProblem));
  }
  return defaultsAjv;
}
let defaultsAjv: Ajv | undefined;
