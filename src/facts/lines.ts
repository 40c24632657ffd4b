import type { Point, Range } from '../types.js';

/**
 * Offsets of line starts. CRLF, LF and lone CR all end a line, as in micromark,
 * so positions agree with the Markdown parser on every line-ending style.
 */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Points are shared: every range that starts or ends at line 12, column 3 of
 * any file holds the same frozen object. Facts are mostly ranges, and a tree
 * of 38,000 small docs has only some thousands of distinct points, so this
 * saves two objects per range (tens of MB on large trees). Past a million
 * distinct points new ones are made as before.
 */
const points = new Map<number, Point>();
const MAX_SHARED_POINTS = 1_000_000;

export function sharedPoint(line: number, column: number): Point {
  if (column >= 0x200000 || line >= 0x80000000) return { line, column };
  const key = line * 0x200000 + column;
  let p = points.get(key);
  if (!p) {
    p = Object.freeze({ line, column });
    if (points.size < MAX_SHARED_POINTS) points.set(key, p);
  }
  return p;
}

const ranges = new Map<number, Range>();
const MAX_SHARED_RANGES = 1_000_000;

/**
 * A frozen range, shared with every other range of the same span while lines and columns are small: a warm run
 * unpacks a range per heading, anchor and link of every doc, and most docs' spans repeat (a heading and its anchor
 * share one; `# Title` on line 1 is in thousands of docs), so 200,000 docs' ranges were a tenth of their facts.
 */
export function sharedRange(line: number, column: number, endLine: number, endColumn: number): Range {
  // Four 13-bit numbers make an exact key below 2^52; anything larger gets a range of its own.
  if ((line | column | endLine | endColumn) >>> 13 !== 0 || line !== Math.floor(line) || column !== Math.floor(column) || endLine !== Math.floor(endLine) || endColumn !== Math.floor(endColumn)) {
    return { start: sharedPoint(line, column), end: sharedPoint(endLine, endColumn) };
  }
  const key = ((line * 0x2000 + column) * 0x2000 + endLine) * 0x2000 + endColumn;
  let r = ranges.get(key);
  if (!r) {
    r = Object.freeze({ start: sharedPoint(line, column), end: sharedPoint(endLine, endColumn) });
    if (ranges.size < MAX_SHARED_RANGES) ranges.set(key, r);
  }
  return r;
}

/** Converts between code-unit offsets and 1-based points. */
export class LineIndex {
  readonly starts: number[];
  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? computeLineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  pointAt(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return sharedPoint(lo + 1, o - this.starts[lo] + 1);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.pointAt(start), end: this.pointAt(end) };
  }

  offsetAt(point: Point): number {
    const start = this.starts[point.line - 1];
    if (start === undefined) return this.text.length;
    return start + point.column - 1;
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  /** Is the range inside the text (lines exist, columns within the line, end not before start)? */
  contains(range: Range): boolean {
    const ok = (p: Point) => Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.line <= this.lineCount && p.column >= 1 && p.column <= this.lineText(p.line).length + 2;
    if (!ok(range.start) || !ok(range.end)) return false;
    return range.end.line > range.start.line || (range.end.line === range.start.line && range.end.column >= range.start.column);
  }
}
