import { type SyntaxNode, type SyntaxTree } from '../syntax.js';
import { children, CliCollector, isTrue, nodesOf } from './common.js';

/** Java picocli: `@Option(names = {"-x", "--xx"}, hidden = true)`, `@Command(name = "x", aliases = {…})`. */
const TYPES = new Set(['annotation']);

function javaStrings(node: SyntaxNode | null | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string_literal')
    return [
      children(node)
        .map((c) => (c.type === 'string_fragment' ? c.text : ''))
        .join(''),
    ];
  if (node.type === 'element_value_array_initializer' || node.type === 'array_initializer') return children(node).flatMap((c) => javaStrings(c));
  return [];
}

export function readJava(tree: SyntaxTree, _text: string): CliCollector {
  const x = new CliCollector();
  for (const node of nodesOf('java', tree, TYPES)) {
    const name = node.childForFieldName('name')?.text.replace(/^(?:picocli\.)?CommandLine\./, '');
    const pairs = new Map<string, SyntaxNode>();
    for (const p of children(node.childForFieldName('arguments'))) {
      if (p.type !== 'element_value_pair') continue;
      const k = p.childForFieldName('key')?.text;
      const v = p.childForFieldName('value');
      if (k && v) pairs.set(k, v);
    }
    if (name === 'Option') {
      const names = javaStrings(pairs.get('names'));
      if (names.length) x.flag(names, 'picocli', pairs.get('names')!, { hidden: isTrue(pairs.get('hidden')) });
    } else if (name === 'Command') {
      const cmd = javaStrings(pairs.get('name'))[0];
      if (cmd) x.command(cmd, javaStrings(pairs.get('aliases')), 'picocli', pairs.get('name')!, { hidden: isTrue(pairs.get('hidden')) });
    }
  }
  return x;
}
