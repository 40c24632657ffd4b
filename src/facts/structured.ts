import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parseTOML as parseTomlAst } from 'toml-eslint-parser';
import type { AST as TomlAst } from 'toml-eslint-parser';

/**
 * Facts of a structured file (YAML, JSON, TOML): its data as a tree whose every
 * node keeps its offsets in the text, so a rule that reads `paths.*.*.operationId`
 * can point at the value it found. Plain data, like every fact.
 */
export type StructuredScalar = string | number | boolean | null;

export interface StructuredNode {
  start: number;
  end: number;
  /** Set on scalars. */
  value?: StructuredScalar;
  /** Set on maps (tables, objects), in file order. */
  entries?: StructuredEntry[];
  /** Set on sequences (arrays). */
  items?: StructuredNode[];
}

export interface StructuredEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  node: StructuredNode;
}

export interface StructuredFacts {
  kind: 'structured';
  path: string;
  format: 'yaml' | 'json' | 'toml';
  /** One root per YAML document (`---`); JSON and TOML have one. */
  roots: StructuredNode[];
  /** Why the file could not be read as data; roots then hold what parsed. */
  error?: { message: string; offset: number };
}

export function structuredFormatOf(path: string): StructuredFacts['format'] | null {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'yml' || ext === 'yaml') return 'yaml';
  if (ext === 'json' || ext === 'jsonc' || ext === 'json5') return 'json';
  if (ext === 'toml') return 'toml';
  return null;
}

/** Parses a YAML, JSON or TOML file; a syntax error is kept as a fact, never thrown. */
export function extractStructuredFacts(path: string, text: string, format = structuredFormatOf(path) ?? 'yaml'): StructuredFacts {
  return format === 'toml' ? fromToml(path, text) : fromYaml(path, text, format);
}

function fromYaml(path: string, text: string, format: 'yaml' | 'json'): StructuredFacts {
  // JSON is YAML 1.2 flow syntax: one parser, with offsets, for both.
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const facts: StructuredFacts = { kind: 'structured', path, format, roots: [] };
  for (const doc of list) {
    const err = doc.errors[0];
    if (err && !facts.error) facts.error = { message: err.message.split('\n')[0], offset: err.pos[0] };
    if (doc.contents) facts.roots.push(fromYamlNode(doc.contents as YamlNode, 0));
  }
  return facts;
}

const MAX_DEPTH = 200;

function fromYamlNode(node: YamlNode, depth: number): StructuredNode {
  const [start, end] = node.range ?? [0, 0, 0];
  if (depth > MAX_DEPTH) return { start, end, value: null };
  if (isScalar(node)) {
    const v = node.value;
    const value: StructuredScalar = v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : String(v);
    return { start, end, value };
  }
  if (isMap(node)) {
    const entries: StructuredEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YamlNode | null;
      const key = k && isScalar(k) ? String(k.value) : k ? String(k) : '';
      const [ks, ke] = k?.range ?? [start, start, start];
      const v = pair.value as YamlNode | null;
      entries.push({ key, keyStart: ks, keyEnd: ke, node: v && !isAlias(v) ? fromYamlNode(v, depth + 1) : { start: ke, end: ke, value: null } });
    }
    return { start, end, entries };
  }
  if (isSeq(node)) {
    return { start, end, items: node.items.map((item) => (item && !isAlias(item) ? fromYamlNode(item as YamlNode, depth + 1) : { start, end: start, value: null })) };
  }
  return { start, end, value: null };
}

function fromToml(path: string, text: string): StructuredFacts {
  const facts: StructuredFacts = { kind: 'structured', path, format: 'toml', roots: [] };
  let ast: TomlAst.TOMLProgram;
  try {
    ast = parseTomlAst(text);
  } catch (err) {
    const e = err as { message?: string; index?: number };
    facts.error = { message: String(e.message ?? err).split('\n')[0], offset: e.index ?? 0 };
    return facts;
  }
  const top = ast.body[0];
  const root: StructuredNode = { start: 0, end: text.length, entries: [] };
  // Tables and arrays of tables name paths from the root; key-values inside them are relative.
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') addKeyValue(root, item);
    else {
      // resolvedKey holds names and, for arrays of tables, the index of the element (`[[bin]]` → ['bin', 0]).
      const path = item.resolvedKey;
      let target = root;
      let nameIndex = 0;
      path.forEach((step, i) => {
        const nextIsIndex = typeof path[i + 1] === 'number';
        if (typeof step === 'number') {
          const items = target.items!;
          if (!items[step]) items[step] = { start: item.range[0], end: item.range[1], entries: [] };
          target = items[step];
          return;
        }
        const keyNode = item.key.keys[Math.min(nameIndex++, item.key.keys.length - 1)];
        let entry = target.entries!.find((e) => e.key === step);
        if (!entry) {
          const node: StructuredNode = nextIsIndex ? { start: item.range[0], end: item.range[1], items: [] } : { start: item.range[0], end: item.range[1], entries: [] };
          entry = { key: step, keyStart: keyNode.range[0], keyEnd: keyNode.range[1], node };
          target.entries!.push(entry);
        }
        target = entry.node;
        if (!nextIsIndex && !target.entries) target.entries = [];
      });
      for (const kv of item.body) addKeyValue(target, kv);
    }
  }
  facts.roots.push(root);
  return facts;
}

function addKeyValue(target: StructuredNode, kv: TomlAst.TOMLKeyValue): void {
  const keys = kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
  let node = target;
  keys.forEach((key, i) => {
    const keyNode = kv.key.keys[i];
    if (i === keys.length - 1) {
      node.entries!.push({ key, keyStart: keyNode.range[0], keyEnd: keyNode.range[1], node: fromTomlValue(kv.value) });
      return;
    }
    let entry = node.entries!.find((e) => e.key === key);
    if (!entry) {
      entry = { key, keyStart: keyNode.range[0], keyEnd: keyNode.range[1], node: { start: kv.range[0], end: kv.range[1], entries: [] } };
      node.entries!.push(entry);
    }
    node = entry.node;
    if (!node.entries) node.entries = [];
  });
}

function fromTomlValue(v: TomlAst.TOMLContentNode): StructuredNode {
  const [start, end] = v.range;
  if (v.type === 'TOMLArray') return { start, end, items: v.elements.map(fromTomlValue) };
  if (v.type === 'TOMLInlineTable') {
    const node: StructuredNode = { start, end, entries: [] };
    for (const kv of v.body) addKeyValue(node, kv);
    return node;
  }
  const value = v.value;
  return { start, end, value: typeof value === 'bigint' ? Number(value) : value instanceof Date ? ('datetime' in v ? v.datetime : String(value)) : (value as StructuredScalar) };
}

/**
 * A path into the data: dot-separated keys, `*` for every key or item, `[N]` for
 * an item, `["key.with.dots"]` or `'…'` for a key with dots, and `..key` for a key
 * at any depth (the subset of JSONPath that configuration files need).
 */
export type PathStep = { kind: 'key'; key: string } | { kind: 'any' } | { kind: 'index'; index: number } | { kind: 'deep'; key: string };

export function parseDataPath(source: string): PathStep[] | string {
  const steps: PathStep[] = [];
  let i = source.startsWith('$') ? 1 : 0;
  const n = source.length;
  if (i === 0 && n > 0 && source[0] !== '.' && source[0] !== '[') i = -1;
  while (i < n) {
    let deep = false;
    if (i === -1) i = 0;
    else if (source.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (source[i] === '.') i++;
    else if (source[i] !== '[') return `unexpected \`${source[i]}\` at ${i + 1}`;
    if (source[i] === '[') {
      const close = source.indexOf(']', i);
      if (close < 0) return `\`[\` at ${i + 1} is not closed`;
      const inner = source.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({ kind: 'any' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) steps.push(deep ? { kind: 'deep', key: inner.slice(1, -1) } : { kind: 'key', key: inner.slice(1, -1) });
      else return `\`[${inner}]\`: write [*], [N] or ["key"]`;
      continue;
    }
    const m = /^[^.[\]]+/.exec(source.slice(i));
    if (!m) return `a key is missing at ${i + 1}`;
    i += m[0].length;
    if (m[0] === '*') steps.push(deep ? { kind: 'deep', key: '*' } : { kind: 'any' });
    else steps.push(deep ? { kind: 'deep', key: m[0] } : { kind: 'key', key: m[0] });
  }
  if (steps.length === 0 && source !== '$') return 'the path is empty';
  return steps;
}

/** A node a path selected, with the keys (or item indexes) that led to it. */
export interface DataMatch {
  node: StructuredNode;
  /** The keys from the root to the node. */
  keys: string[];
  /** The keys that the path's wildcards (`*`, `[*]`, `..*`) matched, in order. */
  captures: string[];
  /** Where the node's own key is written (for map entries). */
  keyStart?: number;
  keyEnd?: number;
}

export function selectData(roots: readonly StructuredNode[], steps: readonly PathStep[]): DataMatch[] {
  let current: DataMatch[] = roots.map((node) => ({ node, keys: [], captures: [] }));
  for (const step of steps) {
    const next: DataMatch[] = [];
    for (const m of current) {
      if (step.kind === 'deep') collectDeep(m, step.key, next, 0);
      else children(m, step, next);
    }
    current = next;
  }
  return current;
}

function children(m: DataMatch, step: PathStep, out: DataMatch[]): void {
  const { node } = m;
  if (node.entries) {
    for (const e of node.entries) {
      if (step.kind === 'any' || (step.kind === 'key' && e.key === step.key)) {
        out.push({ node: e.node, keys: [...m.keys, e.key], captures: step.kind === 'any' ? [...m.captures, e.key] : m.captures, keyStart: e.keyStart, keyEnd: e.keyEnd });
      }
    }
  } else if (node.items) {
    node.items.forEach((item, index) => {
      if (step.kind === 'any' || (step.kind === 'index' && step.index === index) || (step.kind === 'key' && step.key === String(index))) {
        out.push({ node: item, keys: [...m.keys, String(index)], captures: step.kind === 'any' ? [...m.captures, String(index)] : m.captures });
      }
    });
  }
}

function collectDeep(m: DataMatch, key: string, out: DataMatch[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const kids: DataMatch[] = [];
  children(m, { kind: 'any' }, kids);
  for (const k of kids) {
    // A deep step's own key is a capture only for `..*`; the keys it passes through are not.
    const own = { ...k, captures: m.captures };
    if (key === '*') out.push({ ...own, captures: [...m.captures, k.keys[k.keys.length - 1]] });
    else if (k.keys[k.keys.length - 1] === key) out.push(own);
    collectDeep(own, key, out, depth + 1);
  }
}

/** The text of a scalar, or null for maps and sequences. */
export function scalarText(node: StructuredNode): string | null {
  if (node.value === undefined) return null;
  return node.value === null ? 'null' : String(node.value);
}

/**
 * The key a selected value is filed under: the template filled with `{1}`, `{2}`, … (the
 * wildcards' keys), `{key}` (its own key) and `{value}` (its text); without a template, a
 * scalar's text, else its own key.
 */
export function dataKeyOf(m: DataMatch, template?: string): string {
  const own = m.keys[m.keys.length - 1] ?? '';
  const value = scalarText(m.node);
  if (template === undefined) return value ?? own;
  return template.replace(/\{(\d+|key|value)\}/g, (whole, name: string) => {
    if (name === 'key') return own;
    if (name === 'value') return value ?? '';
    return m.captures[Number(name) - 1] ?? whole;
  });
}
