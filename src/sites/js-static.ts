import { parse } from '@babel/parser';
import type { Expression, Node, ObjectExpression, Program, Statement } from '@babel/types';

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

/** Parses JavaScript or TypeScript (never executes it) and evaluates its export as far as literal values go. */
export function readStaticModule(source: string, typescript: boolean): StaticModule {
  let program: Program;
  try {
    program = parse(source, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      plugins: typescript ? ['typescript', 'jsx'] : ['jsx'],
    }).program;
  } catch (err) {
    return { exported: UNKNOWN, literals: new Map(), error: (err as Error).message.split('\n')[0] };
  }
  const literals = new Map<string, [number, number]>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    if (node.type === 'StringLiteral' && !literals.has(node.value) && node.start != null && node.end != null) literals.set(node.value, [node.start, node.end]);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'leadingComments' && k !== 'trailingComments' && v && typeof v === 'object') visit(v);
  };
  visit(program);
  const consts = new Map<string, Node>();
  const functions = new Map<string, Node>();
  for (const s of program.body) collectDeclarations(s, consts, functions);
  const ev = new Evaluator(consts, functions);
  let exported: StaticValue = UNKNOWN;
  for (const s of program.body) {
    if (s.type === 'ExportDefaultDeclaration') exported = ev.value(s.declaration as Node);
    else if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression') {
      const left = s.expression.left;
      if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && left.property.type === 'Identifier' && left.property.name === 'exports') {
        exported = ev.value(s.expression.right);
      }
    } else if (s.type === 'TSExportAssignment') exported = ev.value(s.expression);
  }
  return { exported, literals };
}

function collectDeclarations(s: Statement | Node, consts: Map<string, Node>, functions: Map<string, Node>): void {
  const decl = s.type === 'ExportNamedDeclaration' && s.declaration ? s.declaration : s;
  if (decl.type === 'VariableDeclaration') {
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init);
  } else if (decl.type === 'FunctionDeclaration' && decl.id) functions.set(decl.id.name, decl);
}

class Evaluator {
  private depth = 0;
  constructor(
    private readonly consts: Map<string, Node>,
    private readonly functions: Map<string, Node>,
  ) {}

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
        return this.functions.has(node.name) ? this.returned(this.functions.get(node.name)!) : UNKNOWN;
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
      case 'FunctionExpression':
        return this.returned(node);
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
        result = new Evaluator(local, this.functions).value(s.argument);
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
  let program: Program;
  try {
    program = parse(source, { sourceType: 'unambiguous', errorRecovery: true, plugins: typescript ? ['typescript', 'jsx'] : ['jsx'] }).program;
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const s of program.body) {
    if ((s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportAllDeclaration') && s.source) out.push(s.source.value);
  }
  return out;
}
