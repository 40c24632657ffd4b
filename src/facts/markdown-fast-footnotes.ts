import type { BlockContext, InlineContext, Line, MarkdownConfig } from '@lezer/markdown';

/**
 * GFM footnotes for the fast extractor (lezer has none), as
 * micromark-extension-gfm-footnote reads them, for the documents whose
 * footnotes take the plain shape: every definition `[^label]:` at the start of
 * a line at the top level, after a blank line (or first in the document), with
 * a label of no whitespace, brackets or backslashes and content on its own
 * line. A definition is a container (continued by blank lines and lines
 * indented four columns, lazily by paragraph lines, as a list item is); a call
 * `[^label]` of a defined label is a node with no text. Anything else that may
 * be a footnote leaves the document to the reference (`footnoteShape` says
 * why), and so does a tree whose definitions are not the ones found here.
 */

/** A line that may open a footnote definition anywhere (in a container, indented, any label). */
const ANY_DEFINITION = /^ {0,3}(?:>[ \t]?)*(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)*\[\^[^\]\n]+\]:/gm;
/** A definition of the plain shape: at column 0, a label micromark takes without escapes, content on the line. */
const PLAIN_DEFINITION = /^\[\^([^\][\s\\]{1,999})\]:[ ]*(?=[^\s])/;
const LABEL_CHAR = /[^\][\s\\]/;

/** micromark's identifier of a footnote label (normalizeIdentifier: whitespace collapsed, case folded). */
export function footnoteIdentifier(label: string): string {
  return label.toLowerCase().toUpperCase();
}

/**
 * The identifiers of the document's footnote definitions when they all take the plain shape
 * (an empty set when it has none), or why the reference should read it.
 */
export function footnoteShape(text: string): Set<string> | string {
  const defined = new Set<string>();
  ANY_DEFINITION.lastIndex = 0;
  for (let m = ANY_DEFINITION.exec(text); m; m = ANY_DEFINITION.exec(text)) {
    const line = text.slice(m.index, text.indexOf('\n', m.index) < 0 ? text.length : text.indexOf('\n', m.index));
    const plain = PLAIN_DEFINITION.exec(line);
    if (!plain) return 'footnote definition';
    const before = text.slice(text.lastIndexOf('\n', m.index - 2) + 1, Math.max(m.index - 1, 0));
    if (m.index > 0 && before.trim() !== '' && !PLAIN_DEFINITION.test(before)) return 'footnote definition after a paragraph line';
    defined.add(footnoteIdentifier(plain[1]));
  }
  if (defined.size && text.includes('\t')) return 'footnote definition in a document with tabs';
  return defined;
}

/** The footnotes defined in the document being parsed (the parse is synchronous: set around it by `withFootnotes`). */
let current: ReadonlySet<string> = new Set();
/** Whether a call was seen where micromark may read it otherwise (after `!`, before `(` or `[`, inside a link's text). */
let doubtfulCall = false;

/** Runs `parse` with the document's defined footnotes; returns its result and whether a call was doubtful. */
export function withFootnotes<T>(defined: ReadonlySet<string>, parse: () => T): { result: T; doubtfulCall: boolean } {
  current = defined;
  doubtfulCall = false;
  try {
    return { result: parse(), doubtfulCall };
  } finally {
    current = new Set();
  }
}

/** The end of the `[^label]` call at `pos` (line text offsets of an inline context) when its label is defined, else -1. */
function callEnd(cx: InlineContext, pos: number): number {
  let i = pos + 2;
  let label = '';
  for (; i < cx.end && i - pos - 2 <= 999; i++) {
    const c = cx.slice(i, i + 1);
    if (c === ']') break;
    if (!LABEL_CHAR.test(c)) return -1;
    label += c;
  }
  if (cx.char(i) !== 93 || !label || !current.has(footnoteIdentifier(label))) return -1;
  return i + 1;
}

/** Whether the line opens a definition of the plain shape at the top level: the label when it does. */
function startsDefinition(cx: BlockContext, line: Line, topLevel = true): RegExpExecArray | null {
  // Asked to end a paragraph, the line is still in the definition before it (whose continuation failed).
  if (!current.size || (topLevel && cx.depth > 1) || line.pos !== 0 || line.next !== 91) return null;
  const m = PLAIN_DEFINITION.exec(line.text);
  return m && current.has(footnoteIdentifier(m[1])) ? m : null;
}

/** Starts a definition of the plain shape at the top level: a FootnoteDefinition container whose content follows the label. */
function parseDefinition(cx: BlockContext, line: Line): boolean | null {
  const m = startsDefinition(cx, line);
  if (!m) return false;
  const labelEnd = m[1].length + 4;
  cx.startComposite('FootnoteDefinition', line.pos, 4);
  cx.addElement(cx.elt('FootnoteLabel', cx.lineStart, cx.lineStart + labelEnd));
  line.moveBase(m[0].length);
  return null;
}

export const GfmFootnotes: MarkdownConfig = {
  defineNodes: [
    {
      name: 'FootnoteDefinition',
      block: true,
      // Continued by a blank line or one indented four columns, as micromark's footnote continuation.
      composite(_cx, line, value) {
        if (line.next < 0) return true;
        if (line.indent < line.baseIndent + value) return false;
        line.moveBaseColumn(line.baseIndent + value);
        return true;
      },
    },
    'FootnoteLabel',
    'FootnoteReference',
  ],
  // A definition line ends the paragraph before it (the one of the definition before it).
  parseBlock: [{ name: 'FootnoteDefinition', parse: parseDefinition, endLeaf: (cx, line) => startsDefinition(cx, line, false) !== null, before: 'Blockquote' }],
  parseInline: [
    {
      name: 'FootnoteReference',
      parse(cx: InlineContext, next: number, pos: number): number {
        if (next !== 91 || cx.char(pos + 1) !== 94 || !current.size) return -1;
        const end = callEnd(cx, pos);
        if (end < 0) return -1;
        const after = cx.char(end);
        if (cx.char(pos - 1) === 33 || after === 40 || after === 91 || cx.hasOpenLink) doubtfulCall = true;
        return cx.addElement(cx.elt('FootnoteReference', pos, end));
      },
      before: 'Link',
    },
  ],
};
