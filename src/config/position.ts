import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

/**
 * Offsets of the YAML node at `segments` (e.g. `['rules', 'last-reviewed', 'allow', 0]`)
 * in a configuration text, so that findings about configuration entries (an expired
 * allowlist entry) point at the entry itself. Null when the path is not in the text.
 */
export function configNodeOffsets(text: string, segments: readonly (string | number)[]): { start: number; end: number } | null {
  const doc = parseDocument(text, { keepSourceTokens: false });
  let node: unknown = doc.contents;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return null;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return null;
  }
  const range = (node as YamlNode | null)?.range;
  if (!range) return null;
  // A block mapping's range runs to the next entry; the entry ends at its last value.
  return { start: range[0], end: range[1] };
}
