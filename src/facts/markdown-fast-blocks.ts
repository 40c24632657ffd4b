import type { SyntaxNode } from '@lezer/common';
import { decodeString } from 'micromark-util-decode-string';
import type { Range } from '../types.js';
import type { DocCell, DocCodeSpan, DocTable } from './types.js';

/**
 * The optional block facts of the fast extractor (markdown-fast.ts): code
 * blocks and tables read off the lezer tree and the source text the
 * parser read (LF line endings), as the reference extractor (markdown.ts)
 * reads them off mdast. Each reader returns null for a construct it cannot make
 * identical (the document then goes to the reference): a tab inside the
 * indentation that a container or a code block strips (CommonMark splits such
 * tabs into columns), a container line whose marks are not where the tree says,
 * an unclosed fence inside a list item or block quote, an indented code block
 * followed by a blank line indented four columns.
 */

/** Where a line's text stands: the offset in the source and the column (tabs to multiples of 4). */
interface Cursor {
  pos: number;
  col: number;
}

/** The block quotes and list items around a node, outermost first. */
function containersOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = node.parent; p; p = p.parent) if (p.name === 'Blockquote' || p.name === 'ListItem') out.unshift(p);
  return out;
}

/** The offset of the start of the line holding `pos`. */
function lineStartOf(source: string, pos: number): number {
  return source.lastIndexOf('\n', pos - 1) + 1;
}

/** The offset of the end of the line starting at `start` (its LF, or the end of the text). */
function lineEndOf(source: string, start: number): number {
  const nl = source.indexOf('\n', start);
  return nl < 0 ? source.length : nl;
}

/** The cursor after at most `cols` columns of spaces (all of them when `cols` is Infinity); null when a tab falls inside them. */
function skipSpaces(source: string, at: Cursor, cols: number, end: number): Cursor | null {
  let { pos, col } = at;
  const limit = at.col + cols;
  while (pos < end && col < limit) {
    const c = source.charCodeAt(pos);
    if (c === 9) return null;
    if (c !== 32) break;
    pos++;
    col++;
  }
  return { pos, col };
}

/** Reads the container marks at the start of lines; the content width of each list item is measured on its marker line once. */
class ContainerPrefix {
  private readonly widths = new Map<number, number>();
  constructor(private readonly source: string) {}

  /** Where the content of the innermost of `containers` starts on the line starting at `lineStart`, or null when doubtful. */
  contentStart(lineStart: number, containers: readonly SyntaxNode[]): Cursor | null {
    const end = lineEndOf(this.source, lineStart);
    let at: Cursor | null = { pos: lineStart, col: 0 };
    for (let i = 0; i < containers.length && at; i++) at = this.skipContainer(at, end, containers, i);
    return at;
  }

  /** The cursor after container `i`'s mark (or its indentation on a continuation line), or null. */
  private skipContainer(at: Cursor, end: number, containers: readonly SyntaxNode[], i: number): Cursor | null {
    const node = containers[i];
    if (node.name === 'Blockquote') {
      const before = skipSpaces(this.source, at, 3, end);
      if (!before || this.source.charCodeAt(before.pos) !== 62) return null;
      const next = this.source.charCodeAt(before.pos + 1);
      if (next === 9) return null;
      const step = next === 32 ? 2 : 1;
      return { pos: before.pos + step, col: before.col + step };
    }
    const mark = node.getChild('ListMark');
    if (!mark) return null;
    if (mark.from >= at.pos && mark.from < end) return this.afterMarker(at, end, mark);
    const blank = /^[ \t]*$/.test(this.source.slice(at.pos, end));
    const width = this.widthOf(containers, i, mark);
    if (width === null) return null;
    const after = skipSpaces(this.source, at, width, end);
    if (blank) return after ?? { pos: end, col: at.col };
    return after && after.col - at.col === width ? after : null;
  }

  /** The cursor where a list item's content starts on its marker line, or null. */
  private afterMarker(at: Cursor, end: number, mark: SyntaxNode): Cursor | null {
    const indent = skipSpaces(this.source, at, 3, end);
    if (!indent || indent.pos !== mark.from) return null;
    const markEnd: Cursor = { pos: mark.to, col: indent.col + (mark.to - mark.from) };
    let n = 0;
    while (this.source.charCodeAt(mark.to + n) === 32) n++;
    if (this.source.charCodeAt(mark.to + n) === 9) return null;
    if (mark.to + n >= end) return { pos: end, col: markEnd.col + 1 };
    const step = n >= 5 ? 1 : n;
    return { pos: mark.to + step, col: markEnd.col + step };
  }

  /** The columns a list item's continuation lines are indented by (marker, its indentation and the spaces after it), or null. */
  private widthOf(containers: readonly SyntaxNode[], i: number, mark: SyntaxNode): number | null {
    const known = this.widths.get(mark.from);
    if (known !== undefined) return known;
    const lineStart = lineStartOf(this.source, mark.from);
    const outer = this.contentStart(lineStart, containers.slice(0, i));
    if (!outer) return null;
    const inner = this.afterMarker(outer, lineEndOf(this.source, lineStart), mark);
    if (!inner) return null;
    this.widths.set(mark.from, inner.col - outer.col);
    return inner.col - outer.col;
  }
}

/**
 * The source from `from` to `to` inside `node` with the container marks and indentation of every later line taken
 * off, as micromark gives inline text (a reference's label); null when a line's marks are not where the tree says
 * (a lazy line). `eolAt(n)`: the original line ending of the LF at `n`.
 */
export function withoutContainerMarks(node: SyntaxNode, source: string, from: number, to: number, eolAt: (n: number) => string): string | null {
  const containers = containersOf(node);
  const prefix = new ContainerPrefix(source);
  let out = '';
  let pos = from;
  for (let nl = source.indexOf('\n', pos); nl >= 0 && nl < to; nl = source.indexOf('\n', pos)) {
    out += source.slice(pos, nl) + eolAt(nl);
    const at = prefix.contentStart(nl + 1, containers);
    if (!at || at.pos > to) return null;
    pos = at.pos;
  }
  return out + source.slice(pos, to);
}

/** A code block as mdast's `code` node has it: its language, its value, and its source offsets. */
export interface CodeBlockRead {
  lang: string | null;
  value: string;
  from: number;
  to: number;
}

/** The text of lines `starts` with the container prefix and `strip` columns of indentation removed, joined by their line endings; null when doubtful. */
function strippedLines(source: string, starts: readonly number[], containers: readonly SyntaxNode[], strip: number, eolAt: (n: number) => string): string | null {
  const prefix = new ContainerPrefix(source);
  let value = '';
  for (let k = 0; k < starts.length; k++) {
    const end = lineEndOf(source, starts[k]);
    const content = prefix.contentStart(starts[k], containers);
    if (!content) return null;
    const at = skipSpaces(source, content, strip, end);
    if (!at) return null;
    if (k > 0) value += eolAt(starts[k] - 1);
    value += source.slice(at.pos, end);
  }
  return value;
}

/** The offsets of the starts of the lines from `first` while they start before `end`. */
function lineStarts(source: string, first: number, end: number): number[] {
  const out: number[] = [];
  for (let s = first; s < end && s <= source.length; s = lineEndOf(source, s) + 1) out.push(s);
  return out;
}

/** A fenced code block (`FencedCode`): lang from the info string, value between the fences; null when doubtful. */
function fencedCode(node: SyntaxNode, source: string, eolAt: (n: number) => string): CodeBlockRead | null {
  const open = node.firstChild;
  if (!open || open.name !== 'CodeMark') return null;
  const containers = containersOf(node);
  const fenceLine = lineStartOf(source, open.from);
  const content = new ContainerPrefix(source).contentStart(fenceLine, containers);
  if (!content || content.pos > open.from || !/^ *$/.test(source.slice(content.pos, open.from))) return null;
  const indent = open.from - content.pos;
  const close = node.lastChild;
  const closed = close && close.name === 'CodeMark' && close.from > open.from;
  // An unclosed fence in a container: micromark's position and value end differently around the container's end.
  if (!closed && containers.length) return null;
  const bodyEnd = closed ? lineStartOf(source, close.from) : node.to;
  const first = lineEndOf(source, open.to) + 1;
  const value = strippedLines(source, lineStarts(source, first, bodyEnd), containers, indent, eolAt);
  if (value === null) return null;
  const info = node.getChild('CodeInfo');
  const lang = info ? decodeString(source.slice(info.from, info.to).split(/[ \t]/)[0]) : '';
  return { lang: lang || null, value, from: node.from, to: node.to };
}

/** An indented code block (`CodeBlock`): four columns of indentation off each line; null when doubtful. */
function indentedCode(node: SyntaxNode, source: string, eolAt: (n: number) => string): CodeBlockRead | null {
  const containers = containersOf(node);
  const firstLine = lineStartOf(source, node.from);
  const content = new ContainerPrefix(source).contentStart(firstLine, containers);
  if (!content) return null;
  const value = strippedLines(source, lineStarts(source, firstLine, node.to), containers, 4, eolAt);
  if (value === null || indentedBlankFollows(source, node.to)) return null;
  return { lang: null, value, from: content.pos, to: node.to };
}

/**
 * Whether a blank line indented four columns or more (or with a tab) follows an indented code block before the next
 * text: micromark takes such lines into the block's position, lezer does not.
 */
function indentedBlankFollows(source: string, end: number): boolean {
  const rest = /^[^\n]*(?:\n[ \t>]*(?=\n|$))*/.exec(source.slice(end, end + 4096))![0];
  return rest.split('\n').some((line) => line.includes('\t') || line.replace(/>/g, '').length >= 4);
}

/** A `FencedCode` or `CodeBlock` node as the reference's code block fact, or null when doubtful. `eolAt(n)`: the original line ending of the LF at `n`. */
export function readCodeBlock(node: SyntaxNode, source: string, eolAt: (n: number) => string): CodeBlockRead | null {
  return node.name === 'FencedCode' ? fencedCode(node, source, eolAt) : indentedCode(node, source, eolAt);
}

/** What a table cell's inline content gives: its text as mdast-util-to-string renders it (untrimmed), its code span values and link destinations. */
export interface CellRead {
  text: string;
  code: string[];
  links: string[];
}

/**
 * A `Table` node as the reference's table fact: header and rows of cells whose
 * ranges run, as mdast's do, from the pipe before the cell to the next pipe
 * (the last cell of a row to the row's end, closing pipe and spaces included). `readCell` reads a
 * `TableCell`'s inline content (collecting its facts on the way).
 */
export function readTable(node: SyntaxNode, section: number, range: (from: number, to: number) => Range, readCell: (cell: SyntaxNode) => CellRead): DocTable {
  const rows: DocCell[][] = [];
  for (let row = node.firstChild; row; row = row.nextSibling) {
    if (row.name === 'TableHeader' || row.name === 'TableRow') rows.push(tableRow(row, range, readCell));
  }
  const [header = [], ...body] = rows;
  return { section, range: range(node.from, node.to), header, rows: body };
}

/** Is position `a` before `b`? */
const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);

/**
 * Marks the code spans (`spans` from index `from` on, the table's own, in document order) that lie in the first cell of one of
 * the table's body rows, as the reference does for the `firstCells` fact; one pass over rows and spans.
 */
export function markFirstCells(table: DocTable, spans: DocCodeSpan[], from: number): void {
  let i = from;
  for (const row of table.rows) {
    const cell = row[0];
    if (!cell) continue;
    while (i < spans.length && before(spans[i].range.start, cell.range.start)) i++;
    for (; i < spans.length && !before(cell.range.end, spans[i].range.end); i++) spans[i].firstCell = true;
  }
}

/** The cells of one `TableHeader` or `TableRow`, empty ones (two pipes with only spaces between) included. */
function tableRow(row: SyntaxNode, range: (from: number, to: number) => Range, readCell: (cell: SyntaxNode) => CellRead): DocCell[] {
  const cells: DocCell[] = [];
  let start = -1;
  let content: SyntaxNode | null = null;
  const finish = (end: number) => {
    const read = content ? readCell(content) : { text: '', code: [], links: [] };
    cells.push({ text: read.text.trim(), code: read.code, links: read.links, range: range(start, end) });
    content = null;
  };
  for (let c = row.firstChild; c; c = c.nextSibling) {
    if (c.name === 'TableDelimiter') {
      if (start >= 0) {
        if (!c.nextSibling) {
          finish(row.to);
          start = -1;
          break;
        }
        finish(c.from);
      }
      start = c.from;
    } else if (c.name === 'TableCell') {
      if (start < 0) start = c.from;
      content = c;
    }
  }
  if (start >= 0 && content) finish(row.to);
  return cells;
}

/** A table delimiter row (`| --- | :-: |`) inside what lezer read as a paragraph: GFM may see a table there (an empty header cell, `| a | |`). */
const DELIMITER_ROW = /\n[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*(?:\n|$)/;

/** Whether a paragraph's source holds a line that may be a table's delimiter row (with a pipe in the paragraph), so that GFM may read a table lezer did not. */
export function mayHoldMissedTable(raw: string): boolean {
  return raw.includes('|') && DELIMITER_ROW.test(raw);
}
