import { NodeProp, Tree } from '@lezer/common';
import { describe, expect, it } from 'vitest';
import { fastMarkdownParser } from '../src/facts/markdown-fast.js';

/**
 * The fast extractor's parser builds lean trees (src/facts/lezer-compact.ts):
 * a long changelog's tree was two thirds spare array room and one props object
 * per block. The trees must read exactly as before.
 */
function trees(tree: Tree, out: Tree[] = []): Tree[] {
  out.push(tree);
  for (const child of tree.children) if (child instanceof Tree) trees(child, out);
  return out;
}

describe('lean lezer trees', () => {
  const doc = Array.from({ length: 40 }, (_, i) => `## v1.${i}\n\n- item [${i}](/u/${i}) with \`code\`\n- second *x*\n\npara ${i}\n`).join('\n');
  const tree = fastMarkdownParser.parse(doc);

  it('gives the blocks of one context one props object', () => {
    const paragraphs = trees(tree).filter((t) => t.type.name === 'Paragraph');
    expect(paragraphs.length).toBeGreaterThan(40);
    const hashes = new Set(paragraphs.map((t) => t.prop(NodeProp.contextHash)));
    const props = new Set(paragraphs.map((t) => (t as unknown as { props: unknown }).props));
    expect(props.size).toBe(hashes.size);
    expect(props.size).toBeLessThan(5);
  });

  it('keeps every node, position and context hash', () => {
    const seen: string[] = [];
    const cursor = tree.cursor();
    do seen.push(`${cursor.name}:${cursor.from}-${cursor.to}`);
    while (cursor.next());
    expect(seen.length).toBeGreaterThan(600);
    expect(seen.slice(0, 6)).toEqual(['Document:0-' + doc.length, 'ATXHeading2:0-7', 'HeaderMark:0-2', 'BulletList:9-50', 'ListItem:9-37', 'ListMark:9-10']);
    for (const t of trees(tree)) expect(t.children.length).toBe(t.positions.length);
  });
});
