import { parse } from '@babel/parser';
import type { Expression, Node, ObjectExpression, Program, Statement } from '@babel/types';
import { checkUserRegex, compileUserRegex } from '../config/regex.js';

/** A value read from source without running it; `UNKNOWN` where the code computes something. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type StaticValue = string | number | boolean | null | undefined | typeof UNKNOWN | StaticValue[] | { [key: string]: StaticValue };

export interface StaticModule {
  /** The default export (or `module.exports`), evaluated as far as literals go. */
  exported: StaticValue;
  /** Where each string literal first appears (offsets), so a value read can be pointed at. */
  literals: Map<string, [number, number]>;
  /** Set when the file does not parse. */
  error?: string;
}

/** A module another one imports, by the specifier written (`./shared`): its text and whether it is TypeScript, or undefined when it is not in the repository. */
export type ImportResolver = (specifier: string, from: string) => { path: string; text: string; typescript: boolean } | undefined;

/** How many modules deep an imported value is followed (`config/index.ts` → `./shared` → `./theme`). */
const IMPORT_DEPTH = 4;

/** Parses a module, or returns the parser's first error line. */
function parseModule(source: string, typescript: boolean): Program | string {
  try {
    return parse(source, { sourceType: 'unambiguous', errorRecovery: true, plugins: typescript ? ['typescript', 'jsx'] : ['jsx'] }).program;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

/** The bindings a module imports from relative specifiers: local name → the specifier and the name it exports (`default` for a default import). */
function relativeImports(program: Program): Map<string, { specifier: string; name: string }> {
  const out = new Map<string, { specifier: string; name: string }>();
  for (const s of program.body) {
    if (s.type !== 'ImportDeclaration' || !s.source.value.startsWith('.') || s.importKind === 'type') continue;
    for (const spec of s.specifiers) {
      if (spec.type === 'ImportSpecifier') out.set(spec.local.name, { specifier: s.source.value, name: spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value });
      else if (spec.type === 'ImportDefaultSpecifier') out.set(spec.local.name, { specifier: s.source.value, name: 'default' });
    }
  }
  return out;
}

/** A module read for the values it exports, and how to reach the modules it imports. */
interface ModuleScope {
  path: string;
  program: Program;
  resolve?: ImportResolver;
  depth: number;
}

/**
 * Parses JavaScript or TypeScript (never executes it) and evaluates its export as far as literal values go. With a
 * resolver, a value imported from a relative module (`...sharedConfig` from `./shared`) is read from that module.
 */
export function readStaticModule(source: string, typescript: boolean, options: { path?: string; resolve?: ImportResolver } = {}): StaticModule {
  const program = parseModule(source, typescript);
  if (typeof program === 'string') return { exported: UNKNOWN, literals: new Map(), error: program };
  const literals = new Map<string, [number, number]>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    if (node.type === 'StringLiteral' && !literals.has(node.value) && node.start != null && node.end != null) literals.set(node.value, [node.start, node.end]);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'leadingComments' && k !== 'trailingComments' && v && typeof v === 'object') visit(v);
  };
  visit(program);
  return { exported: exportedValue({ path: options.path ?? '', program, resolve: options.resolve, depth: 0 }, 'default'), literals };
}

/** The value a module exports under `name` (`default`: the default export or `module.exports`), evaluated as far as literals go. */
function exportedValue(scope: ModuleScope, name: string): StaticValue {
  const consts = new Map<string, Node>();
  const functions = new Map<string, Node>();
  for (const s of scope.program.body) collectDeclarations(s, consts, functions);
  const ev = new Evaluator(consts, functions, scope);
  let exported: StaticValue = UNKNOWN;
  if (name !== 'default') {
    for (const s of scope.program.body) {
      if (s.type !== 'ExportNamedDeclaration') continue;
      if (s.declaration && (consts.has(name) || functions.has(name))) return ev.value({ type: 'Identifier', name } as Node);
      for (const spec of s.specifiers) {
        if (spec.type === 'ExportSpecifier' && (spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value) === name && !s.source) return ev.value(spec.local);
      }
    }
    return UNKNOWN;
  }
  for (const s of scope.program.body) {
    if (s.type === 'ExportDefaultDeclaration') exported = ev.value(s.declaration as Node);
    else if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression') {
      const left = s.expression.left;
      if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && left.property.type === 'Identifier' && left.property.name === 'exports') {
        exported = ev.value(s.expression.right);
      }
    } else if (s.type === 'TSExportAssignment') exported = ev.value(s.expression);
  }
  return exported;
}

function collectDeclarations(s: Statement | Node, consts: Map<string, Node>, functions: Map<string, Node>): void {
  const decl = s.type === 'ExportNamedDeclaration' && s.declaration ? s.declaration : s;
  if (decl.type === 'VariableDeclaration') {
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
  } else if (decl.type === 'FunctionDeclaration' && decl.id) functions.set(decl.id.name, decl);
}

class Evaluator {
  private depth = 0;
  private imports: Map<string, { specifier: string; name: string }> | undefined;
  constructor(
    private readonly consts: Map<string, Node>,
    private readonly functions: Map<string, Node>,
    private readonly scope?: ModuleScope,
  ) {}

  /** A binding imported from a relative module, read from that module; UNKNOWN when it cannot be. */
  private imported(local: string): StaticValue {
    if (!this.scope?.resolve || this.scope.depth >= IMPORT_DEPTH) return UNKNOWN;
    this.imports ??= relativeImports(this.scope.program);
    const binding = this.imports.get(local);
    if (!binding) return UNKNOWN;
    const module = this.scope.resolve(binding.specifier, this.scope.path);
    if (!module) return UNKNOWN;
    const program = parseModule(module.text, module.typescript);
    if (typeof program === 'string') return UNKNOWN;
    return exportedValue({ path: module.path, program, resolve: this.scope.resolve, depth: this.scope.depth + 1 }, binding.name);
  }

  value(node: Node | null | undefined): StaticValue {
    if (!node) return undefined;
    if (this.depth > 50) return UNKNOWN;
    this.depth++;
    try {
      return this.eval(node);
    } finally {
      this.depth--;
    }
  }

  private eval(node: Node): StaticValue {
    switch (node.type) {
      case 'StringLiteral':
      case 'NumericLiteral':
      case 'BooleanLiteral':
        return node.value;
      case 'NullLiteral':
        return null;
      case 'TemplateLiteral': {
        let out = node.quasis[0].value.cooked ?? '';
        for (let i = 0; i < node.expressions.length; i++) {
          const v = this.value(node.expressions[i] as Node);
          if (typeof v !== 'string' && typeof v !== 'number') return UNKNOWN;
          out += String(v) + (node.quasis[i + 1].value.cooked ?? '');
        }
        return out;
      }
      case 'Identifier':
        if (node.name === 'undefined') return undefined;
        if (this.consts.has(node.name)) return this.value(this.consts.get(node.name));
        return this.functions.has(node.name) ? this.returned(this.functions.get(node.name)!) : this.imported(node.name);
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return this.value(node.expression);
      case 'ArrayExpression':
        return node.elements.flatMap((e): StaticValue[] => {
          if (!e) return [undefined];
          if (e.type === 'SpreadElement') {
            const v = this.value(e.argument);
            return Array.isArray(v) ? v : [UNKNOWN];
          }
          return [this.value(e)];
        });
      case 'ObjectExpression':
        return this.object(node);
      case 'CallExpression': {
        const callee = node.callee;
        // require.resolve('./sidebars') names a file: keep the path.
        if (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'require' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve'
        ) {
          return this.value(node.arguments[0] as Node);
        }
        // A config written as `function config() { return {…} }` or an arrow function: read what it returns.
        if (callee.type === 'Identifier' && this.functions.has(callee.name)) return this.returned(this.functions.get(callee.name)!);
        // defineConfig({…}), withMermaid({…}), starlight({…}): helpers that return (a superset of) their argument.
        if (callee.type === 'Identifier' && /^(define|with)[A-Z]|^starlight$/.test(callee.name) && node.arguments[0]?.type === 'ObjectExpression') return this.value(node.arguments[0]);
        return UNKNOWN;
      }
      case 'ConditionalExpression':
      case 'LogicalExpression':
        return UNKNOWN;
      case 'FunctionDeclaration':
      case 'ArrowFunctionExpression':
      case 'FunctionExpression': {
        const steps = stringTransform(node, this.consts);
        return steps ? ({ [TRANSFORM]: steps } as unknown as StaticValue) : this.returned(node);
      }
      case 'AwaitExpression':
        return this.value(node.argument);
      default:
        return UNKNOWN;
    }
  }

  /** The value a config function returns (its last `return`, or an arrow's body). */
  private returned(fn: Node): StaticValue {
    if (fn.type !== 'FunctionDeclaration' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return UNKNOWN;
    if (fn.body.type !== 'BlockStatement') return this.value(fn.body);
    const local = new Map(this.consts);
    let result: StaticValue = UNKNOWN;
    for (const s of fn.body.body) {
      if (s.type === 'VariableDeclaration') for (const d of s.declarations) if (d.id.type === 'Identifier' && d.init) local.set(d.id.name, d.init);
      if (s.type === 'ReturnStatement') {
        result = new Evaluator(local, this.functions, this.scope).value(s.argument);
      }
    }
    return result;
  }

  private object(node: ObjectExpression): StaticValue {
    const out: { [key: string]: StaticValue } = {};
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') {
        const v = this.value(p.argument);
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
        else PARTIAL.add(out);
        continue;
      }
      let key: string | undefined;
      if (p.computed) {
        const k = this.value(p.key as Expression);
        if (typeof k === 'string' || typeof k === 'number') key = String(k);
      } else if (p.key.type === 'Identifier') key = p.key.name;
      else if (p.key.type === 'StringLiteral' || p.key.type === 'NumericLiteral') key = String(p.key.value);
      if (key === undefined) {
        PARTIAL.add(out);
        continue;
      }
      out[key] = p.type === 'ObjectMethod' ? UNKNOWN : this.value(p.value as Node);
    }
    return out;
  }
}

/** Objects with a key the reader could not evaluate (a computed key, a spread of something computed). */
const PARTIAL = new WeakSet<object>();

/** Did the code give this object a key that could not be read? Its known keys are then not all of them. */
export function hasUnreadKeys(v: StaticValue): boolean {
  return typeof v === 'object' && v !== null && PARTIAL.has(v);
}

export function isRecord(v: StaticValue): v is { [key: string]: StaticValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The module specifiers a JavaScript or TypeScript module imports or re-exports (parsed, never executed); empty when it does not parse. */
export function moduleImports(source: string, typescript: boolean): string[] {
  const program = parseModule(source, typescript);
  if (typeof program === 'string') return [];
  const out: string[] = [];
  for (const s of program.body) {
    if ((s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportAllDeclaration') && s.source) out.push(s.source.value);
  }
  return out;
}

/** One step of a string function read from source: `s.normalize('NFKD')`, `s.replace(/x/g, '-')`, `s.toLowerCase()`, `s.trim()`. */
type TransformStep = { kind: 'normalize'; form: string } | { kind: 'replace'; pattern: RegExpLiteralPattern | string; replacement: string } | { kind: 'lower' | 'upper' | 'trim' };

/** A regular-expression literal, run in the linear-time engine (a repository's config is not trusted to be safe in V8's). */
interface RegExpLiteralPattern {
  source: string;
  flags: string;
}

/** Marks the value of a function the reader understood as a chain of string methods on its parameter. */
const TRANSFORM: unique symbol = Symbol('string transform');

/** The steps of a string function (a `slugify` option), or null when the value is anything else. */
export function transformOf(v: StaticValue): readonly TransformStep[] | null {
  return typeof v === 'object' && v !== null && TRANSFORM in v ? ((v as Record<typeof TRANSFORM, TransformStep[]>)[TRANSFORM] ?? null) : null;
}

/** Applies a string function read from source to `text`, as JavaScript would. */
export function applyTransform(steps: readonly TransformStep[], text: string): string {
  let out = text;
  for (const step of steps) {
    if (step.kind === 'lower') out = out.toLowerCase();
    else if (step.kind === 'upper') out = out.toUpperCase();
    else if (step.kind === 'trim') out = out.trim();
    else if (step.kind === 'normalize') out = out.normalize(step.form as 'NFC');
    else if (step.kind === 'replace') out = replaceAll(out, step.pattern, step.replacement);
  }
  return out;
}

/** `text.replace(pattern, replacement)`: a string pattern replaces its first occurrence, a regex its first match or, with `g`, every match. */
function replaceAll(text: string, pattern: RegExpLiteralPattern | string, replacement: string): string {
  if (typeof pattern === 'string') return text.replace(pattern, () => replacement);
  const re = compileUserRegex(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  let out = '';
  let last = 0;
  for (const m of re.matchAll(text)) {
    out += text.slice(last, m.index) + replacement.replace(/\$(\$|&|[0-9])/g, (_, r: string) => (r === '$' ? '$' : r === '&' ? m[0] : (m[Number(r)] ?? '')));
    last = m.index + m[0].length;
    if (!pattern.flags.includes('g')) break;
  }
  return out + text.slice(last);
}

/** The steps of `(s) => s.normalize(…).replace(…)…` (or a function returning that chain), or null when it is anything else. */
function stringTransform(fn: Node, consts: Map<string, Node>): TransformStep[] | null {
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') return null;
  const param = fn.params.length === 1 && fn.params[0].type === 'Identifier' ? fn.params[0].name : null;
  if (!param) return null;
  let body: Node | null | undefined = fn.body;
  if (body.type === 'BlockStatement') body = body.body.length === 1 && body.body[0].type === 'ReturnStatement' ? body.body[0].argument : null;
  const steps: TransformStep[] = [];
  let node = body;
  while (node) {
    if (node.type === 'Identifier') return node.name === param ? steps.reverse() : null;
    if (node.type === 'TSAsExpression' || node.type === 'ParenthesizedExpression') {
      node = node.expression;
      continue;
    }
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier') return null;
    const step = transformStep(node.callee.property.name, node.arguments as Node[], consts);
    if (!step) return null;
    steps.push(step);
    node = node.callee.object;
  }
  return null;
}

/** One method call of a string chain with literal arguments, or null when the method or an argument is not understood. */
function transformStep(method: string, args: Node[], consts: Map<string, Node>): TransformStep | null {
  const literal = (n: Node | undefined): Node | undefined => (n?.type === 'Identifier' && consts.has(n.name) ? consts.get(n.name) : n);
  if ((method === 'toLowerCase' || method === 'toUpperCase' || method === 'trim') && args.length === 0) return { kind: method === 'trim' ? 'trim' : method === 'toLowerCase' ? 'lower' : 'upper' };
  if (method === 'normalize') {
    const form = args.length === 0 ? 'NFC' : literal(args[0])?.type === 'StringLiteral' ? (literal(args[0]) as { value: string }).value : null;
    return form && /^NF(K?)[CD]$/.test(form) ? { kind: 'normalize', form } : null;
  }
  if ((method === 'replace' || method === 'replaceAll') && args.length === 2) {
    const [p, r] = [literal(args[0]), literal(args[1])];
    if (r?.type !== 'StringLiteral') return null;
    if (p?.type === 'StringLiteral') return method === 'replace' ? { kind: 'replace', pattern: p.value, replacement: r.value } : null;
    if (p?.type !== 'RegExpLiteral' || !/^[gimsu]*$/.test(p.flags) || checkUserRegex(p.pattern, p.flags.replace('g', '')) !== null) return null;
    return { kind: 'replace', pattern: { source: p.pattern, flags: p.flags }, replacement: r.value };
  }
  return null;
}
