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

export function readNode(tree: SyntaxTree, text: string, lang: TreeLanguage, path: string): CliCollector {
  const x = new CliCollector();
  for (const node of nodesOf(lang, tree, TYPES)) {
    if (node.type === 'public_field_definition' || node.type === 'field_definition') {
      if (!/^static\b/.test(node.text) || node.childForFieldName('name')?.text !== 'flags') continue;
      readOclifFlags(node.childForFieldName('value'), x);
      continue;
    }
    const fn = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
    const args = children(node.childForFieldName('arguments'));
    if (!fn) continue;
    if (node.type === 'new_expression') {
      if (/(?:^|\.)Option$/.test(fn.text) && jsString(args[0])?.startsWith('-')) {
        const chain = chainAbove(node, MEMBER, 'call_expression');
        x.flag(commanderNames(jsString(args[0])!), 'commander', args[0], {
          hidden: chain.some((c) => c.method === 'hideHelp'),
          env: chain
            .filter((c) => c.method === 'env')
            .map((c) => jsString(c.args[0]))
            .filter((e): e is string => !!e),
        });
      }
      continue;
    }
    const method = fn.type === 'member_expression' ? (fn.childForFieldName('property')?.text ?? '') : fn.text;
    if (method === 'parseArgs' || fn.text === 'util.parseArgs') {
      const config = props(args[0]);
      let options = config.get('options')?.value ?? null;
      if (options?.type === 'identifier') options = boundObject(tree, lang, options.text);
      const shorthand = !options && args[0] ? children(args[0]).find((c) => c.type === 'shorthand_property_identifier' && c.text === 'options') : undefined;
      const written = shorthand ? 'options' : options?.type === 'identifier' ? options.text : null;
      const rows = optionTable(tree, lang, written ? boundValue(tree, lang, written) : (config.get('options')?.value ?? null));
      if (rows) {
        for (const row of rows) {
          const p = props(row);
          const name = p.get('name')!.value;
          const short = jsString(p.get('short')?.value);
          x.flag([`--${jsString(name)!}`, short ? `-${short}` : null], 'parseArgs', name);
        }
        continue;
      }
      if (shorthand) options = boundObject(tree, lang, 'options');
      // Options built at run time (`Object.fromEntries(TABLE.map(…))`, a spread): not every flag can be known.
      if ((config.has('options') || shorthand) && (!options || children(options).some((c) => c.type === 'spread_element'))) {
        x.dynamic = true;
        continue;
      }
      for (const [name, { key, value }] of props(options)) {
        const o = props(value);
        const short = jsString(o.get('short')?.value);
        x.flag([`--${name}`, short ? `-${short}` : null], 'parseArgs', key);
      }
    } else if ((method === 'option' || method === 'requiredOption') && fn.type === 'member_expression') {
      const spec = jsString(args[0]);
      if (spec === null) {
        // `program.option(option.flags, …)` over a table of options: not every flag can be known.
        if (args[0] && args[0].type !== 'object') x.dynamic = true;
        continue;
      }
      if (spec.startsWith('-')) x.flag(commanderNames(spec), 'commander', args[0]);
      else readYargsOption(spec, args[1], args[0], x);
    } else if (method === 'options' && fn.type === 'member_expression' && args[0]?.type === 'object') {
      for (const [name, { key, value }] of props(args[0])) readYargsOption(name, value, key, x);
    } else if (method === 'command' && fn.type === 'member_expression') {
      const first = args[0];
      let names = jsStrings(first);
      let at = first;
      if (first?.type === 'object') {
        const c = props(first).get('command');
        names = jsStrings(c?.value);
        at = c?.value ?? first;
      }
      const [head, ...rest] = names.map((n) => n.trim().split(/\s+/)[0]);
      if (!head || head === '$0' || head === '*' || !at) continue;
      const chain = chainAbove(node, MEMBER, 'call_expression');
      const aliases: string[] = [...rest];
      for (const c of chain) {
        if (c.method === 'command') break;
        if (c.method === 'alias') aliases.push(...jsStrings(c.args[0]));
        if (c.method === 'aliases') for (const a of c.args) aliases.push(...jsStrings(a));
      }
      const library = /\byargs\b/.test(text) ? 'yargs' : 'commander';
      x.command(head, aliases, library, at, {
        hidden: chain.some((c) => c.method === 'hideHelp' && c.args.length === 0) || (library === 'yargs' && jsString(args[1]) === null && args[1]?.type === 'false'),
      });
    }
  }
  // oclif: a command class per file under src/commands/ (`topic/sub.ts` is `topic sub`, also `topic:sub`).
  const m = /(?:^|\/)(?:src|lib|dist)\/commands\/(.+)\.[cm]?[jt]sx?$/.exec(path);
  if (m && /\bextends\s+(?:\w+\.)?Command\b/.test(text)) {
    const parts = m[1].split('/').filter((p) => p !== 'index');
    const cls = nodesOf(lang, tree, new Set(['class_declaration', 'class']))[0];
    if (parts.length && cls) x.command(parts.join(' '), [parts.join(':')], 'oclif', cls.childForFieldName('name') ?? cls);
  }
  return x;
}

function readYargsOption(name: string, config: SyntaxNode | undefined, at: SyntaxNode, x: CliCollector): void {
  if (!/^[A-Za-z0-9][\w-]*$/.test(name)) return;
  const o = props(config);
  const aliases = jsStrings(o.get('alias')?.value);
  const all = [name, ...aliases];
  const bool = jsString(o.get('type')?.value) === 'boolean' || isTrue(o.get('boolean')?.value);
  // yargs accepts the camelCase and kebab-case forms of every name, and `--no-x` for booleans.
  const spellings = all.flatMap((n) => (n.length === 1 ? [`-${n}`] : [`--${n}`, `--${kebab(n)}`]));
  const negations = bool ? all.filter((n) => n.length > 1).flatMap((n) => [`--no-${n}`, `--no-${kebab(n)}`]) : [];
  x.flag([...spellings, ...negations], 'yargs', at, { hidden: isTrue(o.get('hidden')?.value), deprecated: !!o.get('deprecated') && o.get('deprecated')!.value.type !== 'false' });
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
