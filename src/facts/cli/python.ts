import { type SyntaxNode, type SyntaxTree } from '../syntax.js';
import { children, CliCollector, isTrue, kebab, nodesOf } from './common.js';

/**
 * Python: argparse (`add_argument('--x', '-x', help=argparse.SUPPRESS, action=BooleanOptionalAction)`,
 * `add_parser('name', aliases=[…])`), click (`@click.option('--x/--no-x', hidden=True, envvar=…)`,
 * `@click.command()` / `@group.command('name')`, a function `do_it` is the command `do-it`) and typer
 * (`@app.command()`, parameters become `--x-y`, `typer.Option('--x', '-x')` also inside `Annotated[…]`,
 * booleans get `--no-x`, `typer.Argument` is positional).
 */
const TYPES = new Set(['call', 'decorated_definition']);

export function pyString(node: SyntaxNode | null | undefined): string | null {
  if (!node || node.type !== 'string') return null;
  let value = '';
  for (const c of children(node)) {
    if (c.type === 'string_content') value += c.text;
    else if (c.type === 'string_start' || c.type === 'string_end') continue;
    else return null; // an interpolation or an escape: not a plain literal
  }
  return value;
}

function pyStrings(node: SyntaxNode | null | undefined): string[] {
  const one = pyString(node);
  if (one !== null) return [one];
  if (node && (node.type === 'list' || node.type === 'tuple')) return children(node).flatMap((c) => pyStrings(c));
  return [];
}

interface CallInfo {
  callee: string;
  method: string;
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
}

function callInfo(node: SyntaxNode): CallInfo | null {
  if (node.type !== 'call') return null;
  const fn = node.childForFieldName('function');
  if (!fn) return null;
  const callee = fn.text.replace(/\s+/g, '');
  const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : callee;
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  for (const a of children(node.childForFieldName('arguments'))) {
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (k && v) keywords.set(k, v);
    } else positional.push(a);
  }
  return { callee, method, positional, keywords };
}

/** Option names in click's and typer's declarations: `--shout/--no-shout`, `-s`; a bare word is the parameter's name. */
function optionSpellings(decls: SyntaxNode[]): { names: string[]; slash: boolean } {
  const names: string[] = [];
  let slash = false;
  for (const d of decls) {
    const s = pyString(d);
    if (s === null) continue;
    for (const part of s.split('/')) {
      const p = part.trim();
      if (s.includes('/')) slash = true;
      if (p.startsWith('-')) names.push(p);
    }
  }
  return { names, slash };
}

const envOf = (info: CallInfo): string[] => pyStrings(info.keywords.get('envvar'));

/** The variable a call's method is called on (`serve.add_argument(…)` → `serve`), or null. */
function receiverOf(call: SyntaxNode): string | null {
  const fn = call.childForFieldName('function');
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  return object?.type === 'identifier' ? object.text : null;
}

/** argparse sub-parsers by variable: `serve = sub.add_parser('serve')` → serve → `serve`. A variable bound to two is left out. */
function subParsers(nodes: readonly SyntaxNode[]): Map<string, string> {
  const bound = new Map<string, string | null>();
  for (const node of nodes) {
    const info = node.type === 'call' ? callInfo(node) : null;
    const name = info?.method === 'add_parser' ? pyString(info.positional[0]) : null;
    const assignment = node.parent?.type === 'assignment' ? node.parent : null;
    const left = assignment?.childForFieldName('left');
    if (!name || left?.type !== 'identifier') continue;
    bound.set(left.text, bound.has(left.text) && bound.get(left.text) !== name ? null : name);
  }
  return new Map([...bound].filter((e): e is [string, string] => e[1] !== null));
}

/** The flags and subcommands a Python file defines with argparse, click or typer. */
export function readPython(tree: SyntaxTree, text: string): CliCollector {
  const x = new CliCollector();
  const typer = /\btyper\b/.test(text);
  const nodes = nodesOf('python', tree, TYPES);
  const parsers = subParsers(nodes);
  for (const node of nodes) {
    if (node.type === 'decorated_definition') {
      readDecorated(node, x, typer);
      continue;
    }
    const info = callInfo(node);
    if (!info) continue;
    if (info.callee === 'click.option' && node.parent?.type !== 'decorator') {
      // Options built in a list and applied by a shared decorator (sqlite-utils' `output_options`): `click.option("--csv", …)`.
      readClickOption(info, x);
    } else if (info.method === 'add_argument') {
      const names = info.positional.map((p) => pyString(p)).filter((s): s is string => !!s && s.startsWith('-'));
      if (info.positional.length && info.positional.every((p) => pyString(p) === null)) x.dynamic = true;
      if (!names.length) continue;
      const help = info.keywords.get('help');
      const action = info.keywords.get('action')?.text ?? '';
      const negations = /BooleanOptionalAction/.test(action) ? names.filter((n) => n.startsWith('--')).map((n) => `--no-${n.slice(2)}`) : [];
      x.flag([...names, ...negations], 'argparse', info.positional[0], {
        hidden: !!help && /\bSUPPRESS\b/.test(help.text),
        deprecated: isTrue(info.keywords.get('deprecated')),
        command: parsers.get(receiverOf(node) ?? '') ?? null,
      });
    } else if (info.method === 'add_parser') {
      const name = pyString(info.positional[0]);
      x.command(name, pyStrings(info.keywords.get('aliases')), 'argparse', info.positional[0] ?? node, { deprecated: isTrue(info.keywords.get('deprecated')) });
    } else if (typer && info.method === 'add_typer') {
      const name = pyString(info.keywords.get('name'));
      if (name) x.command(name, [], 'typer', info.keywords.get('name')!, { hidden: isTrue(info.keywords.get('hidden')) });
    } else if (typer && info.callee === 'typer.run') {
      // `typer.run(main)`: main's parameters are the program's options; read when its definition is met.
    }
  }
  if (typer) {
    // Functions handed to `typer.run(f)` are commands without a decorator.
    const run = /\btyper\.run\(\s*([A-Za-z_]\w*)\s*\)/.exec(text)?.[1];
    if (run)
      for (const fn of nodesOf('python', tree, new Set(['function_definition']))) if (fn.childForFieldName('name')?.text === run && fn.parent?.type !== 'decorated_definition') readTyperParams(fn, x);
  }
  return x;
}

/** Records a click option: `option('--shout/--no-shout', '-s', hidden=True, envvar='X')`. */
function readClickOption(info: CallInfo, x: CliCollector): void {
  const { names } = optionSpellings(info.positional);
  if (!names.length) return;
  x.flag(names, 'click', info.positional[0], {
    hidden: isTrue(info.keywords.get('hidden')),
    deprecated: !!info.keywords.get('deprecated') && !/^False$/.test(info.keywords.get('deprecated')!.text),
    env: envOf(info),
  });
}

function readDecorated(node: SyntaxNode, x: CliCollector, typer: boolean): void {
  const def = node.childForFieldName('definition');
  if (def?.type !== 'function_definition') return;
  const fnName = def.childForFieldName('name')?.text ?? '';
  let typerCommand = false;
  for (const dec of children(node).filter((c) => c.type === 'decorator')) {
    const expr = children(dec)[0];
    const info = expr ? callInfo(expr) : null;
    const bare = expr && expr.type !== 'call' ? expr.text.replace(/\s+/g, '') : '';
    const method = info?.method ?? bare.slice(bare.lastIndexOf('.') + 1);
    if (info && method === 'option' && !/^(?:typer)$/.test(info.callee)) {
      readClickOption(info, x);
    } else if (method === 'command' || method === 'group' || method === 'callback') {
      const library = typer ? 'typer' : 'click';
      if (method !== 'callback') {
        const written = info ? (info.positional[0] ?? info.keywords.get('name')) : undefined;
        const explicit = written ? (pyString(written) ?? moduleString(node, written)) : null;
        // A name the code computes (`name=os.environ.get("PYAPP_COMMAND_NAME", "self")`): not the function's, and not known.
        if (written && explicit === null) x.unnamedCommands = true;
        // click ≥ 7 and typer name a command after its function, underscores as dashes (`_cmd`/`_command` suffixes dropped by click ≥ 8.2).
        else
          x.command(
            explicit ?? kebab(fnName),
            info ? pyStrings(info.keywords.get('aliases')) : [],
            library,
            (info && (pyString(info.positional[0]) !== null ? info.positional[0] : info.keywords.get('name'))) || def.childForFieldName('name') || def,
            {
              hidden: !!info && isTrue(info.keywords.get('hidden')),
              deprecated: !!info && !!info.keywords.get('deprecated') && !/^False$/.test(info.keywords.get('deprecated')!.text),
            },
          );
      }
      if (typer) typerCommand = true;
    }
  }
  if (typerCommand) readTyperParams(def, x);
}

/** The string a module-level `NAME = "literal"` gives the identifier `ref`, read in `at`'s file; null when it is anything else. */
function moduleString(at: SyntaxNode, ref: SyntaxNode): string | null {
  if (ref.type !== 'identifier') return null;
  let root = at;
  while (root.parent) root = root.parent;
  let value: string | null = null;
  for (const statement of children(root)) {
    const assignment = statement.type === 'expression_statement' ? children(statement)[0] : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== ref.text) continue;
    // Assigned twice, the last one before the decorator runs wins; a computed one makes the name unknown.
    if (assignment.startIndex > at.startIndex) break;
    value = pyString(assignment.childForFieldName('right'));
  }
  return value;
}

/** typer: every parameter with a default or an `Annotated[…, typer.Option(…)]` is an option, unless it is a `typer.Argument`. */
function readTyperParams(def: SyntaxNode, x: CliCollector): void {
  for (const p of children(def.childForFieldName('parameters'))) {
    if (p.type !== 'typed_parameter' && p.type !== 'typed_default_parameter' && p.type !== 'default_parameter') continue;
    const nameNode = p.childForFieldName('name') ?? children(p).find((c) => c.type === 'identifier');
    const name = nameNode?.text;
    if (!name || !nameNode) continue;
    const type = p.childForFieldName('type');
    const value = p.childForFieldName('value');
    const calls = [...(type ? nodesIn(type) : []), ...(value ? [value] : [])].map((n) => callInfo(n)).filter((c): c is CallInfo => !!c && /(?:^|\.)(?:Option|Argument)$/.test(c.callee));
    const marker = calls[0];
    if (marker && /Argument$/.test(marker.callee)) continue;
    if (!marker && p.type === 'typed_parameter') continue; // no default: a positional argument
    if (/^(?:ctx|context)$/.test(name) || /Context/.test(type?.text ?? '')) continue;
    const { names, slash } = marker ? optionSpellings(marker.positional) : { names: [], slash: false };
    const long = names.some((n) => n.startsWith('--')) ? [] : [`--${kebab(name)}`];
    const bool =
      /^(?:bool|Optional\[bool\]|bool\s*\|\s*None)$/.test(
        type?.text
          .replace(/^Annotated\[\s*/, '')
          .split(',')[0]
          .trim() ?? '',
      ) || /^(?:True|False)$/.test(value?.text ?? '');
    const negation = bool && !slash && long.length ? [`--no-${kebab(name)}`] : [];
    x.flag([...long, ...names, ...negation], 'typer', marker?.positional.find((n) => pyString(n)?.startsWith('-')) ?? nameNode, {
      hidden: !!marker && isTrue(marker.keywords.get('hidden')),
      deprecated: !!marker && isTrue(marker.keywords.get('deprecated')),
      env: marker ? envOf(marker) : [],
    });
  }
}

function nodesIn(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.type === 'call') out.push(n);
    for (const c of children(n)) walk(c);
  };
  walk(node);
  return out;
}
