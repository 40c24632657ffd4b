import { type SyntaxNode, type SyntaxTree } from '../syntax.js';
import { chainAbove, children, CliCollector, dashed, isTrue, nodesOf } from './common.js';

/**
 * Go: the standard `flag` package and spf13/pflag (`fs.StringVarP(&v, "name", "n", …)`),
 * cobra commands (`&cobra.Command{Use: "serve [flags]", Aliases, Hidden, Deprecated}`,
 * `MarkHidden`/`MarkDeprecated`), urfave/cli v2/v3 (`&cli.StringFlag{Name, Aliases, EnvVars|Sources, Hidden}`,
 * `cli.Command{Name, Aliases}` also as elided elements of `[]*cli.Command{{…}}`) and kingpin
 * (`app.Flag("name", "help").Short('n').Envar("X").Hidden()`, `app.Command("name", "help").Alias("x")`).
 */
const TYPES = new Set(['call_expression', 'composite_literal']);
const MEMBER = { type: 'selector_expression', object: 'operand', property: 'field' };

/** Flag definers of `flag` and pflag: a value type, then `Var` (a pointer comes first) and `P` (a shorthand follows the name). */
const DEFINER =
  /^(?:Bool|String|Int|Int8|Int16|Int32|Int64|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Duration|IP|IPMask|IPNet|Count|BytesHex|BytesBase64|StringSlice|StringArray|StringToString|StringToInt|StringToInt64|IntSlice|Int32Slice|Int64Slice|UintSlice|BoolSlice|Float32Slice|Float64Slice|DurationSlice|IPSlice|Text|Func|BoolFunc)?(Var)?(P)?$/;
/** How many arguments each shape takes at least (name, value, usage; a pointer; a shorthand). */
const MIN_ARGS = (method: string, hasVar: boolean, hasP: boolean): number => {
  const noValue = /^(?:Count|Func|BoolFunc)/.test(method);
  return (noValue ? 2 : 3) + (hasVar ? 1 : 0) + (hasP ? 1 : 0) - (method === 'Var' || method === 'VarP' ? 1 : 0);
};

export function goString(node: SyntaxNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'interpreted_string_literal') {
    try {
      return JSON.parse(node.text) as string;
    } catch {
      return node.text.slice(1, -1);
    }
  }
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type === 'rune_literal') return node.text.slice(1, -1);
  return null;
}

/** `[]string{"a", "b"}` (or a single string) as a list of strings. */
function goStrings(node: SyntaxNode | null | undefined): string[] {
  const one = goString(node);
  if (one !== null) return [one];
  if (!node) return [];
  if (node.type === 'composite_literal') return goStrings(node.childForFieldName('body'));
  if (node.type === 'literal_value') return children(node).flatMap((c) => goStrings(c.type === 'literal_element' ? children(c)[0] : c));
  // v3 `Sources: cli.EnvVars("A", "B")`
  if (node.type === 'call_expression') return children(node.childForFieldName('arguments')).flatMap((c) => goStrings(c));
  return [];
}

/** The keyed elements of a composite literal's body: `Name: "x"` → Map(Name → value node). */
function keyed(body: SyntaxNode | null | undefined): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const el of children(body)) {
    if (el.type !== 'keyed_element') continue;
    const [k, v] = children(el);
    const key = k?.type === 'literal_element' ? children(k)[0] : k;
    const value = v?.type === 'literal_element' ? children(v)[0] : v;
    if (key && value) out.set(key.text, value);
  }
  return out;
}

/** The forms of a kingpin help argument that is not a literal: a constant, a package's constant, a concatenation, a call. */
const KINGPIN_HELP_EXPR = new Set(['identifier', 'selector_expression', 'binary_expression', 'call_expression']);

/** The flags and subcommands a Go file defines with flag, pflag, cobra, urfave/cli or kingpin. */
export function readGo(tree: SyntaxTree, text: string): CliCollector {
  const x = new CliCollector();
  // The standard library's flag package accepts `-name` and `--name`; pflag only `--name` (and `-n` shorthands).
  const stdFlag = /"flag"/.test(text) && !/spf13\/pflag|spf13\/cobra/.test(text);
  const marks: Array<{ name: string; hidden: boolean }> = [];
  const nodes = nodesOf('go', tree, TYPES);
  const cobra = /spf13\/cobra/.test(text);
  const owners: Owners = { subcommands: cobra ? cobraSubcommands(nodes) : new Map(), constructors: cobra ? cobraConstructors(nodes) : new Map() };
  if (cobra) for (const fn of constructorsAdded(nodes)) x.added.add(fn);
  for (const node of nodes) {
    if (node.type === 'call_expression') readCall(node, x, stdFlag, marks, owners);
    else readLiteral(node, x);
  }
  for (const m of marks) {
    for (const f of x.flags) {
      if (f.names.includes(`--${m.name}`)) {
        if (m.hidden) f.hidden = true;
        else f.deprecated = true;
      }
    }
  }
  return x;
}

/**
 * cobra's subcommands of this file by variable: `serveCmd := &cobra.Command{Use: "serve"}` (or `var serveCmd = …`)
 * that the file hands to `AddCommand`, mapped to the name typed. A variable bound to two commands is left out.
 */
function cobraSubcommands(nodes: readonly SyntaxNode[]): Map<string, string> {
  const added = new Set<string>();
  const bound = new Map<string, string | null>();
  for (const node of nodes) {
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'AddCommand')
        for (const a of children(node.childForFieldName('arguments'))) if (a.type === 'identifier') added.add(a.text);
      continue;
    }
    if (!/^\*?cobra\.Command$/.test(node.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '')) continue;
    const use = goString(keyed(node.childForFieldName('body')).get('Use'))
      ?.trim()
      .split(/\s+/)[0];
    const name = boundName(node);
    if (use && name) bound.set(name, bound.has(name) && bound.get(name) !== use ? null : use);
  }
  const out = new Map<string, string>();
  for (const [name, use] of bound) if (use && added.has(name)) out.set(name, use);
  return out;
}

/** Where a flag definer's flag set can come from: a subcommand variable of the file, or a constructor function's command. */
interface Owners {
  subcommands: ReadonlyMap<string, string>;
  constructors: ReadonlyMap<number, Constructor>;
}

/** A function that builds and returns a cobra command: its name, the name typed, the variables holding the command and its flag sets. */
interface Constructor {
  fn: string;
  use: string;
  commands: Set<string>;
  flagSets: Set<string>;
}

const COBRA_COMMAND = /^\*?cobra\.Command$/;

/** The function or method declaration a node is written in (through closures), or null at the top level. */
function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_declaration' || n.type === 'method_declaration') return n;
  return null;
}

/** The identifiers a function's top-level `return` statements give back. */
function returnedNames(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const body = children(fn.childForFieldName('body'));
  // Newer grammars wrap a block's statements in a `statement_list`.
  for (const st of body.length === 1 && body[0].type === 'statement_list' ? children(body[0]) : body) {
    if (st.type !== 'return_statement') continue;
    for (const e of children(children(st).find((c) => c.type === 'expression_list'))) if (e.type === 'identifier') out.add(e.text);
  }
  return out;
}

/** The variable `X` of a flag-set call `X.Flags()` (or `PersistentFlags()`, `LocalFlags()`), or null. */
function flagSetOwner(call: SyntaxNode): string | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || !/^(?:Flags|PersistentFlags|LocalFlags)$/.test(fn.childForFieldName('field')?.text ?? '')) return null;
  const owner = fn.childForFieldName('operand');
  return owner?.type === 'identifier' ? owner.text : null;
}

/**
 * cobra constructor functions of this file by where their declaration starts (node objects are not kept across lookups): `func newServeCmd(…) *cobra.Command { cmd := &cobra.Command{Use: "serve"};
 * f := cmd.Flags(); …; return cmd }`. Whether one builds a subcommand is told by the `AddCommand(newServeCmd(…))` calls of the program's files.
 */
function cobraConstructors(nodes: readonly SyntaxNode[]): Map<number, Constructor> {
  const out = new Map<number, Constructor>();
  for (const node of nodes) {
    if (node.type !== 'composite_literal' || !COBRA_COMMAND.test(node.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '')) continue;
    const fn = enclosingFunction(node);
    const name = fn?.childForFieldName('name')?.text;
    const use = goString(keyed(node.childForFieldName('body')).get('Use'))
      ?.trim()
      .split(/\s+/)[0];
    const bound = boundName(node);
    if (!fn || !name || !use || !bound || out.has(fn.startIndex) || !COBRA_COMMAND.test(fn.childForFieldName('result')?.text.replace(/\s+/g, '') ?? '') || !returnedNames(fn).has(bound)) continue;
    out.set(fn.startIndex, { fn: name, use, commands: new Set([bound]), flagSets: new Set() });
  }
  for (const node of nodes) {
    const owner = node.type === 'call_expression' ? flagSetOwner(node) : null;
    const fn = owner ? enclosingFunction(node) : null;
    const c = fn ? out.get(fn.startIndex) : undefined;
    const alias = c?.commands.has(owner!) ? boundName(node) : null;
    if (c && alias) c.flagSets.add(alias);
  }
  return out;
}

/** The functions whose results this file hands to `AddCommand`: `root.AddCommand(newServeCmd(), newRunCmd(cfg))` → newServeCmd, newRunCmd. */
function constructorsAdded(nodes: readonly SyntaxNode[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const fn = node.type === 'call_expression' ? node.childForFieldName('function') : null;
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'AddCommand') continue;
    for (const a of children(node.childForFieldName('arguments'))) {
      const callee = a.type === 'call_expression' ? a.childForFieldName('function') : null;
      if (callee?.type === 'identifier') out.push(callee.text);
    }
  }
  return out;
}

/** The command a flag definer's flag set belongs to inside a constructor (`cmd.Flags().String(…)`, `f.String(…)` after `f := cmd.Flags()`), with the constructor's name. */
function constructorCommandOf(call: SyntaxNode, operand: SyntaxNode | null, constructors: ReadonlyMap<number, Constructor>): { command: string; via: string } | null {
  if (!constructors.size || !operand) return null;
  const fn = enclosingFunction(call);
  const c = fn ? constructors.get(fn.startIndex) : undefined;
  if (!c) return null;
  const owner = operand.type === 'call_expression' ? flagSetOwner(operand) : null;
  const ours = owner !== null ? c.commands.has(owner) : operand.type === 'identifier' && c.flagSets.has(operand.text);
  return ours ? { command: c.use, via: c.fn } : null;
}

/** The variable a composite literal (or its address) is assigned to: `v := &T{}`, `var v = T{}`, `v = &T{}`; null otherwise. */
function boundName(literal: SyntaxNode): string | null {
  let n: SyntaxNode | null = literal.parent;
  if (n?.type === 'unary_expression') n = n.parent;
  if (n?.type !== 'expression_list') return null;
  const holder = n.parent;
  if (holder?.type === 'var_spec') return holder.childForFieldName('name')?.text ?? null;
  if (holder?.type !== 'short_var_declaration' && holder?.type !== 'assignment_statement') return null;
  const left = children(holder.childForFieldName('left'));
  return left.length === 1 && left[0].type === 'identifier' ? left[0].text : null;
}

/** The subcommand a pflag definer's flag set belongs to: `serveCmd.Flags().String(…)` → `serve`, when serveCmd is a subcommand of this file. */
function cobraCommandOf(operand: SyntaxNode | null, subcommands: ReadonlyMap<string, string>): string | null {
  if (operand?.type !== 'call_expression') return null;
  const fn = operand.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || !/^(?:Flags|PersistentFlags|LocalFlags)$/.test(fn.childForFieldName('field')?.text ?? '')) return null;
  const owner = fn.childForFieldName('operand');
  return owner?.type === 'identifier' ? (subcommands.get(owner.text) ?? null) : null;
}

function readCall(node: SyntaxNode, x: CliCollector, stdFlag: boolean, marks: Array<{ name: string; hidden: boolean }>, owners: Owners): void {
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'selector_expression') return;
  const method = fn.childForFieldName('field')?.text ?? '';
  const args = children(node.childForFieldName('arguments'));
  if (method === 'MarkHidden' || method === 'MarkDeprecated') {
    const name = goString(args[0]);
    if (name) marks.push({ name, hidden: method === 'MarkHidden' });
    return;
  }
  // kingpin: Flag("name", "help") and Command("name", "help"), then a fluent chain.
  // The help may be a constant or an expression (prometheus' `Flag("http.config.file", httpConfigFileDescription)`).
  if ((method === 'Flag' || method === 'Command') && args.length === 2 && goString(args[0]) !== null && (goString(args[1]) !== null || KINGPIN_HELP_EXPR.has(args[1].type))) {
    const name = goString(args[0])!;
    const chain = chainAbove(node, MEMBER, 'call_expression');
    const hidden = chain.some((c) => c.method === 'Hidden');
    if (method === 'Command') {
      x.command(
        name,
        chain.filter((c) => c.method === 'Alias').map((c) => goString(c.args[0])),
        'kingpin',
        args[0],
        { hidden },
      );
      return;
    }
    const shorts = chain.filter((c) => c.method === 'Short').map((c) => goString(c.args[0]));
    const env = chain
      .filter((c) => c.method === 'Envar')
      .map((c) => goString(c.args[0]))
      .filter((e): e is string => !!e);
    const bool = chain.some((c) => c.method === 'Bool' || c.method === 'BoolVar');
    x.flag([`--${name}`, ...shorts.map((s) => (s ? `-${s}` : null)), bool ? `--no-${name}` : null], 'kingpin', args[0], { hidden, env });
    return;
  }
  const receiver = fn.childForFieldName('operand')?.text ?? '';
  if (/^(?:strings|bytes|utf8|regexp|math|fmt|strconv)$/.test(receiver)) return;
  const m = DEFINER.exec(method);
  if (!m || method === '' || method === 'P') return;
  const hasVar = !!m[1] || method === 'Var' || method === 'VarP' || method === 'Text' || method === 'TextVar';
  const hasP = !!m[2];
  if (args.length < MIN_ARGS(method, hasVar, hasP)) return;
  const nameAt = hasVar ? 1 : 0;
  const name = goString(args[nameAt]);
  // A definer on a flag set (`fs.StringVar(&v, name, …)`) whose name is computed: the program has flags docwarden cannot list.
  if (name === null && /(?:^|\.)(?:flag|pflag|fs|flags|flagset|f|set)$|Flags\(\)$/i.test(fn.childForFieldName('operand')?.text ?? '')) x.dynamic = true;
  if (!name || !/^[A-Za-z0-9][\w.-]*$/.test(name)) return;
  const short = hasP ? goString(args[nameAt + 1]) : null;
  if (hasP && short === null) return;
  // `flag.X` on the package itself, or a FlagSet of the standard library, takes one dash too.
  const std = stdFlag || /^flag$/.test(receiver);
  const operand = fn.childForFieldName('operand');
  const built = constructorCommandOf(node, operand, owners.constructors);
  x.flag([`--${name}`, std ? `-${name}` : null, short ? `-${short}` : null], std ? 'go-flag' : 'pflag', args[nameAt], {
    command: cobraCommandOf(operand, owners.subcommands) ?? built?.command,
    via: built?.via,
  });
}

function readLiteral(node: SyntaxNode, x: CliCollector): void {
  const type = node.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
  const body = node.childForFieldName('body');
  if (/^\*?cobra\.Command$/.test(type)) {
    const k = keyed(body);
    const use = goString(k.get('Use'))?.trim().split(/\s+/)[0];
    const deprecated = goString(k.get('Deprecated'));
    x.command(use, goStrings(k.get('Aliases')), 'cobra', k.get('Use') ?? node, { hidden: isTrue(k.get('Hidden')), deprecated: !!deprecated });
    return;
  }
  if (/^\*?cli\.\w+Flag$/.test(type)) {
    readUrfaveFlag(body, x, node);
    return;
  }
  if (/^\*?cli\.Command$/.test(type)) {
    readUrfaveCommand(body, x, node);
    return;
  }
  // Elided element types: `[]*cli.Command{{Name: "x"}}`, `[]cli.Flag{&cli.StringFlag{…}}` are handled as their own literals.
  if (/^\[\]\*?cli\.Command$/.test(type)) {
    for (const el of children(body)) {
      const inner = el.type === 'literal_element' ? children(el)[0] : el;
      if (inner?.type === 'literal_value') readUrfaveCommand(inner, x, inner);
    }
  }
}

function readUrfaveFlag(body: SyntaxNode | null, x: CliCollector, at: SyntaxNode): void {
  const k = keyed(body);
  const name = goString(k.get('Name'));
  if (!name) return;
  // urfave/cli accepts one or two dashes before any name.
  const all = [name, ...goStrings(k.get('Aliases'))];
  x.flag(
    all.flatMap((n) => [dashed(n), `-${n}`, `--${n}`]),
    'urfave',
    k.get('Name') ?? at,
    {
      hidden: isTrue(k.get('Hidden')),
      env: [...goStrings(k.get('EnvVars')), ...goStrings(k.get('Sources'))],
      command: urfaveCommandOf(at),
    },
  );
}

/** Is a literal's body a urfave/cli command: the body of a `cli.Command{…}`, or an elided element of `[]*cli.Command{{…}}`? */
function isUrfaveCommandBody(body: SyntaxNode): boolean {
  const holder = body.parent?.type === 'literal_element' ? body.parent.parent : body.parent;
  const type = (holder?.type === 'composite_literal' ? holder : holder?.parent)?.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
  return holder?.type === 'composite_literal' ? /^\*?cli\.Command$/.test(type) : /^\[\]\*?cli\.Command$/.test(type);
}

/** The subcommand whose `Flags:` a urfave/cli flag literal is written in, when that command is itself in a `Commands:` list; null for the app's own flags. */
function urfaveCommandOf(flag: SyntaxNode): string | null {
  let owner: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = flag.parent; n; n = n.parent) {
    if (!owner && n.type === 'literal_value' && n !== flag.childForFieldName('body') && isUrfaveCommandBody(n)) owner = n;
    else if (owner && n.type === 'keyed_element' && /^Commands\b/.test(n.text)) return goString(keyed(owner).get('Name'));
  }
  return null;
}

function readUrfaveCommand(body: SyntaxNode | null, x: CliCollector, at: SyntaxNode): void {
  const k = keyed(body);
  x.command(goString(k.get('Name')), goStrings(k.get('Aliases')), 'urfave', k.get('Name') ?? at, { hidden: isTrue(k.get('Hidden')) });
}
