import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/**
 * Offsets of the YAML node at `segments` (e.g. `['rules', 'last-reviewed', 'allow', 0]`)
 * in a configuration text, so that findings about configuration entries (an expired
 * allowlist entry) point at the entry itself. Null when the path is not in the text.
 */
export function configNodeOffsets(text: string, segments: readonly (string | number)[]): { start: number; end: number } | null {
  const doc = parsedConfig(text);
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

/**
 * The YAML tree of a configuration text, parsed once for as long as the text is the same: a run asks for the
 * places of many entries (certctl's guards, about 0.6 s when each call parsed the file again). Read only.
 */
function parsedConfig(text: string): Document {
  if (lastParsed?.text !== text) lastParsed = { text, doc: parseDocument(text, { keepSourceTokens: false }) };
  return lastParsed.doc;
}
let lastParsed: { text: string; doc: Document } | undefined;

/** Hands over the tree the configuration was loaded from, so that placing its entries does not parse the text again. */
export function rememberParsedConfig(text: string, doc: Document): void {
  lastParsed = { text, doc };
}
