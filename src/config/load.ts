import { realpathSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { JsonSchema, RuleModule } from '../engine/rule.js';
import type { LevelOrOff } from '../types.js';
import { buildConfigSchema } from './schema.js';
import { withLinkResolutionDefaults } from '../api/link-options.js';
import { configErrors, defaultsFiller } from './validators.js';
import { readRegularFile, UnsafeFileError } from '../workspace/safe-read.js';
import { rememberParsedConfig } from './position.js';

export const CONFIG_FILE_NAMES = ['docwarden.yml', '.docwarden.yml', 'docwarden.yaml', '.docwarden.yaml'];

export interface RuleConfig {
  /** For a list of named instances: the most severe level of any of them. */
  level: LevelOrOff;
  options: Record<string, unknown>;
  /** A rule given as a list of named instances (`env-docs: [{ id: server, … }, { id: agent, … }]`): each runs on its own. */
  instances?: RuleInstance[];
}

/** One named instance of a rule: it runs with its own level and options and publishes `rule/<id>`. */
export interface RuleInstance {
  id: string;
  /** Its place in the rule's list in `docwarden.yml`. */
  index: number;
  level: LevelOrOff;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  /** The configuration file, repository-relative or absolute when outside the root; null for defaults. */
  file: string | null;
  docs: string[] | null;
  ignore: string[];
  now: string;
  maxFileSize: number;
  rules: Record<string, RuleConfig>;
}

/** A configuration problem with the place it comes from; the CLI exits 2 on it. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | null,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** `file:line:column: message`, the form editors and terminals link. */
  format(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}:${this.column ?? 1}` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function describePath(segments: (string | number)[]): string {
  return segments.length
    ? segments
        .map((s) => (typeof s === 'number' ? `[${s}]` : s))
        .join('.')
        .replace(/\.\[/g, '[')
    : 'the configuration';
}

/** Finds the YAML node for a path; with `key`, the key node of the last segment. */
function nodeAt(doc: Document, segments: (string | number)[], key = false): YamlNode | null {
  let node: unknown = doc.contents;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return node as YamlNode;
      if (key && i === segments.length - 1) return pair.key as YamlNode;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else break;
  }
  return (node as YamlNode) ?? null;
}

/** A schema and the branches of its `if`/`then`/`else` (a rule's entry is a level, its options or a list of instances). */
function branchesOf(schema: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [schema];
  for (const key of ['then', 'else'] as const) {
    const branch = schema[key];
    if (branch && typeof branch === 'object') out.push(...branchesOf(branch as JsonSchema));
  }
  return out;
}

function schemaAt(schema: JsonSchema, segments: (string | number)[]): JsonSchema | undefined {
  let s: JsonSchema | undefined = schema;
  for (const seg of segments) {
    if (!s) return undefined;
    const branches = branchesOf(s);
    if (typeof seg === 'number') s = branches.map((b) => b.items as JsonSchema | undefined).find((items) => items !== undefined);
    else s = branches.map((b) => (b.properties as Record<string, JsonSchema> | undefined)?.[seg]).find((p) => p !== undefined);
  }
  if (!s || s.properties || s.items) return s;
  const branches = branchesOf(s);
  return branches.find((b) => b.properties) ?? branches.find((b) => b.items) ?? s;
}

function ruleOf(segments: (string | number)[]): string | undefined {
  return segments[0] === 'rules' && typeof segments[1] === 'string' ? segments[1] : undefined;
}

function explain(err: ErrorObject, schema: JsonSchema, value: unknown): { message: string; key: boolean; segments: (string | number)[]; offset?: number } | null {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const where = describePath(segments);
  switch (err.keyword) {
    case 'additionalProperties': {
      const unknownKey = (err.params as { additionalProperty: string }).additionalProperty;
      const here = schemaAt(schema, segments);
      const allowed = Object.keys((here?.properties as object) ?? {}).filter((k) => k !== '$schema');
      const context = segments.length === 1 && segments[0] === 'rules' ? 'rule' : 'key';
      return {
        message: `unknown ${context} "${unknownKey}" in ${where}; allowed: ${allowed.join(', ')}`,
        key: true,
        segments: [...segments, unknownKey],
      };
    }
    case 'enum': {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const rule = ruleOf(segments);
      const what = segments.length === 2 && rule ? `the level of rule "${rule}"` : where;
      return { message: `${JSON.stringify(value)} is not allowed for ${what}; allowed: ${allowed.join(', ')}`, key: false, segments };
    }
    case 'type': {
      const expected = (err.params as { type: string | string[] }).type;
      const list = Array.isArray(expected) ? expected.join(' or ') : expected;
      const here = schemaAt(schema, segments);
      const extra = here?.description ? ` (${String(here.description)})` : '';
      return { message: `${where} must be ${list}, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}${extra}`, key: false, segments };
    }
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return { message: `${where} is missing the required key "${missing}"`, key: segments.length > 0, segments };
    }
    case 'pattern': {
      const here = schemaAt(schema, segments);
      return {
        message: `${JSON.stringify(value)} is not valid for ${where}: ${String(here?.description ?? `must match ${String((err.params as { pattern: string }).pattern)}`)}`,
        key: false,
        segments,
      };
    }
    case 'regex':
      return { message: `${where} is not a usable regular expression: ${err.message}`, key: false, segments, offset: (err.params as { offset?: number }).offset };
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'minLength':
      return { message: `${where} ${err.message}`, key: false, segments };
    case 'if':
    case 'anyOf':
      return null;
    default:
      return { message: `${where} ${err.message ?? 'is not valid'}`, key: false, segments };
  }
}

function valueAt(data: unknown, segments: (string | number)[]): unknown {
  let v: unknown = data;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/**
 * Loads and validates a configuration file. `displayPath` is the name used in
 * error messages (repository-relative when the file is inside the root).
 */
export function loadConfig(absPath: string, displayPath: string, rules: readonly RuleModule<never>[]): ResolvedConfig {
  let text: string;
  try {
    text = readRegularFile(absPath, { rootReal: rootRealOf(absPath, displayPath) }).toString('utf8');
  } catch (err) {
    if (!(err instanceof UnsafeFileError)) throw err;
    if (err.message === 'a folder, not a file') throw new ConfigError(`is a folder, not a configuration file`, displayPath);
    throw new ConfigError(`cannot read the configuration file: ${err.message}`, displayPath);
  }
  return parseConfig(text, displayPath, rules);
}

/**
 * The real path of the root when the file is inside it (its display path is
 * then repository-relative): a configuration committed as a symbolic link is
 * followed only within the repository.
 */
function rootRealOf(absPath: string, displayPath: string): string | undefined {
  if (isAbsolute(displayPath) || !absPath.endsWith(displayPath)) return undefined;
  try {
    return realpathSync(absPath.slice(0, absPath.length - displayPath.length) || '/');
  } catch {
    return undefined;
  }
}

export function parseConfig(text: string, displayPath: string | null, rules: readonly RuleModule<never>[]): ResolvedConfig {
  const lineCounter = new LineCounter();
  const source = text.replace(/^\uFEFF/, '');
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ConfigError(`invalid YAML: ${e.message.split('\n')[0]}`, displayPath, pos.line, pos.col);
  }
  rememberParsedConfig(source, doc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias to no anchor, or too many aliases (a billion-laughs document), fails only when converted.
    throw new ConfigError(`invalid YAML: ${(err as Error).message.split('\n')[0]}`, displayPath, 1, 1);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError('the configuration must be a mapping of keys (docs, ignore, now, rules)', displayPath, 1, 1);
  }
  // An empty configuration (also the one used when there is no file) is valid: no schema to compile.
  const schema = Object.keys(data).length === 0 ? null : buildConfigSchema(rules);
  const errors = schema ? configErrors(schema, data) : [];
  if (schema && errors.length) {
    const explained = errors.map((err) => explain(err, schema, valueAt(data, err.instancePath.split('/').slice(1)))).filter((x): x is NonNullable<typeof x> => x !== null);
    const first = explained[0] ?? { message: 'is not valid', key: false, segments: [] };
    const node = nodeAt(doc, first.segments, first.key);
    const at = node?.range ? (first.offset !== undefined ? scalarOffset(text, node, first.offset) : node.range[0]) : null;
    const pos = at !== null ? lineCounter.linePos(at) : { line: 1, col: 1 };
    const more = explained.length > 1 ? ` (and ${explained.length - 1} more problem${explained.length > 2 ? 's' : ''})` : '';
    throw new ConfigError(first.message + more, displayPath, pos.line, pos.col);
  }
  const obj = data as Record<string, unknown>;
  // `docs: ["!**"]` (or `[]`) selects no file: the run would check nothing and pass without a word.
  if (obj.docs !== undefined && !asList(obj.docs).some((g) => !g.startsWith('!'))) {
    const node = nodeAt(doc, ['docs'], false);
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    throw new ConfigError(
      'docs lists no pattern that selects a file (only negations, or none), so nothing would be checked; list the docs, e.g. ["**/*.md", "!drafts/**"], or remove docs for every Markdown file',
      displayPath,
      pos.line,
      pos.col,
    );
  }
  const ruleEntries = (obj.rules ?? {}) as Record<string, unknown>;
  const resolvedRules: Record<string, RuleConfig> = {};
  for (const rule of rules) {
    const entry = ruleEntries[rule.id];
    if (Array.isArray(entry)) resolvedRules[rule.id] = resolveInstances(rule, entry as Record<string, unknown>[], (i) => positionOf(doc, lineCounter, ['rules', rule.id, i, 'id']), displayPath);
    else resolvedRules[rule.id] = resolveRuleEntry(rule, entry);
  }
  withLinkResolutionDefaults(
    resolvedRules,
    rules.filter((r) => 'link-resolution' in r.optionsSchema).map((r) => r.id),
  );
  return {
    file: displayPath,
    docs: obj.docs === undefined ? null : asList(obj.docs),
    ignore: asList(obj.ignore),
    now: (obj.now as string | undefined) ?? 'commit',
    maxFileSize: (obj['max-file-size'] as number | undefined) ?? DEFAULT_MAX_FILE_SIZE,
    rules: resolvedRules,
  };
}

/** A rule's entry: absent (its default), a level, or its options with an optional level (a rule that is off by default is on when given options). */
function resolveRuleEntry(rule: RuleModule<never>, entry: unknown): RuleConfig {
  if (entry === undefined) return { level: rule.defaultLevel, options: {} };
  if (typeof entry === 'string') return { level: entry as LevelOrOff, options: {} };
  const { level, ...options } = entry as Record<string, unknown>;
  return { level: (level as LevelOrOff | undefined) ?? (rule.defaultLevel === 'off' ? 'error' : rule.defaultLevel), options };
}

const SEVERITY: Record<LevelOrOff, number> = { off: 0, note: 1, warning: 2, error: 3 };

/** A rule given as a list of named instances (the schema has checked each has an `id`); two instances with one id are a configuration error. */
function resolveInstances(rule: RuleModule<never>, items: Record<string, unknown>[], idAt: (index: number) => { line: number; col: number }, file: string | null): RuleConfig {
  const instances: RuleInstance[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const { id, ...rest } = item;
    const name = String(id);
    const first = seen.get(name);
    if (first !== undefined) {
      const pos = idAt(index);
      throw new ConfigError(`rules.${rule.id}[${index}] has the id "${name}" of rules.${rule.id}[${first}]; give each instance its own id`, file, pos.line, pos.col);
    }
    seen.set(name, index);
    instances.push({ id: name, index, ...resolveRuleEntry(rule, rest) });
  });
  const level = instances.reduce<LevelOrOff>((max, i) => (SEVERITY[i.level] > SEVERITY[max] ? i.level : max), 'off');
  return { level, options: {}, instances };
}

/** The line and column of the YAML node at `segments` (the file's start when it is not written). */
function positionOf(doc: Document, lineCounter: LineCounter, segments: (string | number)[]): { line: number; col: number } {
  const node = nodeAt(doc, segments, false);
  return node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
}

/**
 * Where the `offset`-th character of a scalar's value is in the file, so that a
 * problem inside a pattern points at its construct; the scalar's start when
 * quoting or line breaks make that uncertain.
 */
function scalarOffset(text: string, node: YamlNode, offset: number): number {
  const start = node.range![0];
  const style = isScalar(node) ? node.type : undefined;
  if (style !== 'PLAIN' && style !== 'QUOTE_SINGLE' && style !== 'QUOTE_DOUBLE') return start;
  let i = style === 'PLAIN' ? start : start + 1;
  for (let n = 0; n < offset; n++) {
    const c = text[i];
    if (c === undefined || c === '\n' || c === '\r') return start;
    if (style === 'QUOTE_SINGLE' && c === "'" && text[i + 1] === "'") i += 2;
    else if (style === 'QUOTE_DOUBLE' && c === '\\') return start;
    else i++;
  }
  return i;
}

export function defaultConfig(rules: readonly RuleModule<never>[]): ResolvedConfig {
  return parseConfig('{}', null, rules);
}

/** Fills in option defaults from a rule's schema (ajv's useDefaults on the options alone). */
export function withDefaults(rule: RuleModule<never>, options: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
  let fill = defaultFillers.get(rule);
  if (!fill) {
    fill = defaultsFiller(rule);
    defaultFillers.set(rule, fill);
  }
  fill(copy);
  return copy;
}

/** One defaults filler per rule: a run asks for each rule's options several times. */
const defaultFillers = new WeakMap<RuleModule<never>, (data: unknown) => unknown>();
