import { type SyntaxNode, type SyntaxTree } from '../syntax.js';
import { chainAbove, children, CliCollector, kebab, tokens, nodesOf } from './common.js';

/**
 * Rust clap: derive (`#[arg(long, short, long = "x", alias = "y", hide = true, env)]` on fields,
 * a field `foo_bar` is `--foo-bar`; `#[derive(Subcommand)]` enums, a variant `AddRemote` is
 * `add-remote`, `#[command(name = "x", alias = "y")]`; also the older `#[clap(…)]` and `#[structopt(…)]`)
 * and the builder (`Arg::new("x").long("x").short('x').alias("y").hide(true).env("X")`, `Command::new("sub")`).
 */
const TYPES = new Set(['field_declaration', 'enum_item', 'call_expression', 'macro_invocation', 'let_declaration', 'function_item']);
const USE_TYPES = new Set(['use_as_clause']);
/** A closure body that starts by building a clap Arg. */
const BUILDS_ARG = /^\{?\s*(?:clap::)?Arg::(?:new|with_name)\s*\(/;
const MEMBER = { type: 'field_expression', object: 'value', property: 'field' };

function rustString(node: SyntaxNode | null | undefined): string | null {
  if (!node) return null;
  // This grammar's string content is an anonymous token: the literal's text between its quotes.
  if (node.type === 'string_literal') return node.text.slice(1, -1);
  if (node.type === 'raw_string_literal') return node.text.replace(/^r#*"/, '').replace(/"#*$/, '');
  if (node.type === 'char_literal') return node.text.slice(1, -1);
  return null;
}

function rustStrings(node: SyntaxNode | null | undefined): string[] {
  const one = rustString(node);
  if (one !== null) return [one];
  if (node && (node.type === 'token_tree' || node.type === 'array_expression')) return children(node).flatMap((c) => rustStrings(c));
  return [];
}

/** An attribute's arguments `(long = "x", short, hide = true)` as key → value node (null for a bare key). */
function attrArgs(tree: SyntaxNode | null): Map<string, SyntaxNode | null> {
  const out = new Map<string, SyntaxNode | null>();
  const ts = tokens(tree).filter((t) => t.type !== '(' && t.type !== ')');
  for (let i = 0; i < ts.length; i++) {
    if (ts[i].type !== 'identifier') continue;
    const key = ts[i].text;
    if (ts[i + 1]?.type === '=') {
      out.set(key, ts[i + 2] ?? null);
      i += 2;
    } else if (ts[i + 1]?.type === 'token_tree') {
      // `value_parser(…)`, `default_value_t(…)`: a call-like argument, not a flag name.
      out.set(key, ts[i + 1]);
      i += 1;
    } else out.set(key, null);
  }
  return out;
}

const RUST_COMMENT = /^(?:line|block)_comment$/;

/**
 * The attributes right before an item in its list (`#[arg(…)]`, `#[command(…)]`), by attribute name. Doc comments
 * may stand between them and the item (`#[arg(long = "light")]` then `/// Use light colors.`, as dandavison/delta writes).
 */
function attributesBefore(node: SyntaxNode): Array<{ name: string; args: Map<string, SyntaxNode | null> }> {
  const out: Array<{ name: string; args: Map<string, SyntaxNode | null> }> = [];
  for (let prev = node.previousNamedSibling; prev && (prev.type === 'attribute_item' || RUST_COMMENT.test(prev.type)); prev = prev.previousNamedSibling) {
    if (prev.type !== 'attribute_item') continue;
    const attr = children(prev)[0];
    if (attr?.type !== 'attribute') continue;
    const name = children(attr)[0]?.text ?? '';
    out.push({ name, args: attrArgs(attr.childForFieldName('arguments')) });
  }
  return out;
}

const CLAP_ATTRS = /^(?:arg|clap|structopt|command)$/;
/** Methods of clap's Command that std::process::Command does not have (both have `arg` and `args`). */
const CLAP_COMMAND_METHODS =
  /^(?:about|long_about|subcommand|subcommands|version|author|alias|visible_alias|aliases|visible_aliases|hide|propagate_version|subcommand_required|arg_required_else_help|after_help|before_help|override_usage|display_order)$/;

export function readRust(tree: SyntaxTree, text: string): CliCollector {
  const x = new CliCollector();
  const aliases = /\bas\b/.test(text) ? clapAliases(tree) : new Map<string, string>();
  const nodes = nodesOf('rust', tree, TYPES);
  const helpers = argHelpers(nodes);
  for (const node of nodes) {
    if (node.type === 'field_declaration') readField(node, x);
    else if (node.type === 'enum_item') readSubcommands(node, x);
    else if (node.type === 'macro_invocation') readArgMacro(node, x);
    else if (node.type === 'call_expression') readBuilder(node, x, aliases, helpers);
  }
  return x;
}

/** clap's `Command` and `Arg` imported under another name (`use clap::{Command as ClapCommand}`): alias → clap's name. */
function clapAliases(tree: SyntaxTree): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of nodesOf('rust', tree, USE_TYPES)) {
    const path = node.childForFieldName('path')?.text ?? '';
    const alias = node.childForFieldName('alias')?.text;
    const name = /(?:^|::)(Command|SubCommand|Arg)$/.exec(path)?.[1];
    let decl: SyntaxNode | null = node.parent;
    while (decl && decl.type !== 'use_declaration') decl = decl.parent;
    if (alias && name && /^(?:::)?clap\b/.test(decl?.childForFieldName('argument')?.text ?? '')) out.set(alias, name);
  }
  return out;
}

/**
 * The names of the file's closures and functions that build a clap Arg from their argument, so that a call
 * of one is an `Arg::new` (fd's `let arg = |name| Arg::with_name(name).help(…)` then `arg("extension").long("extension")`,
 * or `fn flag(name: &'static str) -> Arg`).
 */
function argHelpers(nodes: readonly SyntaxNode[]): Set<string> {
  const out = new Set<string>();
  for (const node of nodes) {
    if (node.type === 'let_declaration') {
      const pattern = node.childForFieldName('pattern');
      const value = node.childForFieldName('value');
      if (pattern?.type === 'identifier' && value?.type === 'closure_expression' && BUILDS_ARG.test(value.childForFieldName('body')?.text ?? '')) out.add(pattern.text);
    } else if (node.type === 'function_item') {
      const name = node.childForFieldName('name');
      if (name && /^(?:clap::)?Arg\b/.test(node.childForFieldName('return_type')?.text ?? '')) out.add(name.text);
    }
  }
  return out;
}

/**
 * clap's `arg!` macro: `arg!(-o --open "help")`, `arg!(--title <title> "help")`, `arg!(--"dest-dir" <DIR>)`.
 * `[dir]` and `<dir>` alone are positional arguments; the quoted help text is not read for flags.
 */
function readArgMacro(node: SyntaxNode, x: CliCollector): void {
  if (!/^(?:clap::)?arg$/.test(node.childForFieldName('macro')?.text ?? '')) return;
  const body = children(node).find((c) => c.type === 'token_tree');
  if (!body) return;
  const spec = body.text
    .slice(1, -1)
    .replace(/(--?)\s*"([^"\\]+)"/g, '$1$2')
    .replace(/(-)\s*'([^'\\])'/g, '$1$2')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/<[^>]*>|\[[^\]]*\]/g, ' ');
  const longs = [...spec.matchAll(/(?<![\w-])--([A-Za-z0-9][\w-]*)/g)].map((m) => `--${m[1]}`);
  const shorts = [...spec.matchAll(/(?<![\w-])-([A-Za-z0-9])(?![\w-])/g)].map((m) => `-${m[1]}`);
  if (!longs.length && !shorts.length) return;
  // eza's `arg!(--color <WHEN> "…").alias("colour")`: the builder's methods apply to the macro's Arg too.
  const chain = chainAbove(node, MEMBER, 'call_expression');
  x.flag([...longs, ...shorts, ...chainAliases(chain)], 'clap', node, { hidden: chain.some((c) => c.method === 'hide' && c.args[0]?.text !== 'false') });
}

/** The flags an Arg's builder chain adds: `.alias("x")`, `.visible_aliases(["x", "y"])` → `--x`; `.short_alias('x')` → `-x`. */
function chainAliases(chain: ReturnType<typeof chainAbove>): string[] {
  const strings = (method: RegExp): string[] => chain.filter((c) => method.test(c.method)).flatMap((c) => c.args.flatMap((a) => rustStrings(a)));
  return [...strings(/^(?:visible_)?alias(?:es)?$/).map((a) => `--${a}`), ...strings(/^(?:visible_)?short_alias(?:es)?$/).map((a) => `-${a}`)];
}

function readField(node: SyntaxNode, x: CliCollector): void {
  const field = node.childForFieldName('name');
  if (!field) return;
  const attrs = attributesBefore(node).filter((a) => CLAP_ATTRS.test(a.name));
  const args = new Map<string, SyntaxNode | null>();
  for (const a of attrs) for (const [k, v] of a.args) args.set(k, v);
  if (!args.has('long') && !args.has('short')) return;
  const base = field.text.replace(/^r#/, '');
  const long = args.has('long') ? (rustString(args.get('long')) ?? kebab(base)) : null;
  const short = args.has('short') ? (rustString(args.get('short')) ?? kebab(base)[0]) : null;
  const aliases = ['alias', 'aliases', 'visible_alias', 'visible_aliases'].flatMap((k) => rustStrings(args.get(k))).map((a) => `--${a}`);
  const shortAliases = ['short_alias', 'short_aliases', 'visible_short_alias', 'visible_short_aliases'].flatMap((k) => rustStrings(args.get(k))).map((a) => `-${a}`);
  const env = args.has('env') ? [rustString(args.get('env')) ?? base.toUpperCase()] : [];
  const hideNode = args.get('hide');
  const hidden = args.has('hide') && (hideNode === null || hideNode?.text === 'true');
  const at = (args.get('long') && rustString(args.get('long')) !== null ? args.get('long') : field) ?? field;
  x.flag([long ? `--${long}` : null, short ? `-${short}` : null, ...aliases, ...shortAliases], 'clap', at, { hidden, env });
}

function readSubcommands(node: SyntaxNode, x: CliCollector): void {
  const derives = attributesBefore(node).filter((a) => a.name === 'derive');
  // `#[derive(Parser)]` on an enum (zoxide's `enum Cmd { Add(Add), Init(Init) }`) makes each variant a subcommand too.
  if (!derives.some((d) => [...d.args.keys()].some((k) => k === 'Subcommand' || k === 'StructOpt' || k === 'Parser'))) return;
  for (const v of children(node.childForFieldName('body'))) {
    if (v.type !== 'enum_variant') continue;
    const nameNode = v.childForFieldName('name');
    if (!nameNode) continue;
    const args = new Map<string, SyntaxNode | null>();
    for (const a of attributesBefore(v).filter((a) => CLAP_ATTRS.test(a.name))) for (const [k, val] of a.args) args.set(k, val);
    // `#[command(flatten)]`/`external_subcommand` variants are not named commands.
    if (args.has('flatten') || args.has('external_subcommand')) continue;
    const name = rustString(args.get('name')) ?? kebab(nameNode.text);
    const aliases = ['alias', 'aliases', 'visible_alias', 'visible_aliases'].flatMap((k) => rustStrings(args.get(k)));
    const hideNode = args.get('hide');
    x.command(name, aliases, 'clap', args.get('name') ?? nameNode, { hidden: args.has('hide') && (hideNode === null || hideNode?.text === 'true') });
  }
}

function readBuilder(node: SyntaxNode, x: CliCollector, aliases: ReadonlyMap<string, string>, helpers: ReadonlySet<string>): void {
  const fn = node.childForFieldName('function');
  const helper = fn?.type === 'identifier' && helpers.has(fn.text);
  if (!fn || (fn.type !== 'scoped_identifier' && !helper)) return;
  const written = fn.text.replace(/\s+/g, '');
  const head = /^\w+/.exec(written)?.[0] ?? '';
  const callee = helper ? 'Arg::new' : aliases.has(head) ? `${aliases.get(head)}${written.slice(head.length)}` : written;
  const args = children(node.childForFieldName('arguments'));
  const name = rustString(args[0]);
  if (name === null) return;
  const chain = chainAbove(node, MEMBER, 'call_expression');
  const strings = (method: RegExp): string[] => chain.filter((c) => method.test(c.method)).flatMap((c) => c.args.flatMap((a) => rustStrings(a)));
  const hidden = chain.some((c) => c.method === 'hide' && c.args[0]?.text !== 'false');
  if (/(?:^|::)Arg::(?:new|with_name)$/.test(callee)) {
    const longs = strings(/^long$/);
    const shorts = strings(/^short$/);
    if (!longs.length && !shorts.length) return; // a positional argument
    x.flag([...longs.map((l) => `--${l}`), ...shorts.map((s) => `-${s}`), ...chainAliases(chain)], 'clap', args[0], {
      hidden,
      env: strings(/^env$/),
    });
  } else if (
    /(?:^|::)(?:Command|SubCommand)::(?:new|with_name)$/.test(callee) &&
    (/^(?:clap::)?SubCommand/.test(callee) ||
      chain.some((c) => CLAP_COMMAND_METHODS.test(c.method)) ||
      (node.parent?.parent?.type === 'call_expression' && /\.subcommand$/.test(node.parent.parent.childForFieldName('function')?.text ?? '')))
  ) {
    // std::process::Command::new("ls") spawns a program; a clap Command is built with clap's methods or passed to `.subcommand(…)`.
    x.command(name, strings(/^(?:visible_)?alias(?:es)?$/), 'clap', args[0], { hidden });
  }
}
