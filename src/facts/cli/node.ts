import { type SyntaxNode, type SyntaxTree, type TreeLanguage } from '../syntax.js';
import { chainAbove, children, CliCollector, dashed, isTrue, kebab, nodesOf } from './common.js';

/**
 * JavaScript and TypeScript: `util.parseArgs({ options: { name: { type, short } } })`, commander
 * (`.option('-x, --xx <v>')`, `new Option(…).hideHelp()`, `.command('name <arg>')`, `.alias('n')`),
 * yargs (`.option('name', { alias, hidden, type: 'boolean' })`, `.options({…})`, `.command('name [x]')`)
 * and oclif (`static flags = { name: Flags.string({ char, aliases, hidden, allowNo }) }`, a command
 * per file under `src/commands/`).
 */
const TYPES = new Set(['call_expression', 'new_expression', 'public_field_definition', 'field_definition']);
const MEMBER = { type: 'member_expression', object: 'object', property: 'property' };

export function jsString(node: SyntaxNode | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string')
    return children(node)
      .map((c) => (c.type === 'string_fragment' ? c.text : ''))
      .join('');
  if (node.type === 'template_string' && !children(node).some((c) => c.type === 'template_substitution')) return node.text.slice(1, -1);
  return null;
}

function jsStrings(node: SyntaxNode | null | undefined): string[] {
  const one = jsString(node);
  if (one !== null) return [one];
  if (node?.type === 'array') return children(node).flatMap((c) => jsStrings(c));
  return [];
}

/** An object literal's properties by key (`name`, `'max-warnings'`), with the key node. */
function props(node: SyntaxNode | null | undefined): Map<string, { key: SyntaxNode; value: SyntaxNode }> {
  const out = new Map<string, { key: SyntaxNode; value: SyntaxNode }>();
  if (node?.type !== 'object') return out;
  for (const p of children(node)) {
    if (p.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    const v = p.childForFieldName('value');
    if (!k || !v) continue;
    const name = k.type === 'property_identifier' ? k.text : jsString(k);
    if (name !== null) out.set(name, { key: k, value: v });
  }
  return out;
}

/** What an identifier is bound to in this file (`const options = …`), `as`, `satisfies` and parentheses unwrapped. */
function boundValue(tree: SyntaxTree, lang: TreeLanguage, name: string): SyntaxNode | null {
  for (const d of nodesOf(lang, tree, new Set(['variable_declarator']))) {
    if (d.childForFieldName('name')?.text !== name) continue;
    let v = d.childForFieldName('value');
    while (v && (v.type === 'as_expression' || v.type === 'satisfies_expression' || v.type === 'parenthesized_expression')) v = children(v)[0] ?? null;
    if (v) return v;
  }
  return null;
}

/** The object an identifier is bound to in this file (`const options = {…}`), for `parseArgs({ options })`. */
function boundObject(tree: SyntaxTree, lang: TreeLanguage, name: string): SyntaxNode | null {
  const v = boundValue(tree, lang, name);
  return v?.type === 'object' ? v : null;
}

/**
 * `Object.fromEntries(TABLE.map(…))` over an array literal of `{ name, short? }` rows (an option table that also
 * writes `--help`): the rows, each naming its flag; null for any other shape.
 */
function optionTable(tree: SyntaxTree, lang: TreeLanguage, node: SyntaxNode | null): SyntaxNode[] | null {
  if (node?.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'Object.fromEntries') return null;
  const mapped = children(node.childForFieldName('arguments'))[0];
  const fn = mapped?.type === 'call_expression' ? mapped.childForFieldName('function') : null;
  if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'map') return null;
  const table = fn.childForFieldName('object');
  const rows = table?.type === 'identifier' ? boundValue(tree, lang, table.text) : table;
  if (rows?.type !== 'array') return null;
  const out = children(rows);
  return out.length && out.every((r) => r.type === 'object' && jsString(props(r).get('name')?.value) !== null) ? out : null;
}

/** commander's flag string: `-x, --xx <value>` → `-x`, `--xx`. */
function commanderNames(spec: string): string[] {
  return spec.split(/[\s,|]+/).filter((t) => t.startsWith('-'));
}

/** The flags and subcommands a JavaScript or TypeScript file defines with parseArgs, commander, yargs or oclif. */
export function readNode(tree: SyntaxTree, text: string, lang: TreeLanguage, path: string): CliCollector {
  const x = new CliCollector();
  let cac: boolean | undefined;
  for (const node of nodesOf(lang, tree, TYPES)) {
    if (node.type === 'public_field_definition' || node.type === 'field_definition') {
      if (/^static\b/.test(node.text) && node.childForFieldName('name')?.text === 'flags') readOclifFlags(node.childForFieldName('value'), x);
      continue;
    }
    const fn = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
    const args = children(node.childForFieldName('arguments'));
    if (!fn) continue;
    if (node.type === 'new_expression') {
      readCommanderOption(node, fn, args, x);
      continue;
    }
    const method = fn.type === 'member_expression' ? (fn.childForFieldName('property')?.text ?? '') : fn.text;
    if (method === 'parseArgs' || fn.text === 'util.parseArgs') readParseArgs(tree, lang, args[0], x);
    else if (fn.type !== 'member_expression') continue;
    else if (method === 'option' || method === 'requiredOption') readOptionCall(args, x, commandOf(node), (cac ??= CAC_IMPORT.test(text)));
    else if (method === 'options' && args[0]?.type === 'object') for (const [name, { key, value }] of props(args[0])) readYargsOption(name, value, key, x);
    else if (method === 'command') readCommandCall(node, args, text, x);
  }
  readOclifCommand(tree, lang, text, path, x);
  return x;
}

/** commander's `new Option('-x, --xx <v>')`, hidden by `.hideHelp()`, bound to variables by `.env('X')`. */
function readCommanderOption(node: SyntaxNode, constructor: SyntaxNode, args: SyntaxNode[], x: CliCollector): void {
  if (!/(?:^|\.)Option$/.test(constructor.text) || !jsString(args[0])?.startsWith('-')) return;
  const chain = chainAbove(node, MEMBER, 'call_expression');
  x.flag(commanderNames(jsString(args[0])!), 'commander', args[0], {
    hidden: chain.some((c) => c.method === 'hideHelp'),
    env: chain
      .filter((c) => c.method === 'env')
      .map((c) => jsString(c.args[0]))
      .filter((e): e is string => !!e),
  });
}

/** `parseArgs({ options })`: an object literal (inline or bound to a name) or an option table; anything else makes the flags dynamic. */
function readParseArgs(tree: SyntaxTree, lang: TreeLanguage, arg: SyntaxNode | undefined, x: CliCollector): void {
  const config = props(arg);
  let options = config.get('options')?.value ?? null;
  if (options?.type === 'identifier') options = boundObject(tree, lang, options.text);
  const shorthand = !options && arg ? children(arg).find((c) => c.type === 'shorthand_property_identifier' && c.text === 'options') : undefined;
  const written = shorthand ? 'options' : options?.type === 'identifier' ? options.text : null;
  const rows = optionTable(tree, lang, written ? boundValue(tree, lang, written) : (config.get('options')?.value ?? null));
  if (rows) {
    for (const row of rows) {
      const p = props(row);
      const name = p.get('name')!.value;
      const short = jsString(p.get('short')?.value);
      x.flag([`--${jsString(name)!}`, short ? `-${short}` : null], 'parseArgs', name);
    }
    return;
  }
  if (shorthand) options = boundObject(tree, lang, 'options');
  // Options built at run time (`Object.fromEntries(TABLE.map(…))`, a spread): not every flag can be known.
  if ((config.has('options') || shorthand) && (!options || children(options).some((c) => c.type === 'spread_element'))) {
    x.dynamic = true;
    return;
  }
  for (const [name, { key, value }] of props(options)) {
    const short = jsString(props(value).get('short')?.value);
    x.flag([`--${name}`, short ? `-${short}` : null], 'parseArgs', key);
  }
}

/** `.option('-x, --xx')` (commander) or `.option('name', {…})` (yargs); a computed spec makes the flags dynamic. */
/** The subcommand name in a `.command('serve <x>')` call's first argument (`serve`), or null. */
function commandCallName(call: SyntaxNode): string | null {
  const fn = call.childForFieldName('function');
  if (call.type !== 'call_expression' || fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'command') return null;
  const head = jsString(children(call.childForFieldName('arguments'))[0])
    ?.trim()
    .split(/\s+/)[0];
  // cac: `.command('[root]')` (a name that is an argument) is the default command, whose options are the program's.
  return head && head !== '$0' && head !== '*' && !/^[[<]/.test(head) ? head : null;
}

/**
 * The subcommand an `.option(…)` call defines its flag on: commander's `.command('serve').option('--port')` chain,
 * or yargs' builder `.command('serve', 'help', (y) => y.option('port'))`; null for the program's own flags.
 */
function commandOf(call: SyntaxNode): string | null {
  // commander's `.command('serve')` returns the new subcommand (`.command('serve', 'help')`, a stand-alone executable, returns the
  // program); yargs' returns the program itself, so a chained `.option('port', {…})` is the program's.
  const commander = jsString(children(call.childForFieldName('arguments'))[0])?.startsWith('-') === true;
  for (let n: SyntaxNode | null = call.childForFieldName('function'); commander && n?.type === 'member_expression';) {
    const object: SyntaxNode | null = n.childForFieldName('object');
    if (object?.type !== 'call_expression') break;
    const name = commandCallName(object);
    if (name) return jsString(children(object.childForFieldName('arguments'))[1]) === null ? name : null;
    n = object.childForFieldName('function');
  }
  for (let n: SyntaxNode | null = call.parent; n; n = n.parent) {
    if ((n.type === 'arrow_function' || n.type === 'function_expression') && n.parent?.type === 'arguments') return n.parent.parent ? commandCallName(n.parent.parent) : null;
  }
  return null;
}

/** A file that imports cac, whose parser (mri) reads `--no-x` as `x: false` for every option `--x`. */
const CAC_IMPORT = /\bfrom\s*['"]cac['"]|\brequire\(\s*['"]cac['"]\s*\)/;

/**
 * `.option(spec, …)` with its spec: commander's or cac's flag string, else yargs' name. cac accepts `--no-xx` for each
 * long flag (changesets documents `changeset publish --no-git-tag` for its `.option("--git-tag", …, { default: true })`).
 */
function readOptionCall(args: SyntaxNode[], x: CliCollector, command: string | null, cac: boolean): void {
  const spec = jsString(args[0]);
  if (spec === null) {
    // `program.option(option.flags, …)` over a table of options: not every flag can be known.
    if (args[0] && args[0].type !== 'object') x.dynamic = true;
    return;
  }
  const names = spec.startsWith('-') ? commanderNames(spec) : [];
  const negations = cac ? names.filter((n) => n.startsWith('--') && !n.startsWith('--no-')).map((n) => `--no-${n.slice(2)}`) : [];
  if (names.length) x.flag([...names, ...negations], cac ? 'cac' : 'commander', args[0], { command });
  else readYargsOption(spec, args[1], args[0], x, command);
}

/** `.command('name <arg>')` (commander or yargs, or yargs' `{ command }` object) with the aliases chained after it. */
function readCommandCall(node: SyntaxNode, args: SyntaxNode[], text: string, x: CliCollector): void {
  const first = args[0];
  let names = jsStrings(first);
  let at = first;
  if (first?.type === 'object') {
    const c = props(first).get('command');
    names = jsStrings(c?.value);
    at = c?.value ?? first;
  }
  const [head, ...rest] = names.map((n) => n.trim().split(/\s+/)[0]);
  if (!head || head === '$0' || head === '*' || !at) return;
  const chain = chainAbove(node, MEMBER, 'call_expression');
  const aliases: string[] = [...rest];
  for (const c of chain) {
    if (c.method === 'command') break;
    if (c.method === 'alias') aliases.push(...jsStrings(c.args[0]));
    if (c.method === 'aliases') for (const a of c.args) aliases.push(...jsStrings(a));
  }
  if (/^[[<]/.test(head)) {
    // cac's default command (`.command('[root]').alias('serve').alias('dev')`): each alias names it, `vite dev` runs it,
    // and any other first word is its argument.
    for (const alias of aliases) x.command(alias, [], 'cac', at);
    x.defaultArgs = true;
    return;
  }
  const library = /\byargs\b/.test(text) ? 'yargs' : 'commander';
  x.command(head, aliases, library, at, {
    hidden: chain.some((c) => c.method === 'hideHelp' && c.args.length === 0) || (library === 'yargs' && jsString(args[1]) === null && args[1]?.type === 'false'),
  });
}

/** oclif: a command class per file under src/commands/ (`topic/sub.ts` is `topic sub`, also `topic:sub`). */
function readOclifCommand(tree: SyntaxTree, lang: TreeLanguage, text: string, path: string, x: CliCollector): void {
  const m = /(?:^|\/)(?:src|lib|dist)\/commands\/(.+)\.[cm]?[jt]sx?$/.exec(path);
  if (!m || !/\bextends\s+(?:\w+\.)?Command\b/.test(text)) return;
  const parts = m[1].split('/').filter((p) => p !== 'index');
  const cls = nodesOf(lang, tree, new Set(['class_declaration', 'class']))[0];
  if (parts.length && cls) x.command(parts.join(' '), [parts.join(':')], 'oclif', cls.childForFieldName('name') ?? cls);
}

function readYargsOption(name: string, config: SyntaxNode | undefined, at: SyntaxNode, x: CliCollector, command: string | null = null): void {
  if (!/^[A-Za-z0-9][\w-]*$/.test(name)) return;
  const o = props(config);
  const aliases = jsStrings(o.get('alias')?.value);
  const all = [name, ...aliases];
  const bool = jsString(o.get('type')?.value) === 'boolean' || isTrue(o.get('boolean')?.value);
  // yargs accepts the camelCase and kebab-case forms of every name, and `--no-x` for booleans.
  const spellings = all.flatMap((n) => (n.length === 1 ? [`-${n}`] : [`--${n}`, `--${kebab(n)}`]));
  const negations = bool ? all.filter((n) => n.length > 1).flatMap((n) => [`--no-${n}`, `--no-${kebab(n)}`]) : [];
  x.flag([...spellings, ...negations], 'yargs', at, { hidden: isTrue(o.get('hidden')?.value), deprecated: !!o.get('deprecated') && o.get('deprecated')!.value.type !== 'false', command });
}

function readOclifFlags(value: SyntaxNode | null, x: CliCollector): void {
  for (const [name, { key, value: def }] of props(value)) {
    const call = def.type === 'call_expression' ? def : null;
    const o = props(call ? children(call.childForFieldName('arguments'))[0] : undefined);
    const char = jsString(o.get('char')?.value);
    const aliases = jsStrings(o.get('aliases')?.value).map(dashed);
    const no = isTrue(o.get('allowNo')?.value) ? [`--no-${name}`] : [];
    x.flag([`--${name}`, char ? `-${char}` : null, ...aliases, ...no], 'oclif', key, {
      hidden: isTrue(o.get('hidden')?.value),
      deprecated: !!o.get('deprecated'),
      env: jsStrings(o.get('env')?.value),
    });
  }
}
