import type { EnvCallFact, EnvCodeFacts, EnvConstFact, EnvConstRefFact, EnvForwardFact, EnvReadFact, EnvWrapperFact } from './types.js';
import { posix } from 'node:path';
import { goReadRanges } from './env-go-ranges.js';
import { nodesOfTypes, parseTree, type SyntaxNode, type SyntaxTree, type TreeLanguage } from './syntax.js';

type Tree = SyntaxTree;

/**
 * Env readers on syntax trees. A read is a call of a known reader (`os.Getenv`,
 * `System.getenv`, …) or an access (`process.env.X`, `ENV["X"]`) whose name is a
 * literal, a constant of the file holding a literal, or a literal prefix of a
 * name built at run time. Comments and the contents of unrelated strings are
 * never reads: only the nodes of those idioms are looked at. A function whose
 * parameter reaches a reader is recorded as a wrapper, and calls with name-like
 * literals are recorded, so that the rule can follow wrappers across files.
 */
export const TREE_READERS = ['go', 'node', 'python', 'rust', 'java', 'kotlin', 'ruby'] as const;
export type TreeReader = (typeof TREE_READERS)[number];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A literal worth recording as a possible wrapper argument: it looks like an env name (upper case). */
const NAME_LIKE = /^[A-Z][A-Z0-9_]*$/;
/** Node types that name a variable or constant (Ruby's upper-case names are `constant`). */
const IDENT_NODE = /identifier$|^constant$/;

/** Cheap tests on the text that decide whether a file can hold a read at all: most source files cannot, and are not parsed. */
const MAY_READ: Record<TreeReader, RegExp> = {
  go: /Getenv|LookupEnv|Setenv|os\.Environ\(|env:"|envconfig:"|envPrefix:"|envprefix:"|EnvVars|BindEnv|SetEnvPrefix|SetEnvKeyReplacer|AutomaticEnv|\benvconfig\.|\benv\.Provider(?:WithValue)?\(|\benv\.Opt(?:ions)?\{|"[A-Z][A-Z0-9]*_[A-Z0-9_]*[="]/,
  // A default import of a relative module named like an environment module (`./utils/environment`) may read through it.
  node: /process\.env|import\.meta\.env|Deno\.env|__ENV|Bun\.env|cleanEnv|createEnv|convict|["'`][A-Z][A-Z0-9]*_[A-Z0-9_]*["'`]|\bimport\s+[\w$]+\s+from\s+["']\.\.?\/[^"']*[Ee]nv/,
  python: /environ|getenv|putenv|["'][A-Z][A-Z0-9]*_[A-Z0-9_]*["']/,
  // A `format!("APP_INDEX_{name}_USER")` may build the names a function returns.
  rust: /env|"[A-Z][A-Z0-9]*_[A-Z0-9_]*["{]/,
  java: /getenv|@Value|"[A-Z][A-Z0-9]*_[A-Z0-9_]*"/,
  kotlin: /getenv|@Value|"[A-Z][A-Z0-9]*_[A-Z0-9_]*"/,
  ruby: /ENV|["'][A-Z][A-Z0-9]*_[A-Z0-9_]*["']/,
};

/** A reader's idioms in Go (MAY_READ without its literal test): a declaration holding one may read or wrap a reader (see goReadRanges). */
const GO_MAY_READ_PART =
  /Getenv|LookupEnv|Setenv|os\.Environ\(|env:"|envconfig:"|envPrefix:"|envprefix:"|EnvVars|BindEnv|SetEnvPrefix|SetEnvKeyReplacer|AutomaticEnv|\benvconfig\.|\benv\.Provider(?:WithValue)?\(|\benv\.Opt(?:ions)?\{/;

/** The grammar a reader parses a file with (TypeScript's grammar reads JavaScript too; TSX for JSX). */
export function treeLanguageOf(reader: TreeReader, path: string): TreeLanguage {
  if (reader !== 'node') return reader === 'ruby' ? 'ruby' : reader;
  return /\.(?:tsx|jsx)$/i.test(path) ? 'tsx' : /\.(?:[cm]?js)$/i.test(path) ? 'javascript' : 'typescript';
}

/** A string as the program sees it: a whole value, or the constant prefix of a value built at run time. */
type Literal = { value: string; start: number; end: number; prefix?: true };

interface Fn {
  name: string;
  params: string[];
}

interface Spec {
  /** The node types any of the functions below looks at; a walk skips every other node. */
  types: ReadonlySet<string>;
  /** The types worth visiting in a file whose text is `text` (a subset of `types`): a type only an absent idiom needs is left out. */
  typesFor?(text: string): ReadonlySet<string>;
  /** The node type of a call, and the words that make a call without a literal worth a look (a reader's name). */
  callType: string;
  readerWords: RegExp;
  /** The literal a string node holds (offsets of its content), or null when the node is not a string. */
  string(node: SyntaxNode, type?: string): Literal | null;
  /** A function definition: its name and parameter names. */
  fn(node: SyntaxNode, type?: string): Fn | null;
  /** A call: the callee as written (no spaces) and its argument nodes. */
  call(node: SyntaxNode, type?: string): { callee: string; args: SyntaxNode[] } | null;
  /** A binding of a name to an expression (`const key = "X"`). */
  binding(node: SyntaxNode, type?: string): Array<[string, SyntaxNode]> | null;
  /** Known reader functions by callee: which arguments are names, and whether they set rather than read. */
  readers: Record<string, { args: 'first' | 'all' | 'bind'; exported?: true }>;
  /** Concatenation `"APP_" + x`: the left operand, when the node is one. */
  concatLeft?(node: SyntaxNode, type?: string): SyntaxNode | null;
  /** `"APP_ID="+id` in a child's environment (Go's cmd.Env, append(os.Environ(), …)): the program sets APP_ID for others. */
  exportLiterals?: true;
  /** A path to a constant of another file (`EnvVars::UV_X`): an identifier argument written so is kept for the join to resolve. */
  constPath?: RegExp;
  /** Other idioms: member access, subscripts, struct tags, annotations. */
  special?(node: SyntaxNode, x: Extraction, type?: string): void;
  /** An item compiled only for tests (Rust's `#[cfg(test)] mod tests`, a `#[test]` function): what it reads is test code, not the program's. */
  testItem?(node: SyntaxNode, type: string): boolean;
}

const field = (node: SyntaxNode, name: string): SyntaxNode | null => node.childForFieldName(name);
const compact = (text: string): string => text.replace(/\s+/g, '');

/** A quoted literal's content, between the first and the last character. */
function quoted(node: SyntaxNode, open = 1, close = 1): Literal {
  return { value: node.text.slice(open, node.text.length - close), start: node.startIndex + open, end: node.endIndex - close };
}

/** A string node with interpolations: the literal text before the first one is a prefix. */
function interpolated(node: SyntaxNode, contentTypes: ReadonlySet<string>, open: number): Literal | null {
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (contentTypes.has(child.type)) value += child.text;
    else if (child.type === 'string_start' || child.type === 'string_end') continue;
    else if (child.type === 'escape_sequence') return null;
    else return { value, start: node.startIndex + open, end: node.startIndex + open + value.length, prefix: true };
  }
  return { value, start: node.startIndex + open, end: node.startIndex + open + value.length };
}

class Extraction {
  readonly reads: EnvReadFact[] = [];
  readonly wrappers: EnvWrapperFact[] = [];
  readonly forwards: EnvForwardFact[] = [];
  readonly calls: EnvCallFact[] = [];
  readonly literals = new Set<string>();
  /** Local names bound to the environment object or one built from it (`const env = process.env`, `withSecrets(process.env)`). */
  readonly envObjects = new Set<string>();
  /** Local names of default imports from relative modules, by the module's path without extension (`environment` → `server/utils/environment`). */
  readonly imports = new Map<string, string>();
  /** Member reads of a default import (`environment.APP_X`): reads when the module's default export is an environment object. */
  readonly importedReads: Array<EnvReadFact & { from: string }> = [];
  /** The file's default export is an environment object. */
  envDefault = false;
  /** The file enumerates the environment's names (`Object.entries(process.env)`): a prefix its code tests names for is a family read. */
  envEnumerated = false;
  /** The arguments of the file's `.startsWith(P)` / `.includes(P)` calls: prefixes, if the file enumerates the environment. */
  readonly prefixTests: SyntaxNode[] = [];

  /** A prefix the code tests an enumerated environment's names for (`key.startsWith("APP_VAR_")`) is read as a family (before resolve). */
  applyPrefixTests(): void {
    if (!this.envEnumerated) return;
    for (const node of this.prefixTests) {
      const family = (l: Literal) => !l.prefix && /^[A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*$/.test(l.value);
      const lit = this.literal(node);
      if (lit) {
        if (family(lit)) this.readAt(lit.value, lit.start);
      } else if (IDENT_NODE.test(node.type)) this.deferred.push({ ident: node, use: (l) => family(l) && this.readAt(l.value, node.startIndex), ref: {} });
    }
  }

  /** Local names bound to a zod object schema (`const schema = z.object({…})`): a `schema.parse(process.env)` reads its keys. */
  readonly zodSchemas = new Map<string, SyntaxNode>();
  /** The file names a Go framework call that takes a prefix (GO_PREFIX_HINT): only then are its calls looked at for one. */
  prefixCalls = false;
  /** spf13/viper's prefix, key replacer and one-argument BindEnv keys in this file (see EnvCodeFacts.viper). */
  readonly viper: NonNullable<EnvCodeFacts['viper']> = { keys: [] };
  private readonly bindings = new Map<string, Literal | null>();
  private readonly deferred: Array<{ ident: SyntaxNode; use: (lit: Literal) => void; ref: Omit<EnvConstRefFact, 'ref' | 'start' | 'end'> }> = [];
  readonly constants: EnvConstFact[] = [];
  readonly constRefs: EnvConstRefFact[] = [];
  /** Names the program sets in a child process's environment (`"X="+v`, `fmt.Sprintf("%s=%d", key, v)`). */
  readonly childSets = new Set<string>();
  /** Spans of the items compiled only for tests (see Spec.testItem). */
  readonly testSpans: Array<[number, number]> = [];
  readonly stack: Fn[] = [];

  constructor(
    readonly spec: Spec,
    readonly path = '',
  ) {}

  bind(name: string, value: SyntaxNode): void {
    const lit = this.literal(value);
    // A name bound twice to different values resolves to neither.
    const had = this.bindings.get(name);
    if (had === undefined) this.bindings.set(name, lit && !lit.prefix ? lit : null);
    else if (had && (!lit || lit.value !== had.value)) this.bindings.set(name, null);
  }

  /** The literal an expression is: a string, a concatenation starting with one, a formatting call. */
  literal(node: SyntaxNode | null): Literal | null {
    if (!node) return null;
    // Each `type` read crosses into WebAssembly: read it once.
    const type = node.type;
    if (type === 'parenthesized_expression' && node.namedChildCount === 1) return this.literal(node.namedChild(0));
    const s = this.spec.string(node, type);
    if (s) return s;
    const left = this.spec.concatLeft?.(node, type);
    if (left) {
      const l = this.literal(left);
      return l ? { ...l, prefix: true } : null;
    }
    const call = this.spec.call(node, type);
    if (call && /(?:^|\.)(?:Sprintf|format)$/.test(call.callee) && call.args[0]) {
      const f = this.spec.string(call.args[0]);
      if (f && !f.prefix) {
        const i = f.value.search(/%|\{/);
        if (i >= 0) return { value: f.value.slice(0, i), start: f.start, end: f.start + i, prefix: true };
      }
    }
    return null;
  }

  /** Could the call whose text is `text` read a name: a literal, a reader, a parameter or a constant in it? */
  worthCall(text: string): boolean {
    // Names are upper case: a call whose literals all start in lower case passes none (a reader's own call is matched by its words).
    if (/["'`][A-Z]/.test(text) || this.spec.readerWords.test(text)) return true;
    // A child process's environment entry built by formatting (`fmt.Sprintf("%s=%d", key, v)`).
    if (this.spec.exportLiterals && text.includes('"%s=')) return true;
    // A path to a constant (`EnvVars::APP_X`) may name what a wrapper reads.
    if (this.spec.constPath && /::[A-Z][A-Z0-9_]*\b/.test(text)) return true;
    const fn = this.stack[this.stack.length - 1];
    for (const word of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
      if (fn?.params.includes(word) || this.bindings.get(word)) return true;
    }
    return false;
  }

  private paramIndex(node: SyntaxNode): number {
    const fn = this.stack[this.stack.length - 1];
    if (!fn || !IDENT_NODE.test(node.type)) return -1;
    return fn.params.indexOf(node.text);
  }

  private record(list: EnvReadFact[], lit: Literal, exported: boolean, extra?: { callee: string; arg: number }): void {
    const name = lit.value;
    if (lit.prefix ? !/^[A-Za-z_][A-Za-z0-9_]*_$/.test(name) : !NAME.test(name)) return;
    const fact: EnvReadFact = { name, start: lit.start, end: lit.end, ...(exported ? { exported: true as const } : {}) };
    list.push(extra ? ({ ...fact, ...extra } as EnvCallFact) : fact);
  }

  /** A name argument of a reader (or of an idiom that reads one): a literal, a constant, or a parameter of the enclosing function. */
  nameArgument(node: SyntaxNode, exported: boolean): void {
    const lit = this.literal(node);
    if (lit) return this.record(this.reads, lit, exported);
    const p = this.paramIndex(node);
    if (p >= 0) {
      this.wrappers.push({ fn: this.stack[this.stack.length - 1].name, param: p, ...(exported ? { exported: true as const } : {}) });
      return;
    }
    if (IDENT_NODE.test(node.type))
      this.deferred.push({ ident: node, use: (l) => this.record(this.reads, { ...l, start: node.startIndex, end: node.endIndex }, exported), ref: exported ? { exported: true } : {} });
    else if (this.spec.constPath) this.builderCall(node, exported);
  }

  /** A name built by a function of the code (`EnvVars::index_username(name)`, whose body is a `format!`): kept for the join to resolve. */
  private builderCall(node: SyntaxNode, exported: boolean): void {
    const call = this.spec.call(node);
    if (call && /^(?:[A-Za-z_]\w*::)*[a-z_]\w*$/.test(call.callee))
      this.constRefs.push({ ref: `${call.callee}()`, start: node.startIndex, end: node.endIndex, ...(exported ? { exported: true as const } : {}) });
  }

  /** A reader's name (or names) as written at one place, e.g. a struct tag: a plain literal, never resolved. */
  readAt(name: string, start: number, exported = false): void {
    this.record(this.reads, { value: name, start, end: start + name.length }, exported);
  }

  /** A name a command-line flag binds (clap's `env = "X"` on `--dry-run`): a read, documented wherever the flag is. */
  readFlagBound(name: string, start: number, flag: string | null, help = false): void {
    const before = this.reads.length;
    this.readAt(name, start);
    if (flag && this.reads.length > before) this.reads[before].flag = flag;
    if (help && this.reads.length > before) this.reads[before].help = true;
  }

  /** Names an option's help text spells, with the option's long flag. */
  readonly helpFlags: Array<{ name: string; flag: string }> = [];
  /** Spans of code whose reads a command-line flag binds (argparse's `default=os.getenv("X")` on `--x`). */
  private readonly flagSpans: Array<{ start: number; end: number; flag: string }> = [];

  /** environs' `with env.prefixed("APP_"):` blocks (nested prefixes joined), and the name arguments their `env.*()` calls read under a prefix, by start. */
  readonly prefixedBlocks: Array<{ start: number; end: number; object: string; prefix: string }> = [];
  readonly prefixedArgs = new Map<number, string>();

  /** Puts the prefix of an environs `prefixed` block before each name read there (after the walk). */
  applyPrefixes(): void {
    if (!this.prefixedArgs.size) return;
    for (const r of this.reads) {
      const prefix = this.prefixedArgs.get(r.start);
      if (prefix !== undefined) r.name = prefix + r.name;
    }
  }

  /** The reads inside `node` are bound to `flag`: each is documented wherever the flag is. */
  bindFlag(node: SyntaxNode, flag: string): void {
    this.flagSpans.push({ start: node.startIndex, end: node.endIndex, flag });
  }

  /** Gives each read inside a span of bindFlag its flag (after the walk: the span's reads are found after it). */
  applyFlags(): void {
    for (const span of this.flagSpans) for (const r of this.reads) if (!r.flag && r.start >= span.start && r.end <= span.end) r.flag = span.flag;
  }

  /** A name a framework derives from code at `start`..`end` (a settings field `database_url` is `APP_DATABASE_URL`). */
  readDerived(name: string, start: number, end: number, help = false): void {
    const before = this.reads.length;
    this.record(this.reads, { value: name, start, end }, false);
    if (help && this.reads.length > before) this.reads[before].help = true;
  }

  handleCall(callee: string, args: SyntaxNode[]): void {
    const short = callee.slice(Math.max(callee.lastIndexOf('.'), callee.lastIndexOf(':')) + 1);
    // A key `.Name` is a method of any receiver or package alias (`v3.EnvVars`, `cli.EnvVars`).
    const reader = this.spec.readers[callee] ?? this.spec.readers[`.${short}`];
    if (reader) {
      // viper's `BindEnv("key")` reads a name made from the key (see viperKey); `BindEnv("key", "X", "Y")` reads X and Y.
      if (reader.args === 'bind' && args.length === 1) return this.viperKey(args[0]);
      const names = reader.args === 'all' ? args : reader.args === 'bind' ? args.slice(1) : args.slice(0, 1);
      for (const a of names) this.nameArgument(a, reader.exported === true);
      return;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(short)) return;
    if (short === 'Sprintf' && this.spec.exportLiterals && this.childSetting(args)) return;
    args.forEach((a, arg) => {
      const lit = this.literal(a);
      if (lit) {
        if (NAME_LIKE.test(lit.value) || lit.prefix) this.record(this.calls, lit, false, { callee: short, arg });
        return;
      }
      const p = this.paramIndex(a);
      if (p >= 0) this.forwards.push({ fn: this.stack[this.stack.length - 1].name, param: p, callee: short, arg });
      else if (IDENT_NODE.test(a.type))
        this.deferred.push({
          ident: a,
          use: (l) => NAME_LIKE.test(l.value) && this.record(this.calls, { ...l, start: a.startIndex, end: a.endIndex }, false, { callee: short, arg }),
          ref: { callee: short, arg },
        });
    });
  }

  /** The key of a one-argument `BindEnv`: a literal or a constant of the file, named by the join with the prefix and replacer viper has then. */
  private viperKey(node: SyntaxNode): void {
    const keep = (key: string, start: number, end: number) => {
      if (/^[A-Za-z0-9_.-]+$/.test(key)) this.viper.keys.push({ key, start, end });
    };
    const lit = this.literal(node);
    if (lit) return lit.prefix ? undefined : keep(lit.value, lit.start, lit.end);
    if (IDENT_NODE.test(node.type)) this.deferred.push({ ident: node, use: (l) => keep(l.value, node.startIndex, node.endIndex), ref: {} });
  }

  /**
   * `fmt.Sprintf("%s=%d", DaemonKindEnvKey, v)`: an entry of a child process's environment whose name is a literal or
   * a constant; the program sets that name (true), and the call is no wrapper's.
   */
  private childSetting(args: readonly SyntaxNode[]): boolean {
    const format = args[0] ? this.spec.string(args[0]) : null;
    const key = args[1];
    if (!format || format.prefix || !format.value.startsWith('%s=') || !key) return false;
    const set = (lit: Literal, at: SyntaxNode) => {
      const before = this.reads.length;
      this.record(this.reads, { ...lit, start: at.startIndex, end: at.endIndex }, true);
      if (this.reads.length > before) this.childSets.add(lit.value);
    };
    const lit = this.literal(key);
    if (lit && !lit.prefix) set(lit, key);
    else if (IDENT_NODE.test(key.type)) this.deferred.push({ ident: key, use: (l) => set(l, key), ref: { exported: true } });
    return true;
  }

  /** Identifiers bound to a literal anywhere in the file resolve once the whole file is known (Go constants may follow their use). */
  resolve(): void {
    // Most files bind no name to a literal: then no identifier resolves, and none is worth reading out of the tree.
    const bound = [...this.bindings.values()].some((lit) => lit !== null);
    const paths = this.spec.constPath;
    if (!bound && !paths) return;
    for (const { ident, use, ref } of this.deferred) {
      const text = ident.text;
      const lit = bound ? this.bindings.get(text) : undefined;
      if (lit) use(lit);
      else if (paths?.test(text)) this.constRefs.push({ ref: text, start: ident.startIndex, end: ident.endIndex, ...ref });
    }
  }

  /** A path to another file's constant at `start` as a name a flag binds (clap's `env = EnvVars::UV_X`). */
  flagRef(ref: string, start: number, flag: string | null, help = false): void {
    this.constRefs.push({ ref, start, end: start + ref.length, ...(flag ? { flag } : {}), ...(help ? { help: true as const } : {}) });
  }
}

/** One node of a type the spec looks at: a function opens a scope for its parameters (true), the rest is recorded. */
function visit(node: SyntaxNode, type: string, x: Extraction): boolean {
  const spec = x.spec;
  const fn = spec.fn(node, type);
  if (fn) x.stack.push(fn);
  const bound = spec.binding(node, type);
  if (bound) for (const [name, value] of bound) x.bind(name, value);
  // Most calls pass no literal, no parameter, no constant and call no reader: their arguments are not worth a look.
  const call = type === spec.callType && x.worthCall(node.text) ? spec.call(node, type) : null;
  if (call) x.handleCall(call.callee, call.args);
  spec.special?.(node, x, type);
  return fn !== null;
}

/**
 * String literals that spell an env-style name, and (Go) `"APP_X=…"` literals that set one for a child process: found
 * in the text, each kept only when the tree has a string node starting at its quote (not a comment, not inside another
 * string). Far cheaper than visiting every string node of the file.
 */
function scanLiterals(text: string, tree: Tree | null, x: Extraction): void {
  const root = tree?.rootNode;
  // Without a tree (a Go file read lazily, see goLazyCallees), the string tokens of the file judge instead.
  const strings = root ? null : goStringStarts(text);
  // Group 1: the quote; 2: the name; 3: the closing quote, or `=` for a setting. The quote may follow a string prefix
  // (Python's f, b, r: at most two letters), which must not end a longer word.
  for (const m of text.matchAll(/(["'`])([A-Z][A-Z0-9]*_[A-Z0-9_]*)(["'`=])/dg)) {
    const [quote] = m.indices![1];
    let open = quote;
    while (open > 0 && quote - open < 3 && /[rbfuRBFU]/.test(text[open - 1])) open--;
    if (quote - open > 2 || (open > 0 && /[A-Za-z0-9_]/.test(text[open - 1]))) continue;
    const [nameStart] = m.indices![2];
    const setting = m[3] === '=';
    if (setting && !x.spec.exportLiterals) continue;
    let lit: Literal | null = null;
    if (root) for (let n: SyntaxNode | null = root.descendantForIndex(open); n && n.startIndex === open && !lit; n = n.parent) lit = x.spec.string(n);
    else if (strings?.has(open)) lit = goStringAt(text, open);
    if (!lit || lit.start !== nameStart) continue;
    if (!setting) {
      if (!lit.prefix && lit.value === m[2]) x.literals.add(m[2]);
    } else if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(m[2])) {
      x.readAt(m[2], nameStart, true);
      // An entry with its value (`"APP_X=1"`) or joined to one (`"APP_X="+v`); a bare `"APP_X="` elsewhere may be a test.
      if (/^=[^"'`]|^=["'`]\s*\+/.test(text.slice(m.indices![3][0], m.indices![3][0] + 40))) x.childSets.add(m[2]);
    }
  }
}

/**
 * Where each string literal of a Go file starts (its opening quote), from Go's lexical grammar: comments, interpreted
 * and raw strings and runes are the only tokens that can hold a quote, and none nests, so a linear scan is exact.
 */
function goStringStarts(text: string): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2f /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x2f) i = end(text.indexOf('\n', i));
      else if (next === 0x2a) i = end(text.indexOf('*/', i + 2)) + 1;
    } else if (c === 0x60 /* ` */) {
      out.add(i);
      i = end(text.indexOf('`', i + 1));
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      if (c === 0x22) out.add(i);
      for (i++; i < text.length && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 0x0a; i++) if (text.charCodeAt(i) === 0x5c) i++;
    }
  }
  return out;
  function end(at: number): number {
    return at < 0 ? text.length : at;
  }
}

/** The Go string literal whose opening quote is at `open` (see goStringStarts), as the tree's string node would give it. */
function goStringAt(text: string, open: number): Literal | null {
  const quote = text[open];
  let i = open + 1;
  if (quote === '`') i = text.indexOf('`', i);
  else for (; i < text.length && text[i] !== quote && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
  if (i < 0 || text[i] !== quote) return null;
  return { value: text.slice(open + 1, i), start: open + 1, end: i };
}

/** Visits the nodes the spec looks at in document order; a function's parameters are in scope until its end. */
function walk(lang: TreeLanguage, tree: Tree, x: Extraction, text: string): void {
  const scopes: number[] = [];
  // The end of the test item being skipped: nodes inside it are test code.
  let testEnd = -1;
  for (const { node, type } of nodesOfTypes(lang, tree, x.spec.typesFor?.(text) ?? x.spec.types)) {
    while (scopes.length && scopes[scopes.length - 1] <= node.startIndex) {
      scopes.pop();
      x.stack.pop();
    }
    if (node.startIndex < testEnd) continue;
    if (x.spec.testItem?.(node, type)) {
      testEnd = node.endIndex;
      x.testSpans.push([node.startIndex, node.endIndex]);
      continue;
    }
    if (visit(node, type, x)) scopes.push(node.endIndex);
  }
}

const named = (node: SyntaxNode | null): SyntaxNode[] => (node ? node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment') : []);

// ---- Go ----------------------------------------------------------------------

const GO_TAG = /\b(?:env|envconfig):"([A-Za-z_][A-Za-z0-9_]*)[",]|\barg:"[^"]*?\benv:([A-Za-z_][A-Za-z0-9_]*)/dg;

/** The flag a urfave/cli flag literal defines (`&cli.StringFlag{Name: "port", EnvVars: …}` → `--port`), from the `EnvVars` element's siblings. */
function urfaveFlagName(envVars: SyntaxNode): string | null {
  for (const sibling of named(envVars.parent)) {
    const [key, value] = named(sibling);
    if (sibling.type !== 'keyed_element' || key?.text !== 'Name' || !value) continue;
    const literal = value.descendantsOfType('interpreted_string_literal')[0] ?? (value.type === 'interpreted_string_literal' ? value : null);
    const name = literal?.text.slice(1, -1);
    return name && /^[A-Za-z0-9][\w-]+$/.test(name) ? `--${name}` : null;
  }
  return null;
}

/** `StripANSI` → `strip-ansi`, `ShowHelp` → `show-help`: how kong names a field's flag. */
const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/**
 * A struct field that is a command-line flag of alecthomas/kong or alexflint/go-arg (a tag with `help:"…"`, or go-arg's
 * `arg:"--x,env:X"`): its flag (`name:"…"` or the field's name in kebab case, after the field's own `prefix:"cursor."`)
 * and that the program's `--help` decides about its variable (shows it as `($X)`, or hides it with a `hidden` flag on
 * purpose). Null for a field that is no flag (caarlos0/env, envconfig).
 */
function goTagFlag(node: SyntaxNode, tag: string): { flag: string | null; help: boolean } | null {
  const arg = /\barg:"([^"]*)"/.exec(tag);
  // An embedded struct of kong flags (`embed:"" envprefix:"APP_X_"`) has no help of its own.
  const kong = /\bhelp:"/.test(tag) || (/\bembed:"/.test(tag) && /\benvprefix:"/.test(tag));
  if (!kong && !(arg && /\benv\b/.test(arg[1]))) return null;
  const long = arg ? /--([A-Za-z0-9][\w-]*)/.exec(arg[1])?.[1] : undefined;
  const field_ = field(node, 'name')?.text;
  const base = long ?? /\bname:"([A-Za-z0-9][\w.-]*)"/.exec(tag)?.[1] ?? (field_ ? kebab(field_) : undefined);
  const prefix = /\bprefix:"([\w.-]*)"/.exec(tag.replace(/\benvprefix:"[^"]*"/g, ''))?.[1] ?? '';
  const embedded = /\bembed:"/.test(tag);
  return { flag: base && !embedded ? `--${prefix}${base}` : null, help: true };
}

/** Calls that give a configuration framework the prefix of every name it reads, and the prefix they give: viper and envconfig join prefix and key with `_` and upper-case both. */
const GO_PREFIX_CALLS: Array<{ callee: RegExp; prefix: (literal: string) => string }> = [
  // spf13/viper: SetEnvPrefix("app") with AutomaticEnv or BindEnv reads APP_<KEY>.
  { callee: /(?:^|\.)SetEnvPrefix$/, prefix: (l) => `${l.toUpperCase()}_` },
  // kelseyhightower/envconfig: Process("myapp", &spec) reads MYAPP_<FIELD or TAG>.
  { callee: /^envconfig\.(?:Must)?Process$/, prefix: (l) => `${l.toUpperCase()}_` },
  // knadh/koanf v1: env.Provider("MYAPP_", ".", transform) reads every MYAPP_ variable.
  { callee: /^env\.Provider(?:WithValue)?$/, prefix: (l) => l },
];

/** Words without which a Go file has no GO_PREFIX_CALLS call: most files do not, and their calls are not looked at. */
const GO_PREFIX_HINT = /SetEnvPrefix|SetEnvKeyReplacer|AutomaticEnv|\benvconfig\.|\benv\.Provider(?:WithValue)?\(/;

/** viper's `SetEnvPrefix("app")`: the prefix of the file (null when two disagree), and where the first is given. */
function viperPrefix(lit: Literal, x: Extraction): void {
  const v = x.viper;
  v.prefix = v.prefix === undefined || v.prefix === lit.value ? lit.value : null;
  v.prefixAt ??= [lit.start, lit.end];
}

/** viper's `SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))`: the old/new pairs, kept when every one is a literal. */
function viperReplacer(node: SyntaxNode, x: Extraction): void {
  const arg = named(field(node, 'arguments'))[0];
  const inner = arg?.type === 'call_expression' && /(?:^|\.)NewReplacer$/.test(compact(field(arg, 'function')?.text ?? '')) ? named(field(arg, 'arguments')) : [];
  const pairs = inner.map((a) => x.literal(a));
  if (pairs.length && pairs.length % 2 === 0 && pairs.every((l) => l && !l.prefix)) x.viper.replacer = pairs.map((l) => l!.value);
}

/** The options literals whose `Prefix:` prefixes every name read: caarlos0/env's `env.Options`, koanf v2's `env.Opt`. */
const GO_PREFIX_OPTIONS = /^env\.(?:Options|Opt)$/;

/** A framework prefix given at `node` (a call of GO_PREFIX_CALLS or a `Prefix:` element of an options literal): read as the family of names built from it. */
function goFrameworkPrefix(node: SyntaxNode, type: string, x: Extraction): void {
  if (type === 'call_expression') {
    const callee = compact(field(node, 'function')?.text ?? '');
    if (/(?:^|\.)SetEnvKeyReplacer$/.test(callee)) return viperReplacer(node, x);
    if (/(?:^|\.)AutomaticEnv$/.test(callee)) return void (x.viper.automatic = true);
    const known = GO_PREFIX_CALLS.find((c) => c.callee.test(callee));
    const lit = known && x.literal(named(field(node, 'arguments'))[0] ?? null);
    if (!known || !lit || lit.prefix || !/^[A-Za-z][A-Za-z0-9_]*$/.test(lit.value)) return;
    // viper's prefix reads every name only with AutomaticEnv (see viperReads); else only the keys BindEnv binds.
    if (/SetEnvPrefix$/.test(callee)) return viperPrefix(lit, x);
    const prefix = known.prefix(lit.value);
    if (prefix.endsWith('_')) x.readDerived(prefix, lit.start, lit.end);
    return;
  }
  // keyed_element `Prefix: "APP_"` inside `env.Options{…}`: literal_value's parent is the composite literal.
  const [key, value] = named(node);
  const literalType = node.parent?.parent?.type === 'composite_literal' ? compact(field(node.parent.parent, 'type')?.text ?? '') : '';
  if (key?.text !== 'Prefix' || !value || !GO_PREFIX_OPTIONS.test(literalType)) return;
  const lit = x.literal(value.type === 'literal_element' ? value.namedChild(0) : value);
  if (lit && !lit.prefix && /^[A-Za-z][A-Za-z0-9_]*_$/.test(lit.value)) x.readDerived(lit.value, lit.start, lit.end);
}

/**
 * Go's node types by what a file's text holds: a struct field is looked at only for a tag a reader knows
 * (`env:"X"`), a keyed element only for `EnvVars:` or `Prefix:`; most files have neither, and most of their nodes
 * are those two.
 */
const GO_TYPES: ReadonlyArray<ReadonlySet<string>> = [0, 1, 2, 3].map(
  (key) =>
    new Set([
      'function_declaration',
      'method_declaration',
      'const_spec',
      'var_spec',
      'short_var_declaration',
      'assignment_statement',
      'call_expression',
      ...(key & 1 ? ['field_declaration'] : []),
      ...(key & 2 ? ['keyed_element'] : []),
    ]),
);

const GO: Spec = {
  callType: 'call_expression',
  readerWords: /Getenv|LookupEnv|Setenv|EnvVars|BindEnv/,
  exportLiterals: true,
  types: new Set(['function_declaration', 'method_declaration', 'const_spec', 'var_spec', 'short_var_declaration', 'assignment_statement', 'call_expression', 'field_declaration', 'keyed_element']),
  typesFor(text) {
    const key = (/\b(?:env|envconfig|envPrefix|envprefix|arg):"/.test(text) ? 1 : 0) + (/EnvVars|Prefix/.test(text) ? 2 : 0);
    return GO_TYPES[key];
  },
  string(node, type = node.type) {
    if (type === 'interpreted_string_literal' || type === 'raw_string_literal') return quoted(node);
    return null;
  },
  fn(node, type = node.type) {
    if (type !== 'function_declaration' && type !== 'method_declaration') return null;
    const name = field(node, 'name')?.text;
    if (!name) return null;
    const params: string[] = [];
    for (const p of named(field(node, 'parameters'))) for (const n of p.childrenForFieldName('name')) if (n) params.push(n.text);
    return { name, params };
  },
  call(node, type = node.type) {
    if (type !== 'call_expression') return null;
    const fnNode = field(node, 'function');
    if (!fnNode) return null;
    return { callee: compact(fnNode.text), args: named(field(node, 'arguments')) };
  },
  binding(node, type = node.type) {
    if (type !== 'const_spec' && type !== 'var_spec' && type !== 'short_var_declaration' && type !== 'assignment_statement') return null;
    if (!/["`]/.test(node.text)) return null;
    const names = type === 'short_var_declaration' || type === 'assignment_statement' ? named(field(node, 'left')) : node.childrenForFieldName('name').filter((n): n is SyntaxNode => n !== null);
    const values = named(field(node, type === 'short_var_declaration' || type === 'assignment_statement' ? 'right' : 'value'));
    if (names.length !== values.length) return null;
    return names.map((n, i) => [n.text, values[i]] as [string, SyntaxNode]);
  },
  readers: {
    'os.Getenv': { args: 'first' },
    'os.LookupEnv': { args: 'first' },
    'syscall.Getenv': { args: 'first' },
    'os.Setenv': { args: 'first', exported: true },
    'syscall.Setenv': { args: 'first', exported: true },
    '.EnvVars': { args: 'all' },
    // spf13/viper on the global instance or one of its own (`v := viper.New(); v.BindEnv(…)`).
    '.BindEnv': { args: 'bind' },
  },
  concatLeft(node, type = node.type) {
    return type === 'binary_expression' && node.child(1)?.type === '+' ? field(node, 'left') : null;
  },
  special(node, x, type = node.type) {
    if (type === 'call_expression') return x.prefixCalls ? goFrameworkPrefix(node, type, x) : undefined;
    // One read of the element's text (a copy out of WebAssembly) for both idioms.
    const text = type === 'keyed_element' ? node.text : '';
    if (text.startsWith('Prefix')) return goFrameworkPrefix(node, type, x);
    if (type === 'field_declaration') {
      const tag = field(node, 'tag');
      if (!tag) return;
      const kong = goTagFlag(node, tag.text);
      // caarlos0/env: `envPrefix:"DB_"` on a nested struct prefixes its fields' names; kong's `envprefix:"APP_X_"` on an
      // embedded struct does the same for its flags' variables, which `--help` shows.
      const nested = /\benv[Pp]refix:"([A-Za-z][A-Za-z0-9_]*_)"/d.exec(tag.text)?.indices?.[1];
      if (nested) x.readDerived(tag.text.slice(nested[0], nested[1]), tag.startIndex + nested[0], tag.startIndex + nested[1], kong?.help === true);
      for (const m of tag.text.matchAll(GO_TAG)) {
        const span = m.indices?.[1] ?? m.indices?.[2];
        if (!span) continue;
        if (kong) x.readFlagBound(tag.text.slice(span[0], span[1]), tag.startIndex + span[0], kong.flag, kong.help);
        else x.readAt(tag.text.slice(span[0], span[1]), tag.startIndex + span[0]);
      }
    } else if (text.startsWith('EnvVars')) {
      // urfave/cli v2: `EnvVars: []string{"X", "Y"}`.
      const [key, value] = named(node);
      if (key?.text !== 'EnvVars' || !value) return;
      const flag = urfaveFlagName(node);
      // urfave/cli's help lists a flag's variables (`[$X]`); a `Hidden: true` flag hides them on purpose.
      const shown = flag !== null;
      for (const s of value.descendantsOfType('interpreted_string_literal')) if (s && NAME.test(s.text.slice(1, -1))) x.readFlagBound(s.text.slice(1, -1), s.startIndex + 1, flag, shown);
    }
  },
};

// ---- JavaScript / TypeScript -------------------------------------------------

// k6 scripts read `__ENV.X`, Bun `Bun.env.X`.
const JS_ENV_OBJECTS = new Set(['process.env', 'import.meta.env', 'process?.env', '__ENV', 'Bun.env']);
const JS_STRING_CONTENT = new Set(['string_fragment']);

function jsParams(node: SyntaxNode | null): string[] {
  const out: string[] = [];
  if (!node) return out;
  if (node.type === 'identifier') return [node.text];
  for (const p of named(node)) {
    const id = p.type === 'identifier' ? p : (field(p, 'pattern') ?? field(p, 'left'));
    out.push(id && id.type === 'identifier' ? id.text : '');
  }
  return out;
}

/** Is `node` the target of an assignment or a `delete` (a write, not a read)? */
function jsWritten(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') && field(parent, 'left')?.id === node.id) return true;
  return parent.type === 'unary_expression' && parent.child(0)?.type === 'delete';
}

const NODE: Spec = {
  callType: 'call_expression',
  readerWords: /\benv\b|cleanEnv/,
  types: new Set([
    'function_declaration',
    'method_definition',
    'generator_function_declaration',
    'variable_declarator',
    'call_expression',
    'member_expression',
    'subscript_expression',
    'import_statement',
    'export_statement',
  ]),
  string(node, type = node.type) {
    if (type === 'string') return interpolated(node, JS_STRING_CONTENT, 1);
    if (type === 'template_string') return interpolated(node, JS_STRING_CONTENT, 1);
    return null;
  },
  fn(node, type = node.type) {
    if (type === 'function_declaration' || type === 'method_definition' || type === 'generator_function_declaration') {
      const name = field(node, 'name')?.text;
      return name ? { name, params: jsParams(field(node, 'parameters')) } : null;
    }
    if (type === 'variable_declarator') {
      const value = field(node, 'value');
      const name = field(node, 'name');
      if (value && name?.type === 'identifier' && (value.type === 'arrow_function' || value.type === 'function_expression' || value.type === 'function')) {
        return { name: name.text, params: jsParams(field(value, 'parameters') ?? field(value, 'parameter')) };
      }
    }
    return null;
  },
  call(node, type = node.type) {
    if (type !== 'call_expression') return null;
    const fnNode = field(node, 'function');
    if (!fnNode) return null;
    return { callee: compact(fnNode.text), args: named(field(node, 'arguments')) };
  },
  binding(node, type = node.type) {
    if (type !== 'variable_declarator') return null;
    const name = field(node, 'name');
    const value = field(node, 'value');
    return name?.type === 'identifier' && value ? [[name.text, value]] : null;
  },
  readers: {
    'Deno.env.get': { args: 'first' },
    'Deno.env.set': { args: 'first', exported: true },
  },
  concatLeft(node, type = node.type) {
    return type === 'binary_expression' && node.child(1)?.type === '+' ? field(node, 'left') : null;
  },
  special(node, x, type = node.type) {
    if (type === 'member_expression') jsMember(node, x);
    else if (type === 'subscript_expression') {
      const object = field(node, 'object');
      const index = field(node, 'index');
      if (object && index && isJsEnvObject(object, x, compact(object.text).replace(/\?\.$/, ''))) x.nameArgument(index, jsWritten(node));
    } else if (type === 'variable_declarator') jsDeclarator(node, x);
    else if (type === 'call_expression') jsSchemaCall(node, x);
    else if (type === 'import_statement') jsDefaultImport(node, x);
    else if (type === 'export_statement') {
      const value = field(node, 'value') ?? field(node, 'declaration');
      if (value && node.child(1)?.type === 'default' && jsEnvDerived(value, x)) x.envDefault = true;
    }
  },
};

/** Is `node` (whose text without spaces is `text`) the environment object, or a local name bound to one? */
function isJsEnvObject(node: SyntaxNode, x: Extraction, text = compact(node.text)): boolean {
  return JS_ENV_OBJECTS.has(text) || (x.envObjects.has(text) && node.type === 'identifier');
}

/**
 * Is the expression the environment object or one built from it: an alias, `{ ...process.env }`, a call that takes it
 * (`withFileSecrets(process.env)`, `Object.assign({}, process.env)`), either side of `??`/`||` or of a conditional?
 */
function jsEnvDerived(node: SyntaxNode, x: Extraction, depth = 0): boolean {
  if (depth > 4) return false;
  const type = node.type;
  if (type === 'member_expression' || type === 'identifier') return isJsEnvObject(node, x);
  const inner = (n: SyntaxNode | null) => n !== null && jsEnvDerived(n, x, depth + 1);
  if (type === 'parenthesized_expression' || type === 'as_expression' || type === 'satisfies_expression' || type === 'non_null_expression') return inner(node.namedChild(0));
  if (type === 'ternary_expression') return inner(field(node, 'consequence')) || inner(field(node, 'alternative'));
  if (type === 'binary_expression') return /^(?:\?\?|\|\|)$/.test(node.child(1)?.type ?? '') && (inner(field(node, 'left')) || inner(field(node, 'right')));
  if (type === 'object') return named(node).some((p) => p.type === 'spread_element' && inner(p.namedChild(0)));
  if (type === 'call_expression') return named(field(node, 'arguments')).some((a) => inner(a));
  return false;
}

/** `process.env.X`, `env.X` on an alias (a read or a write), or `environment.X` on a default import (a read if that module exports the environment). */
function jsMember(node: SyntaxNode, x: Extraction): void {
  const object = field(node, 'object');
  const property = field(node, 'property');
  if (!object || property?.type !== 'property_identifier') return;
  const text = compact(object.text);
  if (isJsEnvObject(object, x, text)) return x.readAt(property.text, property.startIndex, jsWritten(node));
  const from = x.imports.get(text);
  if (from !== undefined && NAME_LIKE.test(property.text) && !jsWritten(node) && object.type === 'identifier') {
    x.importedReads.push({ name: property.text, start: property.startIndex, end: property.endIndex, from });
  }
}

/** `const env = process.env` (or built from it) makes an alias; `const { X, Y: y, Z = "d" } = process.env` reads the keys. */
function jsDeclarator(node: SyntaxNode, x: Extraction): void {
  const name = field(node, 'name');
  const value = field(node, 'value');
  if (!name || !value) return;
  if (name.type === 'identifier' && value.type === 'call_expression' && ZOD_OBJECT.test(compact(field(value, 'function')?.text ?? ''))) x.zodSchemas.set(name.text, value);
  const text = value.text;
  if (!/env/i.test(text) && ![...x.envObjects].some((alias) => text.includes(alias))) return;
  if (!jsEnvDerived(value, x)) return;
  if (name.type === 'identifier') return void x.envObjects.add(name.text);
  if (name.type !== 'object_pattern') return;
  for (const p of named(name)) {
    const key = p.type === 'shorthand_property_identifier_pattern' ? p : p.type === 'pair_pattern' ? field(p, 'key') : p.type === 'object_assignment_pattern' ? field(p, 'left') : null;
    if (key && NAME.test(key.text)) x.readAt(key.text, key.startIndex);
  }
}

/** The keys of an object literal (`{ X: str(), "Y": port() }`): each a name read. */
function jsObjectKeys(object: SyntaxNode | null | undefined, x: Extraction): void {
  if (object?.type !== 'object') return;
  for (const pair of named(object)) {
    const key = pair.type === 'pair' ? field(pair, 'key') : pair.type === 'shorthand_property_identifier' ? pair : null;
    if (!key) continue;
    const lit =
      key.type === 'string' ? NODE.string(key) : /^(?:property_identifier|shorthand_property_identifier)$/.test(key.type) ? { value: key.text, start: key.startIndex, end: key.endIndex } : null;
    if (lit && !lit.prefix) x.readAt(lit.value, lit.start);
  }
}

/** The value of property `name` of an object literal. */
function jsProperty(object: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  if (object?.type !== 'object') return null;
  for (const pair of named(object)) if (pair.type === 'pair' && compact(field(pair, 'key')?.text ?? '').replace(/^["']|["']$/g, '') === name) return field(pair, 'value');
  return null;
}

/**
 * Schema frameworks whose keys are the names read: envalid's `cleanEnv(process.env, { X: str() })`, t3-env's
 * `createEnv({ server: { X: z.string() }, client: {…}, shared: {…} })`, a zod object parsed from the environment
 * (`z.object({ X: z.string() }).parse(process.env)`, or a schema the file binds first), and convict's schema, whose
 * settings name their variable with `env: "X"` at any depth.
 */
function jsSchemaCall(node: SyntaxNode, x: Extraction): void {
  const fnNode = field(node, 'function');
  if (!fnNode) return;
  const callee = compact(fnNode.text);
  const args = named(field(node, 'arguments'));
  if (/(?:^|\.)cleanEnv$/.test(callee)) return jsObjectKeys(args[1], x);
  if (/(?:^|\.)createEnv$/.test(callee)) {
    for (const part of ['server', 'client', 'shared']) jsObjectKeys(jsProperty(args[0], part), x);
    return;
  }
  if (/^convict(?:\.default)?$/.test(callee) && args[0]?.type === 'object') {
    for (const pair of args[0].descendantsOfType('pair')) {
      const value = pair && field(pair, 'value');
      if (!pair || !value || compact(field(pair, 'key')?.text ?? '').replace(/^["']|["']$/g, '') !== 'env') continue;
      const lit = NODE.string(value);
      if (lit && !lit.prefix) x.readAt(lit.value, lit.start);
    }
    return;
  }
  // `Object.entries(process.env)` enumerates the names; `key.startsWith(PREFIX)` then reads a family (see applyPrefixTests).
  if (/^Object\.(?:keys|entries)$/.test(callee) && args[0] && jsEnvDerived(args[0], x)) return void (x.envEnumerated = true);
  const method = fnNode.type === 'member_expression' ? field(fnNode, 'property')?.text : undefined;
  if ((method === 'startsWith' || method === 'includes') && args.length === 1) return void x.prefixTests.push(args[0]);
  const parse = method !== undefined && /^(?:parse|safeParse|parseAsync|safeParseAsync)$/.test(method);
  if (!parse || !args[0] || !jsEnvDerived(args[0], x)) return;
  const schema = field(fnNode, 'object');
  const bound = schema?.type === 'identifier' ? x.zodSchemas.get(schema.text) : schema;
  if (bound && ZOD_OBJECT.test(compact(field(bound, 'function')?.text ?? ''))) jsObjectKeys(named(field(bound, 'arguments'))[0], x);
}

/** A zod object schema's constructor (`z.object`, `zod.object`, `z.strictObject`). */
const ZOD_OBJECT = /^(?:z|zod)\.(?:object|strictObject|looseObject)$/;

/** `import environment from "./utils/environment"`: the local name, by the imported module's repository path without extension. */
function jsDefaultImport(node: SyntaxNode, x: Extraction): void {
  const source = field(node, 'source');
  const spec = source ? NODE.string(source)?.value : undefined;
  if (!spec || !/^\.\.?\//.test(spec)) return;
  const clause = named(node).find((c) => c.type === 'import_clause');
  const local = clause?.namedChild(0);
  if (local?.type !== 'identifier') return;
  x.imports.set(local.text, modulePath(posix.join(posix.dirname(x.path), spec)));
}

/** A module's path as imports name it: no extension, `dir/index` as `dir`. */
function modulePath(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '');
}

// ---- Python --------------------------------------------------------------------

const PY_STRING_CONTENT = new Set(['string_content']);
const PY_ENVIRON = new Set(['os.environ', 'environ']);

/** The value of `name=<string>` among a call's keyword arguments. */
function keywordString(call: SyntaxNode, name: string): Literal | null {
  for (const arg of named(field(call, 'arguments'))) {
    if (arg.type === 'keyword_argument' && field(arg, 'name')?.text === name) {
      const value = field(arg, 'value');
      return value ? PYTHON.string(value) : null;
    }
  }
  return null;
}

/**
 * pydantic-settings: a `BaseSettings` class reads `env_prefix` + each field's
 * name (matched without regard to case, so documented upper case), or the
 * field's `alias`/`validation_alias` as written.
 */
function pydanticSettings(node: SyntaxNode, x: Extraction): void {
  if (!/\bBaseSettings\b/.test(field(node, 'superclasses')?.text ?? '')) return;
  const body = named(field(node, 'body'));
  let prefix = '';
  for (const statement of body) {
    const a = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    const right = a?.type === 'assignment' ? field(a, 'right') : null;
    if (a && field(a, 'left')?.text === 'model_config' && right?.type === 'call') prefix = keywordString(right, 'env_prefix')?.value ?? prefix;
    if (statement.type === 'class_definition' && field(statement, 'name')?.text === 'Config') {
      for (const inner of named(field(statement, 'body'))) {
        const ia = inner.namedChild(0);
        if (ia?.type === 'assignment' && field(ia, 'left')?.text === 'env_prefix') prefix = PYTHON.string(field(ia, 'right')!)?.value ?? prefix;
      }
    }
  }
  for (const statement of body) {
    const a = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (a?.type !== 'assignment' || !field(a, 'type')) continue;
    const left = field(a, 'left');
    if (left?.type !== 'identifier' || left.text === 'model_config') continue;
    const right = field(a, 'right');
    if (right?.type === 'call' && /(?:^|\.)Field$/.test(field(right, 'function')?.text ?? '')) {
      const aliases = named(field(right, 'arguments')).filter((k) => k.type === 'keyword_argument' && /^(?:validation_)?alias$/.test(field(k, 'name')?.text ?? ''));
      const strings = aliases.flatMap((k) => k.descendantsOfType('string')).filter((n): n is SyntaxNode => n !== null);
      if (strings.length) {
        for (const str of strings) {
          const lit = PYTHON.string(str);
          if (lit && !lit.prefix) x.readAt(lit.value.toUpperCase() === lit.value ? lit.value : lit.value.toUpperCase(), lit.start);
        }
        continue;
      }
    }
    x.readDerived(`${prefix}${left.text}`.toUpperCase(), left.startIndex, left.endIndex);
  }
}

/** environs' `with env.prefixed("APP_"):`: inside the block, `env.str("HOST")` reads APP_HOST (an enclosing block's prefix first). */
function environsPrefixed(node: SyntaxNode, x: Extraction): void {
  const body = field(node, 'body');
  if (!body || !node.text.includes('.prefixed(')) return;
  for (const call of node.descendantsOfType('call')) {
    if (!call || call.startIndex >= body.startIndex) break;
    const fnNode = field(call, 'function');
    const object = fnNode?.type === 'attribute' ? field(fnNode, 'object') : null;
    const first = named(field(call, 'arguments'))[0];
    const lit = first && PYTHON.string(first);
    if (!object || object.type !== 'identifier' || field(fnNode!, 'attribute')?.text !== 'prefixed' || !lit || lit.prefix) continue;
    const outer = x.prefixedBlocks.filter((b) => b.object === object.text && b.start <= node.startIndex && node.endIndex <= b.end).pop();
    x.prefixedBlocks.push({ start: body.startIndex, end: body.endIndex, object: object.text, prefix: (outer?.prefix ?? '') + lit.value });
  }
}

/**
 * A call of an environs or django-environ object: inside a `prefixed` block, its name argument is read under the
 * block's prefix; django-environ's scheme `environ.Env(DEBUG=(bool, False))` names the variables it casts.
 */
function pythonEnvironCall(node: SyntaxNode, x: Extraction): void {
  const fnNode = field(node, 'function');
  if (!fnNode) return;
  const callee = compact(fnNode.text);
  if (/^(?:environ\.)?Env$/.test(callee)) {
    for (const a of named(field(node, 'arguments'))) {
      const name = a.type === 'keyword_argument' ? field(a, 'name') : null;
      if (name && NAME_LIKE.test(name.text)) x.readAt(name.text, name.startIndex);
    }
    return;
  }
  if (!x.prefixedBlocks.length) return;
  const object = callee.split('.')[0];
  const block = x.prefixedBlocks.filter((b) => b.object === object && b.start <= node.startIndex && node.endIndex <= b.end).pop();
  const first = block && named(field(node, 'arguments'))[0];
  const lit = first && first.type !== 'keyword_argument' ? PYTHON.string(first) : null;
  if (block && lit && !lit.prefix && (callee === object || callee.split('.').length === 2)) x.prefixedArgs.set(lit.start, block.prefix);
}

/** Callees that define a command-line option: argparse's and optparse's parsers, click's and typer's options. */
const PY_OPTION_CALL = /(?:^|\.)(?:add_argument|add_option|option|Option)$/;

/**
 * A command-line option bound to environment variables: argparse's `add_argument("--no-cache", default=os.getenv("PDM_NO_CACHE"))`
 * (the reads in `default` are the flag's) and click's or typer's `option("--token", envvar="APP_TOKEN")` (a read,
 * `envvar` a name or a list of names). Each name is documented wherever its long flag is.
 */
function pythonOption(node: SyntaxNode, x: Extraction): void {
  const fnNode = field(node, 'function');
  if (!fnNode || !PY_OPTION_CALL.test(compact(fnNode.text))) return;
  const args = named(field(node, 'arguments'));
  let flag: string | null = null;
  for (const a of args) {
    const lit = a.type === 'string' ? PYTHON.string(a) : null;
    if (lit && !lit.prefix && /^--[A-Za-z0-9][\w-]*$/.test(lit.value)) {
      flag = lit.value;
      break;
    }
  }
  if (!flag) return;
  for (const a of args) {
    if (a.type !== 'keyword_argument') continue;
    const key = field(a, 'name')?.text;
    const value = field(a, 'value');
    if (!value) continue;
    if (key === 'default') x.bindFlag(value, flag);
    else if (key === 'help') {
      // The help `--help` prints, and a CLI reference generated from it (pdm's `[env var: PDM_FROZEN_LOCKFILE]`).
      for (const m of value.text.matchAll(/(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])/g)) x.helpFlags.push({ name: m[0], flag });
    } else if (key === 'envvar') {
      const strings = value.type === 'string' ? [value] : value.type === 'list' || value.type === 'tuple' ? named(value).filter((v) => v.type === 'string') : [];
      for (const str of strings) {
        const lit = PYTHON.string(str);
        if (lit && !lit.prefix) x.readFlagBound(lit.value, lit.start, flag);
      }
    }
  }
}

const PYTHON: Spec = {
  callType: 'call',
  readerWords: /environ|getenv|putenv|\benv\b/,
  types: new Set(['function_definition', 'call', 'assignment', 'subscript', 'class_definition', 'with_statement']),
  string(node, type = node.type) {
    if (type !== 'string') return null;
    const text = node.text;
    const open = /^[A-Za-z]*("""|'''|"|')/.exec(text);
    if (!open) return null;
    // Bytes and raw strings are still names; an f-string's literal head is a prefix.
    return interpolated(node, PY_STRING_CONTENT, open[0].length);
  },
  fn(node, type = node.type) {
    if (type !== 'function_definition') return null;
    const name = field(node, 'name')?.text;
    if (!name) return null;
    const params = named(field(node, 'parameters')).map((p) => (p.type === 'identifier' ? p.text : (field(p, 'name')?.text ?? p.namedChild(0)?.text ?? '')));
    // A method's `self`/`cls` is not passed by the caller.
    if (params[0] === 'self' || params[0] === 'cls') params.shift();
    return { name, params };
  },
  call(node, type = node.type) {
    if (type !== 'call') return null;
    const fnNode = field(node, 'function');
    if (!fnNode) return null;
    return { callee: compact(fnNode.text), args: named(field(node, 'arguments')).filter((a) => a.type !== 'keyword_argument') };
  },
  binding(node, type = node.type) {
    if (type !== 'assignment') return null;
    const left = field(node, 'left');
    const right = field(node, 'right');
    return left?.type === 'identifier' && right ? [[left.text, right]] : null;
  },
  readers: {
    'os.getenv': { args: 'first' },
    getenv: { args: 'first' },
    'os.environ.get': { args: 'first' },
    'environ.get': { args: 'first' },
    'os.environ.setdefault': { args: 'first' },
    'os.environ.pop': { args: 'first', exported: true },
    'os.putenv': { args: 'first', exported: true },
    'os.getenvb': { args: 'first' },
    // environs (`env = Env()`) and django-environ (`env = environ.Env()`): `env("X")`, `env.str("X")`, `env.bool("X", default=…)`.
    env: { args: 'first' },
    ...Object.fromEntries(
      [
        'str',
        'int',
        'bool',
        'float',
        'decimal',
        'list',
        'dict',
        'json',
        'url',
        'path',
        'db',
        'db_url',
        'cache',
        'cache_url',
        'email',
        'email_url',
        'search_url',
        'datetime',
        'date',
        'time',
        'timedelta',
        'uuid',
        'log_level',
        'tuple',
      ].map((m) => [`env.${m}`, { args: 'first' as const }]),
    ),
  },
  concatLeft(node, type = node.type) {
    return type === 'binary_operator' && node.child(1)?.type === '+' ? field(node, 'left') : null;
  },
  special(node, x, type = node.type) {
    if (type === 'class_definition') return pydanticSettings(node, x);
    if (type === 'with_statement') return environsPrefixed(node, x);
    if (type === 'call') {
      pythonEnvironCall(node, x);
      return pythonOption(node, x);
    }
    if (type !== 'subscript') return;
    const value = field(node, 'value');
    const index = field(node, 'subscript');
    if (!value || !index || !PY_ENVIRON.has(compact(value.text))) return;
    const parent = node.parent;
    const written = (parent?.type === 'assignment' && field(parent, 'left')?.id === node.id) || parent?.type === 'delete_statement';
    x.nameArgument(index, written);
  },
};

// ---- Rust ------------------------------------------------------------------------

/**
 * The long flag of the field a clap attribute annotates: `long = "name"` gives `--name`, a bare `long` the
 * field's name in kebab case (`dry_run` → `--dry-run`); null without `long` (a positional argument or a short flag).
 */
function clapLongFlag(attribute: SyntaxNode): string | null {
  const explicit = /\blong\s*=\s*"([A-Za-z0-9][\w-]*)"/.exec(attribute.text);
  if (explicit) return `--${explicit[1]}`;
  if (!/[(,]\s*long\s*[,)]/.test(attribute.text)) return null;
  let next = attribute.nextNamedSibling;
  while (next && (next.type === 'attribute_item' || next.type === 'line_comment' || next.type === 'block_comment')) next = next.nextNamedSibling;
  const name = next?.type === 'field_declaration' ? field(next, 'name')?.text : undefined;
  return name ? `--${name.replace(/^r#/, '').replace(/_/g, '-')}` : null;
}

/** `pub const UV_X: &str = "UV_X";`: a constant other files may read a name through, by its path (`EnvVars::UV_X` inside `impl EnvVars`). */
function rustConstant(node: SyntaxNode, x: Extraction): void {
  const name = field(node, 'name')?.text;
  const value = field(node, 'value');
  const lit = value ? RUST.string(value) : null;
  if (!name || !lit || !NAME_LIKE.test(lit.value)) return;
  x.constants.push({ name: rustItemPath(node, name), value: lit.value });
}

/** The path other files name an item by: `Owner::name` inside an inherent `impl Owner`, else the bare name. */
function rustItemPath(node: SyntaxNode, name: string): string {
  const impl = node.parent?.type === 'declaration_list' && node.parent.parent?.type === 'impl_item' ? node.parent.parent : null;
  const owner = impl && !field(impl, 'trait') ? field(impl, 'type')?.text.replace(/<.*$/s, '') : undefined;
  return owner ? `${owner}::${name}` : name;
}

/**
 * `pub fn index_username(name: &str) -> String { format!("UV_INDEX_{name}_USERNAME") }`: a function whose body is
 * one `format!` builds names at run time; its constant prefix (`UV_INDEX_`) is recorded as the value of the path
 * `EnvVars::index_username()`, so a read through a call of it reads the family of names built from that prefix.
 */
function rustNameBuilder(node: SyntaxNode, x: Extraction): void {
  const body = field(node, 'body');
  const only = body?.namedChildCount === 1 ? body.namedChild(0) : null;
  const macro = only?.type === 'macro_invocation' ? only : only?.type === 'expression_statement' ? only.namedChild(0) : null;
  if (macro?.type !== 'macro_invocation' || compact(field(macro, 'macro')?.text ?? '') !== 'format') return;
  const first = macro.descendantsOfType('string_literal')[0];
  const lit = first ? RUST.string(first) : null;
  const open = lit ? lit.value.indexOf('{') : -1;
  const prefix = lit && open > 0 ? lit.value.slice(0, open) : '';
  const name = field(node, 'name')?.text;
  if (name && /^[A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*$/.test(prefix)) x.constants.push({ name: `${rustItemPath(node, name)}()`, value: prefix });
}

/** `#[cfg(test)]`, `#[cfg(all(test, …))]`, `#[test]`, `#[tokio::test]`: an attribute that compiles an item only for tests. */
const RUST_TEST_ATTRIBUTE = /^#\[\s*(?:cfg\s*\(\s*(?:all\s*\(\s*)?test\b|(?:[\w:]+::)?test\s*\])/;

const RUST: Spec = {
  callType: 'call_expression',
  readerWords: /\benv\b/,
  constPath: /^(?:[A-Za-z_]\w*::)+[A-Z][A-Z0-9_]*$/,
  types: new Set(['function_item', 'mod_item', 'call_expression', 'const_item', 'static_item', 'let_declaration', 'macro_invocation', 'attribute_item']),
  testItem(node, type) {
    if (type !== 'function_item' && type !== 'mod_item') return false;
    // The item's attributes (and doc comments between them) are the siblings before it.
    for (let s = node.previousNamedSibling; s && /^(?:attribute_item|line_comment|block_comment)$/.test(s.type); s = s.previousNamedSibling) {
      if (s.type === 'attribute_item' && RUST_TEST_ATTRIBUTE.test(s.text)) return true;
    }
    return false;
  },
  string(node, type = node.type) {
    if (type === 'string_literal') return quoted(node);
    if (type === 'raw_string_literal') {
      const open = /^r#*"/.exec(node.text)?.[0].length ?? 2;
      return quoted(node, open, open - 1);
    }
    return null;
  },
  fn(node, type = node.type) {
    if (type !== 'function_item') return null;
    const name = field(node, 'name')?.text;
    if (!name) return null;
    const params = named(field(node, 'parameters'))
      .filter((p) => p.type !== 'self_parameter')
      .map((p) => field(p, 'pattern')?.text ?? '');
    return { name, params };
  },
  call(node, type = node.type) {
    if (type !== 'call_expression') return null;
    const fnNode = field(node, 'function');
    if (!fnNode) return null;
    return { callee: compact(fnNode.text).replace(/::<.*>$/, ''), args: named(field(node, 'arguments')) };
  },
  binding(node, type = node.type) {
    if (type !== 'const_item' && type !== 'static_item' && type !== 'let_declaration') return null;
    const name = field(node, type === 'let_declaration' ? 'pattern' : 'name');
    const value = field(node, 'value');
    return name?.type === 'identifier' && value ? [[name.text, value]] : null;
  },
  readers: {
    'env::var': { args: 'first' },
    'std::env::var': { args: 'first' },
    'env::var_os': { args: 'first' },
    'std::env::var_os': { args: 'first' },
    'env::set_var': { args: 'first', exported: true },
    'std::env::set_var': { args: 'first', exported: true },
    'dotenvy::var': { args: 'first' },
  },
  special(node, x, type = node.type) {
    if (type === 'macro_invocation') {
      const macro = compact(field(node, 'macro')?.text ?? '');
      if (/^(?:std::)?e?println$/.test(macro)) {
        // A build script's `println!("cargo:rustc-env=X=…")` sets X for the compiler: `env!("X")` then reads the build's value.
        for (const s of node.descendantsOfType('string_literal')) {
          const m = s && /^"cargo::?rustc-env=([A-Za-z_][A-Za-z0-9_]*)=/.exec(s.text);
          if (s && m) x.readAt(m[1], s.startIndex + m[0].length - m[1].length - 1, true);
        }
        return;
      }
      if (macro !== 'env' && macro !== 'option_env' && macro !== 'std::env') return;
      const first = node.descendantsOfType('string_literal')[0];
      if (first) x.nameArgument(first, false);
    } else if (type === 'attribute_item') {
      // clap: `#[arg(long, env = "APP_X")]`, `#[clap(env = "APP_X")]`, or a constant's path (`env = EnvVars::APP_X`).
      if (!/^#\[\s*(?:arg|clap|structopt)\s*\(/.test(node.text)) return;
      const flag = clapLongFlag(node);
      // clap's help shows `[env: X=]` beside the flag (`hide`/`hide_env` hide it on purpose).
      const shown = flag !== null;
      for (const m of node.text.matchAll(/\benv\s*=\s*(?:"([A-Za-z_][A-Za-z0-9_]*)"|((?:[A-Za-z_]\w*::)+[A-Z][A-Z0-9_]*)\b)/dg)) {
        const [start] = m.indices![1] ?? m.indices![2];
        if (m[1]) x.readFlagBound(m[1], node.startIndex + start, flag, shown);
        else x.flagRef(m[2], node.startIndex + start, flag, shown);
      }
    } else if (type === 'const_item' || type === 'static_item') rustConstant(node, x);
    else if (type === 'function_item') rustNameBuilder(node, x);
  },
};

// ---- Java and Kotlin -------------------------------------------------------------

/** Spring `@Value("${APP_X:default}")`: each placeholder names a property, which an upper-case name binds from the environment. */
function springPlaceholders(node: SyntaxNode, x: Extraction): void {
  for (const s of [...node.descendantsOfType('string_literal'), ...node.descendantsOfType('line_string_literal')]) {
    if (!s) continue;
    for (const m of s.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[:}]/g)) if (NAME_LIKE.test(m[1])) x.readAt(m[1], s.startIndex + (m.index ?? 0) + 2);
  }
}

const JAVA: Spec = {
  callType: 'method_invocation',
  readerWords: /getenv/,
  types: new Set(['method_declaration', 'constructor_declaration', 'method_invocation', 'variable_declarator', 'annotation', 'marker_annotation']),
  string(node, type = node.type) {
    if (type !== 'string_literal') return null;
    return node.text.startsWith('"""') ? null : quoted(node);
  },
  fn(node, type = node.type) {
    if (type !== 'method_declaration' && type !== 'constructor_declaration') return null;
    const name = field(node, 'name')?.text;
    if (!name) return null;
    return { name, params: named(field(node, 'parameters')).map((p) => field(p, 'name')?.text ?? '') };
  },
  call(node, type = node.type) {
    if (type !== 'method_invocation') return null;
    const object = field(node, 'object');
    const name = field(node, 'name');
    if (!name) return null;
    return { callee: compact(object ? `${object.text}.${name.text}` : name.text), args: named(field(node, 'arguments')) };
  },
  binding(node, type = node.type) {
    if (type !== 'variable_declarator') return null;
    const name = field(node, 'name');
    const value = field(node, 'value');
    return name && value ? [[name.text, value]] : null;
  },
  readers: { 'System.getenv': { args: 'first' } },
  concatLeft(node, type = node.type) {
    return type === 'binary_expression' && node.child(1)?.type === '+' ? field(node, 'left') : null;
  },
  special(node, x, type = node.type) {
    if ((type === 'annotation' || type === 'marker_annotation') && field(node, 'name')?.text === 'Value') springPlaceholders(node, x);
  },
};

const KOTLIN_CONTENT = new Set(['string_content']);

const KOTLIN: Spec = {
  callType: 'call_expression',
  readerWords: /getenv/,
  types: new Set(['function_declaration', 'call_expression', 'property_declaration', 'annotation']),
  string(node, type = node.type) {
    if (type !== 'string_literal' && type !== 'line_string_literal') return null;
    if (node.text.startsWith('"""')) return null;
    return interpolated(node, KOTLIN_CONTENT, 1);
  },
  fn(node, type = node.type) {
    if (type !== 'function_declaration') return null;
    const name = named(node).find((c) => c.type === 'simple_identifier')?.text;
    if (!name) return null;
    const params = named(named(node).find((c) => c.type === 'function_value_parameters') ?? null)
      .filter((p) => p.type === 'parameter')
      .map((p) => named(p).find((c) => c.type === 'simple_identifier')?.text ?? '');
    return { name, params };
  },
  call(node, type = node.type) {
    if (type !== 'call_expression') return null;
    const [callee, suffix] = named(node);
    if (!callee || suffix?.type !== 'call_suffix') return null;
    const args = named(named(suffix).find((c) => c.type === 'value_arguments') ?? null)
      .map((a) => named(a)[named(a).length - 1])
      .filter((a): a is SyntaxNode => a !== undefined);
    return { callee: compact(callee.text), args };
  },
  binding(node, type = node.type) {
    if (type !== 'property_declaration') return null;
    const decl = named(node).find((c) => c.type === 'variable_declaration');
    const name = decl ? named(decl).find((c) => c.type === 'simple_identifier') : undefined;
    const value = named(node).find((c) => c.type === 'string_literal' || c.type === 'line_string_literal');
    return name && value ? [[name.text, value]] : null;
  },
  readers: { 'System.getenv': { args: 'first' }, getenv: { args: 'first' } },
  concatLeft(node, type = node.type) {
    return type === 'additive_expression' && node.child(1)?.type === '+' ? node.namedChild(0) : null;
  },
  special(node, x, type = node.type) {
    if (type === 'annotation' && /^@Value\b/.test(node.text)) springPlaceholders(node, x);
  },
};

// ---- Ruby ------------------------------------------------------------------------

const RUBY_CONTENT = new Set(['string_content']);

const RUBY: Spec = {
  callType: 'call',
  readerWords: /\bENV\b/,
  types: new Set(['method', 'singleton_method', 'call', 'assignment', 'element_reference']),
  string(node, type = node.type) {
    if (type === 'string') return interpolated(node, RUBY_CONTENT, 1);
    if (type === 'simple_symbol') return null;
    return null;
  },
  fn(node, type = node.type) {
    if (type !== 'method' && type !== 'singleton_method') return null;
    const name = field(node, 'name')?.text;
    if (!name) return null;
    return { name, params: named(field(node, 'parameters')).map((p) => (p.type === 'identifier' ? p.text : (field(p, 'name')?.text ?? ''))) };
  },
  call(node, type = node.type) {
    if (type !== 'call') return null;
    const receiver = field(node, 'receiver');
    const method = field(node, 'method');
    if (!method) return null;
    return { callee: compact(receiver ? `${receiver.text}.${method.text}` : method.text), args: named(field(node, 'arguments')).filter((a) => a.type !== 'pair') };
  },
  binding(node, type = node.type) {
    if (type !== 'assignment') return null;
    const left = field(node, 'left');
    const right = field(node, 'right');
    return left && (left.type === 'identifier' || left.type === 'constant') && right ? [[left.text, right]] : null;
  },
  readers: { 'ENV.fetch': { args: 'first' }, 'ENV.key?': { args: 'first' }, 'ENV.delete': { args: 'first', exported: true }, 'ENV.store': { args: 'first', exported: true } },
  concatLeft(node, type = node.type) {
    return type === 'binary' && node.child(1)?.type === '+' ? field(node, 'left') : null;
  },
  special(node, x, type = node.type) {
    if (type !== 'element_reference') return;
    const object = field(node, 'object');
    if (object?.text !== 'ENV') return;
    const index = named(node).find((c) => c.id !== object.id);
    if (!index) return;
    const parent = node.parent;
    x.nameArgument(index, parent?.type === 'assignment' && field(parent, 'left')?.id === node.id);
  },
};

const SPECS: Record<TreeReader, Spec> = { go: GO, node: NODE, python: PYTHON, rust: RUST, java: JAVA, kotlin: KOTLIN, ruby: RUBY };

/**
 * The functions a Go file without a reader's idiom calls, when that is all its tree could add: such a file (most of
 * the Go files that spell a name, tests above all) holds no read, no wrapper and no framework; only a call of a
 * wrapper another file defines can read there, so it is parsed only when it calls one (see joinEnvReads). Its
 * literals and its child-environment entries (`"APP_X="+v`) are found from its string tokens. Null when the file
 * must be parsed now: it has an idiom, or formats an entry (`fmt.Sprintf("%s=%d", "APP_X", v)`).
 */
function goLazyCallees(text: string): string[] | null {
  if (GO_MAY_READ_PART.test(text) || text.includes('"%s=')) return null;
  // Every word before `(` (a call's short callee, as handleCall takes it): more than the calls, never fewer.
  return [...new Set(Array.from(text.matchAll(/([A-Za-z_]\w*)\s*\(/g), (m) => m[1]))].sort();
}

/**
 * The env facts of one file, read from its syntax tree (the grammar must be loaded: see loadGrammars). A Go file
 * only a wrapper call could read in is not parsed unless `full` (see goLazyCallees): its facts carry `lazyCallees`.
 */
export function extractEnvCodeFacts(path: string, text: string, reader: TreeReader, full = false): EnvCodeFacts {
  const facts: EnvCodeFacts = { kind: 'env', path, reader, reads: [], wrappers: [], forwards: [], calls: [], literals: [] };
  if (!MAY_READ[reader].test(text)) return facts;
  const x = new Extraction(SPECS[reader], path);
  x.prefixCalls = reader === 'go' && GO_PREFIX_HINT.test(text);
  const lazy = reader === 'go' && !full ? goLazyCallees(text) : null;
  let tree;
  try {
    if (lazy) scanLiterals(text, null, x);
    else {
      const lang = treeLanguageOf(reader, path);
      tree = parseTree(lang, text, reader === 'go' ? (goReadRanges(text, GO_MAY_READ_PART) ?? undefined) : undefined);
      walk(lang, tree, x, text);
      scanLiterals(text, tree, x);
      x.applyPrefixTests();
      x.resolve();
      x.applyFlags();
      x.applyPrefixes();
    }
  } catch (err) {
    return { ...facts, error: (err as Error)?.message ?? String(err) };
  } finally {
    tree?.delete();
  }
  if (lazy) facts.lazyCallees = lazy;
  const byStart = (a: EnvReadFact, b: EnvReadFact) => a.start - b.start || a.end - b.end || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const unique = <T extends EnvReadFact>(list: T[]): T[] => list.sort(byStart).filter((r, i) => i === 0 || byStart(r, list[i - 1]) !== 0);
  facts.reads = unique(x.reads);
  facts.calls = unique(x.calls);
  facts.literals = [...x.literals].sort();
  if (x.envDefault) facts.envDefault = true;
  if (x.constants.length)
    facts.constants = [...new Map(x.constants.map((c) => [`${c.name}\0${c.value}`, c])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.value < b.value ? -1 : 1));
  if (x.constRefs.length) facts.constRefs = x.constRefs.sort((a, b) => a.start - b.start || a.end - b.end);
  if (x.testSpans.length) facts.testSpans = x.testSpans;
  if (x.childSets.size) facts.childSets = [...x.childSets].sort();
  if (x.viper.keys.length || x.viper.prefix !== undefined || x.viper.replacer) facts.viper = x.viper;
  if (x.importedReads.length) facts.importedReads = unique(x.importedReads);
  if (x.helpFlags.length)
    facts.helpFlags = [...new Map(x.helpFlags.map((h) => [`${h.name}\0${h.flag}`, h])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.flag < b.flag ? -1 : 1));
  const key = (w: object) => JSON.stringify(w);
  facts.wrappers = [...new Map(x.wrappers.map((w) => [key(w), w])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  facts.forwards = [...new Map(x.forwards.map((w) => [key(w), w])).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return facts;
}

/**
 * The name a path to a constant gives (`uv_static::EnvVars::UV_X` → its value), from every file's constants: by the
 * path's type and name, else by the name of a constant outside a type; undefined when no constant or two with
 * different values answer.
 */
function constantsOf(facts: readonly EnvCodeFacts[]): (ref: string) => string | undefined {
  const values = new Map<string, string | null>();
  for (const f of facts) for (const c of f.constants ?? []) values.set(c.name, values.has(c.name) && values.get(c.name) !== c.value ? null : c.value);
  return (ref) => {
    const parts = ref.split('::');
    const owned = parts.length > 1 ? values.get(parts.slice(-2).join('::')) : undefined;
    return (owned === undefined ? values.get(parts[parts.length - 1]) : owned) ?? undefined;
  };
}

/** The folder of a repository path ('' at the root). */
const dirOf = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('/'), 0));

const key = (fn: string, param: number) => `${fn}\0${param}`;

/** The wrappers of a set of files by function and parameter (`fn\0param`), followed to WRAPPER_DEPTH: true when they set rather than read. */
function wrappersOf(facts: readonly EnvCodeFacts[]): Map<string, boolean> {
  const wrappers = new Map<string, boolean>();
  for (const f of facts) for (const w of f.wrappers) wrappers.set(key(w.fn, w.param), (wrappers.get(key(w.fn, w.param)) ?? true) && w.exported === true);
  for (let depth = 1; depth < WRAPPER_DEPTH; depth++) {
    let grew = false;
    for (const f of facts) {
      for (const fw of f.forwards) {
        const via = wrappers.get(key(fw.callee, fw.arg));
        if (via === undefined || wrappers.has(key(fw.fn, fw.param))) continue;
        wrappers.set(key(fw.fn, fw.param), via);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return wrappers;
}

/**
 * The variables of viper's one-argument `BindEnv("db.host")`, as viper names them: the key upper-cased after the
 * prefix and `_` (`APP_DB.HOST`), then the key replacer applied (`APP_DB_HOST`). The prefix and replacer are the
 * file's own, else the only ones the repository sets (the global instance is the program's); a name that is still no
 * variable name (a `.` left without a replacer) is read by nobody who sets it from a shell, and left out.
 */
function viperReads(facts: readonly EnvCodeFacts[]): JoinedEnvRead[] {
  const all = facts.filter((f) => f.viper);
  if (!all.length) return [];
  const only = <T>(values: T[]): T | null | undefined => {
    const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
    return distinct.length === 1 ? (JSON.parse(distinct[0]) as T) : distinct.length ? null : undefined;
  };
  const prefix = only(all.flatMap((f) => (f.viper!.prefix !== undefined ? [f.viper!.prefix] : [])));
  const replacer = only(all.flatMap((f) => (f.viper!.replacer ? [f.viper!.replacer] : [])));
  const out: JoinedEnvRead[] = [];
  // With AutomaticEnv, every key any code gets (`viper.GetString("id")`) is read as PREFIX_ID: the prefix is a family.
  const automatic = all.some((f) => f.viper!.automatic);
  for (const f of all) {
    const at = f.viper!.prefixAt;
    if (automatic && at && f.viper!.prefix) out.push({ name: `${f.viper!.prefix.toUpperCase()}_`, path: f.path, start: at[0], end: at[1], exported: false });
  }
  for (const f of all) {
    const p = f.viper!.prefix !== undefined ? f.viper!.prefix : prefix;
    const r = f.viper!.replacer ?? replacer ?? [];
    if (p === null) continue;
    for (const k of f.viper!.keys) {
      const name = replaceAll((p ? `${p}_${k.key}` : k.key).toUpperCase(), r);
      if (NAME.test(name)) out.push({ name, path: f.path, start: k.start, end: k.end, exported: false });
    }
  }
  return out;
}

/** Go's `strings.NewReplacer(old1, new1, …).Replace(s)`: at each position the first old string (in argument order) that matches is replaced. */
function replaceAll(s: string, pairs: readonly string[]): string {
  if (!pairs.length) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const j = pairs.findIndex((old, n) => n % 2 === 0 && old !== '' && s.startsWith(old, i));
    if (j < 0) out += s[i++];
    else {
      out += pairs[j + 1];
      i += pairs[j].length;
    }
  }
  return out;
}

/** How far wrappers are followed: a function calling a function calling a reader, and so on. */
export const WRAPPER_DEPTH = 4;

/** A read (or a set, when `exported`) found by joining the env facts of many files. */
export interface JoinedEnvRead {
  name: string;
  path: string;
  start: number;
  end: number;
  exported: boolean;
  /** The command-line flag that binds the name (`--dry-run`): the name is documented wherever the flag is. */
  flag?: string;
  /** The program's `--help` shows the variable beside its flag. */
  help?: true;
}

/**
 * The reads of a set of files, wrappers followed across them: a function whose
 * parameter reaches a reader is a wrapper, a function passing its parameter to
 * a wrapper is one too (up to WRAPPER_DEPTH), and a call of a wrapper with a
 * literal reads that literal. Pure: the same facts give the same reads.
 */
export function joinEnvReads(given: readonly EnvCodeFacts[], full?: (lazy: EnvCodeFacts) => EnvCodeFacts | undefined): JoinedEnvRead[] {
  const facts = [...given];
  let wrappers = wrappersOf(facts);
  // A file read lazily is parsed when it calls a wrapper; its forwards may make more wrappers, which other lazy files may call.
  for (let grew = full !== undefined; grew;) {
    grew = false;
    const names = new Set([...wrappers.keys()].map((k) => k.slice(0, k.indexOf('\0'))));
    facts.forEach((f, i) => {
      if (!f.lazyCallees?.some((c) => names.has(c))) return;
      const parsed = full!(f);
      if (!parsed) return;
      facts[i] = parsed;
      grew = true;
    });
    if (grew) wrappers = wrappersOf(facts);
  }
  // What a Rust build script sets (cargo:rustc-env) the build provides: reading it is not a setting a user gives.
  const built = new Set(facts.filter((f) => /(?:^|\/)build\.rs$/.test(f.path)).flatMap((f) => f.reads.filter((r) => r.exported).map((r) => r.name)));
  // What a package puts in a child process's environment and reads back itself (lazygit's daemon package, which starts the
  // program as its own child with LAZYGIT_DAEMON_KIND): its reads of that name take the program's value, not a user's.
  // A test or a harness elsewhere that starts the program with a setting (`"LAZYGIT_HEADLESS=true"`) is a user of it.
  const childSet = new Set(facts.filter((f) => !/_test\.go$/.test(f.path)).flatMap((f) => (f.childSets ?? []).map((n) => `${dirOf(f.path)}\0${n}`)));
  // Modules whose default export is the environment (or an object built from it): their importers' member reads are reads.
  const envModules = new Set(facts.filter((f) => f.envDefault).map((f) => modulePath(f.path)));
  const out: JoinedEnvRead[] = viperReads(facts);
  const constant = constantsOf(facts);
  for (const f of facts) {
    for (const r of f.constRefs ?? []) {
      const name = constant(r.ref);
      const exported = r.callee === undefined ? r.exported === true : wrappers.get(key(r.callee, r.arg ?? 0));
      if (name && exported !== undefined) out.push({ name, path: f.path, start: r.start, end: r.end, exported, ...(r.flag ? { flag: r.flag } : {}), ...(r.help ? { help: r.help } : {}) });
    }
    for (const r of f.reads)
      out.push({
        name: r.name,
        path: f.path,
        start: r.start,
        end: r.end,
        exported: r.exported === true || built.has(r.name) || childSet.has(`${dirOf(f.path)}\0${r.name}`),
        ...(r.flag ? { flag: r.flag } : {}),
        ...(r.help ? { help: r.help } : {}),
      });
    for (const r of f.importedReads ?? []) if (envModules.has(r.from)) out.push({ name: r.name, path: f.path, start: r.start, end: r.end, exported: false });
    for (const c of f.calls) {
      const exported = wrappers.get(key(c.callee, c.arg));
      if (exported !== undefined) out.push({ name: c.name, path: f.path, start: c.start, end: c.end, exported });
    }
  }
  return out;
}
