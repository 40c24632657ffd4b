import { nodesOfTypes, type SyntaxNode } from '../syntax.js';
import type { CliCommandFact, CliFlagFact } from './types.js';

/** What one file's readers found, in document order. */
export class CliCollector {
  readonly flags: CliFlagFact[] = [];
  readonly commands: CliCommandFact[] = [];
  /** A definer was called with a name that is not a literal. */
  dynamic = false;
  /** A subcommand is named at run time (`@click.group(name=os.environ.get(…))`): the subcommands are not all known. */
  unnamedCommands = false;
  /** The default command takes positional arguments (see CliCodeFacts.defaultArgs). */
  defaultArgs = false;
  /** Functions whose results the file adds as subcommands (cobra's `AddCommand(newServeCmd())`). */
  readonly added = new Set<string>();

  /** A flag from its spellings (dashes included); the first long one is the display name. Empty names are dropped. */
  flag(
    spellings: Array<string | null | undefined>,
    library: string,
    at: SyntaxNode,
    extra: { hidden?: boolean; deprecated?: boolean; env?: string[]; command?: string | null; via?: string } = {},
  ): CliFlagFact | null {
    const names = [...new Set(spellings.filter((s): s is string => !!s && FLAG_SPELLING.test(s)))];
    if (!names.length) return null;
    const name = names.find((n) => n.startsWith('--') && n.length > 3) ?? names[0];
    const fact: CliFlagFact = { name, names, library, start: at.startIndex, end: at.endIndex };
    if (extra.hidden) fact.hidden = true;
    if (extra.deprecated) fact.deprecated = true;
    if (extra.env?.length) fact.env = [...new Set(extra.env)];
    if (extra.command && COMMAND_NAME.test(extra.command)) fact.command = extra.command;
    if (fact.command && extra.via) fact.via = extra.via;
    this.flags.push(fact);
    return fact;
  }

  command(name: string | null | undefined, aliases: Array<string | null | undefined>, library: string, at: SyntaxNode, extra: { hidden?: boolean; deprecated?: boolean } = {}): void {
    if (!name || !COMMAND_NAME.test(name)) return;
    const fact: CliCommandFact = { name, aliases: [...new Set(aliases.filter((a): a is string => !!a && COMMAND_NAME.test(a)))], library, start: at.startIndex, end: at.endIndex };
    if (extra.hidden) fact.hidden = true;
    if (extra.deprecated) fact.deprecated = true;
    this.commands.push(fact);
  }
}

/** A flag as typed: one or two dashes, then a letter or digit, then name characters. */
export const FLAG_SPELLING = /^--?[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
/** A subcommand as typed (oclif's nested commands are a path: `config set`). */
export const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(?: [A-Za-z0-9][A-Za-z0-9_.:-]*)*$/;

/** `fooBar`, `foo_bar` → `foo-bar` (clap, typer and click turn identifiers into flag and command names this way). */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** A bare name as typed: one dash for a single character, two otherwise. */
export function dashed(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

export function children(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

/** All children, anonymous tokens (`=`, `,`) included. */
export function tokens(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.children.filter((c): c is SyntaxNode => c !== null);
}

/** Is the node a literal `true` (any language's spelling)? */
export function isTrue(node: SyntaxNode | null | undefined): boolean {
  return !!node && /^(?:true|True)$/.test(node.text);
}

/**
 * Walks a fluent chain upward from a call: `x.Flag("a").Short('a').Hidden()` gives
 * `[{ method: 'Short', args }, { method: 'Hidden', args }]` for the `Flag` call.
 * `member` says how a language spells `object.method` (node type and fields).
 */
export function chainAbove(
  call: SyntaxNode,
  member: { type: string; object: string; property: string },
  callType: string,
  argsField = 'arguments',
): Array<{ method: string; args: SyntaxNode[]; node: SyntaxNode }> {
  const out: Array<{ method: string; args: SyntaxNode[]; node: SyntaxNode }> = [];
  let current = call;
  for (;;) {
    const sel = current.parent;
    if (!sel || sel.type !== member.type || sel.childForFieldName(member.object)?.id !== current.id) break;
    const next = sel.parent;
    if (!next || next.type !== callType || next.childForFieldName('function')?.id !== sel.id) break;
    out.push({ method: sel.childForFieldName(member.property)?.text ?? '', args: children(next.childForFieldName(argsField)), node: next });
    current = next;
  }
  return out;
}

/** The nodes of `types` in a tree, in document order (the readers here look at each node's type themselves). */
export function nodesOf(...args: Parameters<typeof nodesOfTypes>): SyntaxNode[] {
  return nodesOfTypes(...args).map((t) => t.node);
}
