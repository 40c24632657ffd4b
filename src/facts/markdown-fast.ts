import { parser as commonmarkParser, Strikethrough, Table, TaskList, type MarkdownConfig, type InlineContext } from '@lezer/markdown';
import type { SyntaxNode, TreeCursor } from '@lezer/common';
import { decodeString } from 'micromark-util-decode-string';
import GithubSlugger from 'github-slugger';
import type { Range } from '../types.js';
import { LineIndex } from './lines.js';
import { compactLezerTrees } from './lezer-compact.js';
import type { DocFacts, DocListItem, OptionalFact } from './types.js';
import { emptyDocFacts } from './types.js';
import { yamlFrontMatter } from './front-matter.js';
import { scanHtmlFragment } from './html.js';
import { markdownImports, SHORTCODE_INCLUDE } from './markdown-site.js';
import { markFirstCells, mayHoldMissedTable, readCodeBlock, readTable, withoutContainerMarks, type CellRead } from './markdown-fast-blocks.js';
import { footnoteIdentifier, footnoteShape, GfmFootnotes, withFootnotes } from './markdown-fast-footnotes.js';
import { fillListItem, firstParagraph, lastBlock, listItemEnd, listItemStart, LazyListItems, mayNotInterrupt, notOnlyText, openListItem, type FirstLink } from './markdown-fast-lists.js';

/**
 * DocFacts without an mdast tree: @lezer/markdown (CommonMark with GFM tables,
 * strikethrough and literal autolinks, exact positions for every node, inline
 * ones included) parses several times faster than micromark plus
 * mdast-util-from-markdown, and in time linear in the document. The facts are
 * those of `extractMarkdownFacts` in markdown.ts, the reference: the
 * differential test (test/markdown-fast.test.ts) compares the two on the
 * CommonMark and GFM spec examples and on every fixture.
 *
 * What this extractor does not do itself it hands back to the reference
 * (`null`): documents with GFM footnotes not of the plain shape that
 * markdown-fast-footnotes.ts reads (lezer has no footnotes of its own)
 * or with a CR that is not part of a CRLF (lezer ends lines at LF only; CRLF
 * documents are parsed with LF endings and their offsets mapped back),
 * and the constructs lezer reads differently from micromark (each named
 * where it is found, and in docs/performance.md). Code blocks and tables
 * (markdown-fast-blocks.ts) and list items (markdown-fast-lists.ts) are read
 * off the same tree when a rule reads those optional facts.
 */

/**
 * The offsets (in the text with CRLF turned into LF) of the LFs that were CRLFs, ascending; undefined
 * when the text has a CR that does not end a line as CRLF.
 */
function crlfLineEnds(text: string): number[] | undefined {
  const at: number[] = [];
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 10) return undefined;
    at.push(i - at.length);
  }
  return at;
}

/** How many of the ascending `xs` are below `n`. */
function countBelow(xs: readonly number[], n: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a task item's paragraph may hold that paragraphFacts would read (the reference reads it from a differently bounded paragraph). */
const DOC_SITE_PARAGRAPH = /\{\{|\n: /;

/** micromark's strikethrough takes `~` as well as `~~` (GFM renders both); lezer's takes `~~` only. */
const FULL_REFERENCE = /(!?)\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]/g;
const SingleTildeDelim = { resolve: 'Strikethrough', mark: 'StrikethroughMark' };
const PUNCTUATION = /[\p{P}\p{S}]/u;
const SingleTildeStrikethrough: MarkdownConfig = {
  parseInline: [
    {
      name: 'StrikethroughSingle',
      parse(cx: InlineContext, next: number, pos: number): number {
        if (next !== 126 || cx.char(pos + 1) === 126 || cx.char(pos - 1) === 126) return -1;
        const before = cx.slice(pos - 1, pos);
        const after = cx.slice(pos + 1, pos + 2);
        const sBefore = /\s|^$/.test(before);
        const sAfter = /\s|^$/.test(after);
        const pBefore = PUNCTUATION.test(before);
        const pAfter = PUNCTUATION.test(after);
        return cx.addDelimiter(SingleTildeDelim, pos, pos + 1, !sAfter && (!pAfter || sBefore || pBefore), !sBefore && (!pBefore || sAfter || pAfter));
      },
      after: 'Strikethrough',
    },
  ],
};

/**
 * GFM literal autolinks for `http(s)://` and `www.` as micromark-extension-gfm-autolink-literal
 * finds them (lezer's own wants a dot in the domain, so it misses `http://localhost:8080`, and
 * ends paths elsewhere), and e-mail addresses likewise; they replace lezer's autolinks.
 */
const TRAIL_CHARS = new Set([33, 34, 39, 41, 42, 44, 46, 58, 59, 63, 95, 126]); // ! " ' ) * , . : ; ? _ ~
const PATH_PUNCTUATION = new Set([33, 34, 38, 39, 41, 42, 44, 46, 58, 59, 60, 63, 93, 95, 126]); // the above and & < ]
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const UNICODE_WHITESPACE = /\s/u;
const isAsciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => Number.isNaN(c) || UNICODE_WHITESPACE.test(String.fromCharCode(c));
const isPunctuation = (text: string, i: number) => UNICODE_PUNCTUATION.test(String.fromCodePoint(text.codePointAt(i)!));

/** micromark's `trail`: does the text from `i` on only trail the link (punctuation, then whitespace or the end)? */
function isTrail(text: string, i: number): boolean {
  for (;;) {
    const c = text.charCodeAt(i);
    if (TRAIL_CHARS.has(c)) i++;
    else if (c === 38) {
      i++;
      if (!isAsciiAlpha(text.charCodeAt(i))) return false;
      while (isAsciiAlpha(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 59) return false;
      i++;
    } else if (c === 93) {
      i++;
      const n = text.charCodeAt(i);
      if (Number.isNaN(n) || n === 40 || n === 91 || isSpace(n)) return true;
    } else return c === 60 || isSpace(c);
  }
}

/** micromark's `domain` from `i`: its end, or -1. */
function domainEnd(text: string, i: number): number {
  let seen = false;
  let underscoreInLast = false;
  let underscoreInLastLast = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 95) {
      if (isTrail(text, i)) break;
      if (c === 95) underscoreInLast = true;
      else {
        underscoreInLastLast = underscoreInLast;
        underscoreInLast = false;
      }
      i++;
      continue;
    }
    if (isSpace(c) || (c !== 45 && isPunctuation(text, i))) break;
    seen = true;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return underscoreInLast || underscoreInLastLast || !seen ? -1 : i;
}

/** micromark's `path` from `i`: its end. */
function pathEnd(text: string, i: number): number {
  let open = 0;
  let close = 0;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 40) open++;
    else if (c === 41 && close < open) close++;
    else if (PATH_PUNCTUATION.has(c)) {
      if (isTrail(text, i)) return i;
      if (c === 41) close++;
    } else if (isSpace(c)) return i;
    i++;
  }
}

/** The end of a literal `http(s)://` or `www.` autolink starting at `pos` of `text`, or -1. */
export function literalAutolinkEnd(text: string, pos: number): number {
  const previous = pos > 0 ? text.charCodeAt(pos - 1) : Number.NaN;
  const first = text.charCodeAt(pos) | 0x20;
  if (first === 0x68 && !isAsciiAlpha(previous)) {
    const m = /^https?:\/\//i.exec(text.slice(pos, pos + 8));
    if (!m) return -1;
    const after = pos + m[0].length;
    const c = text.charCodeAt(after);
    if (isSpace(c) || c < 32 || c === 127 || isPunctuation(text, after)) return -1;
    const d = domainEnd(text, after);
    return d < 0 ? -1 : pathEnd(text, d);
  }
  const wwwPrevious = Number.isNaN(previous) || previous === 40 || previous === 42 || previous === 95 || previous === 91 || previous === 93 || previous === 126 || isSpace(previous);
  if (first === 0x77 && wwwPrevious && /^www\./i.test(text.slice(pos, pos + 4)) && pos + 4 < text.length) {
    const d = domainEnd(text, pos);
    return d < 0 ? -1 : pathEnd(text, d);
  }
  return -1;
}

const isAsciiAlphanumeric = (c: number) => isAsciiAlpha(c) || (c >= 48 && c <= 57);
/** micromark's gfmAtext: what the local part of an e-mail address is made of. */
const isAtext = (c: number) => c === 43 || c === 45 || c === 46 || c === 95 || isAsciiAlphanumeric(c);

/** The end of a literal e-mail address starting at `pos` (micromark's tokenizeEmailAutolink), or -1. */
export function literalEmailEnd(text: string, pos: number): number {
  const previous = pos > 0 ? text.charCodeAt(pos - 1) : Number.NaN;
  if (!isAtext(text.charCodeAt(pos)) || previous === 47 || isAtext(previous)) return -1;
  let i = pos;
  while (isAtext(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 64) return -1;
  i++;
  let data = false;
  let dot = false;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (!isAsciiAlphanumeric(text.charCodeAt(i + 1))) break; // a dot that ends the address
      dot = true;
      i++;
    } else if (c === 45 || c === 95 || isAsciiAlphanumeric(c)) {
      data = true;
      i++;
    } else break;
  }
  return data && dot && isAsciiAlpha(text.charCodeAt(i - 1)) ? i : -1;
}

/** Where the next `@` of an inline context is, so that most positions need no e-mail scan. */
const nextAtSign = new WeakMap<InlineContext, number>();

const MicromarkAutolink: MarkdownConfig = {
  defineNodes: ['LiteralURL', 'LiteralEmail'],
  parseInline: [
    {
      name: 'MicromarkAutolink',
      parse(cx: InlineContext, next: number, pos: number): number {
        if (!isAtext(next)) return -1;
        const at = pos - cx.offset;
        let end = (next | 0x20) === 0x68 || (next | 0x20) === 0x77 ? literalAutolinkEnd(cx.text, at) : -1;
        let type = 'LiteralURL';
        if (end < 0) {
          let sign = nextAtSign.get(cx);
          if (sign === undefined || (sign >= 0 && sign < at)) nextAtSign.set(cx, (sign = cx.text.indexOf('@', at)));
          if (sign < 0) return -1;
          end = literalEmailEnd(cx.text, at);
          if (end < 0) return -1;
          type = 'LiteralEmail';
        }
        // Inside the text of a possible link micromark finds none. Asked last: `hasOpenLink` scans every
        // delimiter before it, so asking it at every letter made `*a` x 50,000 quadratic.
        if (cx.hasOpenLink) return -1;
        return cx.addElement(cx.elt(type, pos, end + cx.offset));
      },
      after: 'Strikethrough',
    },
  ],
};

// GFM without lezer's Autolink: the literal autolinks are micromark's (above).
/** The parser of this extractor (exported for the benchmark's parse floor, bench/bare-parse.mjs). */
compactLezerTrees();
export const fastMarkdownParser = commonmarkParser.configure([Table, TaskList, Strikethrough, SingleTildeStrikethrough, MicromarkAutolink, GfmFootnotes, LazyListItems]);
const parser = fastMarkdownParser;

/** What mdast-util-gfm-autolink-literal's transform looks for in text (it links those without a position). */
const TRANSFORM_CANDIDATE = /(?:https?:\/\/|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+/i;

/** markdown.ts normalizeIdentifier: collapse whitespace, case-fold. */
function normalizeIdentifier(value: string): string {
  return value
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase();
}

/** docwarden's identifier (markdown.ts normalizeIdentifier) of micromark's lower-cased identifier of a raw label. */
function identifierOf(rawLabel: string): string {
  const micromark = rawLabel
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();
  return normalizeIdentifier(micromark);
}

/** micromark-extension-frontmatter: `---` (YAML) or `+++` (TOML) alone on line 1, closed by the same fence on a later line. */
function frontMatterSpan(text: string): { format: 'yaml' | 'toml'; valueStart: number; valueEnd: number; end: number } | null {
  const first = text.charCodeAt(0);
  if (first !== 45 && first !== 43) return null;
  const fence = first === 45 ? '---' : '+++';
  const fenceLine = (from: number): number => {
    // The end of a fence line starting at `from` (before its line ending), or -1.
    if (!text.startsWith(fence, from)) return -1;
    let i = from + 3;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i);
    return i >= text.length || c === 10 || c === 13 ? i : -1;
  };
  const openEnd = fenceLine(0);
  if (openEnd < 0 || openEnd >= text.length) return null;
  const afterEol = (i: number) => (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1);
  const valueStart = afterEol(openEnd);
  for (let lineStart = valueStart; lineStart <= text.length;) {
    const closeEnd = fenceLine(lineStart);
    if (closeEnd >= 0) {
      // The value ends before the line ending that precedes the closing fence.
      let valueEnd = lineStart;
      if (lineStart > valueStart) valueEnd = text.charCodeAt(lineStart - 2) === 13 && text.charCodeAt(lineStart - 1) === 10 ? lineStart - 2 : lineStart - 1;
      return { format: fence === '---' ? 'yaml' : 'toml', valueStart, valueEnd, end: closeEnd };
    }
    let eol = lineStart;
    while (eol < text.length && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
    if (eol >= text.length) return null;
    lineStart = afterEol(eol);
  }
  return null;
}

const HEADING = /^(?:ATXHeading|SetextHeading)([1-6])$/;
const INLINE_CONTAINERS = new Set([
  'Paragraph',
  'ATXHeading1',
  'ATXHeading2',
  'ATXHeading3',
  'ATXHeading4',
  'ATXHeading5',
  'ATXHeading6',
  'SetextHeading1',
  'SetextHeading2',
  'TableHeader',
  'TableRow',
  'Task',
  'LinkReference',
  'FencedCode',
  'CodeBlock',
  'HTMLBlock',
  'CommentBlock',
]);
const HTML_NODES = new Set(['HTMLBlock', 'CommentBlock', 'ProcessingInstructionBlock', 'HTMLTag', 'Comment', 'ProcessingInstruction']);
/** Nodes whose source never becomes text (marks, destinations, titles). */
const SILENT = new Set(['FootnoteLabel', 'HeaderMark', 'QuoteMark', 'EmphasisMark', 'StrikethroughMark', 'CodeMark', 'LinkMark', 'LinkTitle', 'ListMark', 'TaskMarker', 'TableDelimiter']);

interface TextRun {
  start: number;
  end: number;
  value: string;
  /** In a link's text (where the autolink transform does not look). */
  linked: boolean;
}

export interface FastExtractOptions {
  omit?: readonly OptionalFact[];
  /** Told why, when the document is handed to the reference (the benchmark's differential counts the reasons). */
  onHandOff?: (reason: string) => void;
}

/** The text the parser reads, and how its offsets map back to the document's: what the extraction starts from. */
interface FastInput {
  /** Offsets (in `doc`) of the LFs that were CRLFs, or null for a document without CR. */
  crlf: number[] | null;
  /** The document with CRLF turned into LF. */
  doc: string;
  matter: ReturnType<typeof frontMatterSpan>;
  /** `doc` with its front matter blanked (offsets kept): what the parser reads. */
  source: string;
  /** The identifiers of the document's footnote definitions (markdown-fast-footnotes.ts). */
  footnotes: Set<string>;
}

/**
 * The input of the extraction, or why the document goes to the reference without a wasted parse:
 * footnote definitions not of the plain shape, or a lone CR.
 */
function fastInput(text: string): FastInput | string {
  // lezer ends lines at `\n` only (a `\r` is content to it); micromark also at `\r\n` and `\r`. A document
  // with CRLF line endings is parsed with LF ones and every offset mapped back; a lone CR goes to the reference.
  const crlf = text.includes('\r') ? crlfLineEnds(text) : null;
  if (crlf === undefined) return 'a CR that does not end a line as CRLF';
  const doc = crlf ? text.replace(/\r\n/g, '\n') : text;
  const footnotes = footnoteShape(doc);
  if (typeof footnotes === 'string') return footnotes;
  const matter = frontMatterSpan(doc);
  // Front matter is blanked (offsets kept) so the parser sees blank lines there.
  const source = matter ? doc.slice(0, matter.end).replace(/[^\r\n]/g, ' ') + doc.slice(matter.end) : doc;
  return { crlf, doc, matter, source, footnotes };
}

/**
 * The facts of a Markdown document, or null when this extractor leaves the
 * document to the reference extractor (see above).
 */
export function extractMarkdownFactsFast(path: string, text: string, lines: LineIndex = new LineIndex(text), options: FastExtractOptions = {}): DocFacts | null {
  const omit = new Set(options.omit ?? []);
  const input = fastInput(text);
  if (typeof input === 'string') {
    options.onHandOff?.(input);
    return null;
  }
  const facts = new FastExtraction(path, text, lines, omit, input);
  const result = facts.run();
  if (!result) options.onHandOff?.(facts.doubtful ?? 'unknown');
  return result;
}

/** How a Link or Image node is read: an inline link, a resolved reference, or text (an undefined reference). */
type LinkShape =
  { kind: 'resource'; url: string; textEnd: number } | { kind: 'reference'; referenceType: 'full' | 'collapsed' | 'shortcut'; label: string; identifier: string; textEnd: number } | { kind: 'text' };

/** Reading inline content: the text so far, the text node being built, and whether a line just started. */
interface InlineState {
  out: string;
  runs: TextRun[];
  run: TextRun | null;
  lineStart: boolean;
}

const newState = (): InlineState => ({ out: '', runs: [], run: null, lineStart: false });

/** Ends the text node being built. */
function flush(st: InlineState): void {
  if (st.run) st.runs.push(st.run);
  st.run = null;
}

/** Inline nodes that are read as their children's content with the text node ended around them. */
const CONTAINER_INLINES = new Set(['Emphasis', 'StrongEmphasis', 'Strikethrough']);
/** The parts of a link that are text when the parser does not resolve the link. */
const LINK_PARTS = new Set(['LinkMark', 'LinkLabel', 'URL', 'LinkTitle']);

/** One document's extraction: the parser's tree walked once, the facts collected as the reference collects them. */
class FastExtraction {
  private readonly crlf: number[] | null;
  private readonly source: string;
  private readonly facts: DocFacts;
  /** References resolve against every definition of the document, wherever it is. */
  private readonly defined = new Set<string>();
  private readonly slugger = new GithubSlugger();
  /** The id GitHub gives a raw HTML heading: the next slug of the doc's one sequence. */
  private readonly htmlHeadingId = (text: string): string => this.slugger.slug(text);
  /** What the reference reads differently, once seen: the document goes to the reference. */
  doubtful: string | null = null;
  private inLink = false;
  private inCell = false;
  private section = -1;
  /** How many lists are around the block being read. */
  private listDepth = 0;
  /** The list items whose first paragraph is still to be read, by the paragraph's offset. */
  private readonly itemParagraphs = new Map<number, DocListItem>();
  /** While an item's first paragraph is read: its first link, once seen. */
  private firstLink: FirstLink | null = null;
  /** Whether any paragraph of this document can hold doc-site facts (imports, Hugo includes, definition lists). */
  private readonly maySite: boolean;

  constructor(
    path: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly omit: ReadonlySet<OptionalFact>,
    private readonly input: FastInput,
  ) {
    this.crlf = input.crlf;
    this.source = input.source;
    this.facts = emptyDocFacts(path, omit);
    this.maySite = input.doc.includes('import ') || input.doc.includes('{{') || input.doc.includes('\n: ');
  }

  /** The facts, or null when the document needs the full tree or holds what the reference reads differently. */
  run(): DocFacts | null {
    const { result: tree, doubtfulCall } = withFootnotes(this.input.footnotes, () => parser.parse(this.source));
    if (doubtfulCall) this.doubt('a footnote call micromark may read otherwise');
    if (this.input.matter) this.readFrontMatter(this.input.matter);
    this.collectDefinitions(tree.cursor());
    const top = tree.topNode;
    this.block(top, top);
    if (this.doubtful) return null;
    this.facts.comments.sort((a, b) => a.start - b.start);
    return this.facts;
  }

  /** Records the first construct the reference reads differently. */
  private doubt(reason: string): void {
    this.doubtful ??= reason;
  }

  /** The offset in `text` of offset `n` of `doc` (the LF text the parser reads). */
  private orig(n: number): number {
    return this.crlf ? n + countBelow(this.crlf, n) : n;
  }

  /** `text` (with its own line endings) between two offsets of `doc`. */
  private textSlice(from: number, to: number): string {
    return this.crlf ? this.text.slice(this.orig(from), this.orig(to)) : this.text.slice(from, to);
  }

  /** The line ending `text` has for the LF at offset `n` of `doc`. */
  private eolAt(n: number): string {
    const crlf = this.crlf;
    return crlf && crlf.length && crlf[countBelow(crlf, n)] === n ? '\r\n' : '\n';
  }

  /** The range in `text` of two offsets of `doc`. */
  private range(start: number, end: number): Range {
    return this.lines.rangeOf(this.orig(start), this.orig(end));
  }

  /** The front matter fact: its raw value, and for YAML its data or why it does not parse. */
  private readFrontMatter(matter: NonNullable<FastInput['matter']>): void {
    const raw = this.textSlice(matter.valueStart, matter.valueEnd);
    if (matter.format === 'toml') {
      this.facts.frontMatter = { format: 'toml', raw, range: this.range(0, matter.end) };
      return;
    }
    this.facts.frontMatter = yamlFrontMatter(raw, this.range(0, matter.end));
  }

  /** Collects the identifiers of every definition (blocks only, inline content is not entered). */
  private collectDefinitions(cursor: TreeCursor): void {
    const footnotes = new Set<string>();
    for (let enter = true; cursor.next(enter);) {
      const name = cursor.name;
      enter = !INLINE_CONTAINERS.has(name);
      if (name === 'FootnoteLabel') footnotes.add(footnoteIdentifier(this.source.slice(cursor.from + 2, cursor.to - 2)));
      else if (name === 'LinkReference') {
        const label = cursor.node.getChild('LinkLabel');
        if (label) this.defined.add(identifierOf(this.source.slice(label.from + 1, label.to - 1)));
      }
    }
    // The calls were read against the definitions found in the text: the tree must hold the same (none in code, say).
    const expected = this.input.footnotes;
    if (footnotes.size !== expected.size || [...footnotes].some((f) => !expected.has(f))) this.doubt('footnote definitions the tree does not hold');
  }

  private scanHtml(start: number, end: number): void {
    scanHtmlFragment(this.text, this.orig(start), this.orig(end), this.lines, this.section, this.facts, this.htmlHeadingId);
  }

  /** How a Link or Image node reads: its children are `[` (or `![`), the text's inlines, `]`, then `(` URL? title? `)` or a LinkLabel. */
  private linkShape(node: SyntaxNode): LinkShape {
    const source = this.source;
    let close: SyntaxNode | null = null;
    let paren = false;
    let url: SyntaxNode | null = null;
    let label: SyntaxNode | null = null;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'LinkMark') {
        const ch = source.slice(c.from, c.to);
        if (ch === ']' && !close) close = c;
        else if (ch === '(' && close) paren = true;
      } else if (c.name === 'URL' && close) url = c;
      else if (c.name === 'LinkLabel' && close) label = c;
    }
    if (!close) return { kind: 'text' };
    if (paren) {
      let raw = url ? source.slice(url.from, url.to) : '';
      if (raw.startsWith('<') && raw.endsWith('>')) raw = raw.slice(1, -1);
      return { kind: 'resource', url: decodeString(raw), textEnd: close.from };
    }
    return this.referenceShape(node, node.firstChild!.to, close.from, label);
  }

  /** A label's text as micromark has it: a later line's container marks are not part of it (null: a lazy line, doubtful). */
  private labelText(node: SyntaxNode, from: number, to: number): string | null {
    const raw = this.textSlice(from, to);
    if (!raw.includes('\n') || !node.parent || node.parent.parent?.name === 'Document') return raw;
    return withoutContainerMarks(node, this.source, from, to, (n) => this.eolAt(n));
  }

  /** A bracketed text followed by a label (or none): a reference when its identifier is defined, else text. */
  private referenceShape(node: SyntaxNode, textStart: number, textEnd: number, label: SyntaxNode | null): LinkShape {
    const textRaw = this.labelText(node, textStart, textEnd);
    const labelRaw = label && label.to - label.from > 2 ? this.labelText(node, label.from + 1, label.to - 1) : '';
    if (textRaw === null || labelRaw === null) {
      this.doubt('a label over a lazy line');
      return { kind: 'text' };
    }
    if (label && label.to - label.from > 2) {
      const raw = labelRaw;
      const identifier = identifierOf(raw);
      return this.defined.has(identifier) ? { kind: 'reference', referenceType: 'full', label: decodeString(raw), identifier, textEnd } : { kind: 'text' };
    }
    const identifier = identifierOf(textRaw);
    if (!this.defined.has(identifier)) return { kind: 'text' };
    return { kind: 'reference', referenceType: label ? 'collapsed' : 'shortcut', label: decodeString(textRaw), identifier, textEnd };
  }

  /** Appends text to the output and to the text node being built (a new one starts in the current link state). */
  private addText(st: InlineState, start: number, end: number, value: string): void {
    st.out += value;
    if (st.run) {
      st.run.end = end;
      st.run.value += value;
    } else st.run = { start, end, value, linked: this.inLink };
  }

  /** Raw text between nodes: soft line breaks keep their line ending, with the whitespace around them dropped. */
  private gap(st: InlineState, start: number, end: number): void {
    const source = this.source;
    let i = start;
    while (i < end) {
      if (st.lineStart) {
        while (i < end && (source.charCodeAt(i) === 32 || source.charCodeAt(i) === 9)) i++;
        if (i >= end) break;
        st.lineStart = false;
      }
      let nl = i;
      while (nl < end && source.charCodeAt(nl) !== 10 && source.charCodeAt(nl) !== 13) nl++;
      if (nl >= end) {
        this.addText(st, i, end, source.slice(i, end));
        break;
      }
      let e = nl;
      while (e > i && (source.charCodeAt(e - 1) === 32 || source.charCodeAt(e - 1) === 9)) e--;
      const eolEnd = source.charCodeAt(nl) === 13 && source.charCodeAt(nl + 1) === 10 ? nl + 2 : nl + 1;
      this.addText(st, i, eolEnd, source.slice(i, e) + (this.crlf ? this.eolAt(nl) : source.slice(nl, eolEnd)));
      i = eolEnd;
      st.lineStart = true;
    }
  }

  /**
   * Reads inline content between `from` and `to` inside `parent` as
   * mdast-util-to-string renders it (HTML and image alt text left out),
   * collecting its facts and the text nodes mdast would hold (for the
   * undefined-reference search). `asText`: the parent is a link the parser
   * does not resolve, whose brackets and label are text.
   */
  private inline(st: InlineState, parent: SyntaxNode, from: number, to: number, asText = false): void {
    let pos = from;
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.to <= from) continue;
      if (c.from >= to) break;
      if (c.from > pos) this.gap(st, pos, c.from);
      pos = Math.max(pos, c.to);
      this.inlineNode(st, c, asText);
    }
    if (pos < to) this.gap(st, pos, to);
  }

  /** One inline node: marks, escapes and entities as text, or the facts of a link, code span, HTML or autolink. */
  private inlineNode(st: InlineState, c: SyntaxNode, asText: boolean): void {
    const name = c.name;
    if (name === 'QuoteMark' || name === 'ListMark' || name === 'TaskMarker') {
      st.lineStart = true;
      return;
    }
    if (asText && LINK_PARTS.has(name)) {
      const raw = this.textSlice(c.from, c.to);
      if (raw.includes('\\') || raw.includes('&')) this.addText(st, c.from, c.to, decodeString(raw));
      else this.gap(st, c.from, c.to);
      return;
    }
    st.lineStart = false;
    if (SILENT.has(name)) return;
    // A footnote call is a node of no text in mdast: it ends the text node before it.
    if (name === 'FootnoteReference') return flush(st);
    if (name === 'Escape') return this.addText(st, c.from, c.to, this.source.slice(c.from + 1, c.to));
    if (name === 'Entity') return this.addText(st, c.from, c.to, decodeString(this.source.slice(c.from, c.to)));
    if (CONTAINER_INLINES.has(name)) {
      flush(st);
      this.inline(st, c, c.from, c.to);
      flush(st);
      return;
    }
    if (name === 'Link' || name === 'Image') return this.linkOrImage(st, c);
    flush(st);
    if (name === 'HardBreak') st.lineStart = true;
    else if (HTML_NODES.has(name)) this.scanHtml(c.from, c.to);
    else if (name === 'InlineCode') this.inlineCode(st, c);
    else if (name === 'LiteralEmail') this.literalEmail(st, c);
    else if (name === 'URL' || name === 'LiteralURL') this.literalUrl(st, c, name);
    else if (name === 'Autolink') this.autolink(st, c);
    else {
      // Anything else inline: its content.
      this.inline(st, c, c.from, c.to);
      flush(st);
    }
  }

  /** A link or image: a link fact (inline or reference) with its text read, or the text of an undefined reference. */
  private linkOrImage(st: InlineState, c: SyntaxNode): void {
    const shape = this.linkShape(c);
    if (shape.kind === 'text') {
      if (c.getChild('URL') || c.getChild('LiteralURL')) this.doubt('unresolved link with a URL');
      // lezer takes every bracketed text for a link; CommonMark only a defined one, and an undefined one leaves the
      // brackets around it free to form a link lezer did not see (`[a [b]](/u)`, `[a][b][c]`): the reference decides.
      const nextChar = this.source.charCodeAt(c.to);
      if (nextChar === 93 || nextChar === 91 || nextChar === 40) this.doubt('bracket after an undefined reference');
      // Likewise an open bracket around it closed further on: `[.redirect(dest, [code])](#r)` is one link to micromark, none to lezer.
      const rest = this.source.slice(c.to, c.parent?.to ?? c.to);
      if ((rest.includes('](') || rest.includes('][')) && this.openBracketBefore(c)) this.doubt('link around an undefined reference');
      this.inline(st, c, c.from, c.to, true);
      return;
    }
    flush(st);
    const image = c.name === 'Image';
    const kind = image ? 'image' : 'link';
    const range = this.range(c.from, c.to);
    const section = this.section;
    if (shape.kind === 'resource') this.facts.links.push({ kind, url: shape.url, range, section });
    else this.facts.references.push({ kind, identifier: shape.identifier, label: shape.label, referenceType: shape.referenceType, range, section });
    // An image's alt is a string in mdast, not content: nothing in it is read.
    if (!image) {
      const first = shape.kind === 'resource' ? this.seeLink(shape.url) : null;
      const before = st.out.length;
      const outer = this.inLink;
      this.inLink = true;
      this.inline(st, c, c.firstChild!.to, shape.textEnd);
      this.inLink = outer;
      if (first) first.text = st.out.slice(before);
    }
    flush(st);
  }

  /** Whether a `[` that is text to the parser (outside every node) stands before `c` in its parent: a bracket lezer left open. */
  private openBracketBefore(c: SyntaxNode): boolean {
    const parent = c.parent;
    if (!parent) return false;
    let pos = parent.from;
    for (let s = parent.firstChild; s && s.from < c.from; s = s.nextSibling) {
      if (this.source.slice(pos, s.from).includes('[')) return true;
      pos = s.to;
    }
    return this.source.slice(pos, c.from).includes('[');
  }

  /** Records a link of an item's first paragraph when it is the first one: the capture to give its text to, or null. */
  private seeLink(url: string, text?: string): FirstLink | null {
    const first = this.firstLink;
    if (!first || first.url !== undefined) return null;
    first.url = url;
    first.text = text;
    return first;
  }

  private inlineCode(st: InlineState, c: SyntaxNode): void {
    const value = this.codeSpanValue(c);
    this.facts.codeSpans.push({ value, range: this.range(c.from, c.to), section: this.section });
    st.out += value;
  }

  /** A GFM literal e-mail address: a `mailto:` link, or text inside a link's text. */
  private literalEmail(st: InlineState, c: SyntaxNode): void {
    const raw = this.source.slice(c.from, c.to);
    if (this.inLink) this.addText(st, c.from, c.to, raw);
    else {
      this.facts.links.push({ kind: 'link', url: `mailto:${raw}`, range: this.range(c.from, c.to), section: this.section });
      this.seeLink(`mailto:${raw}`, raw);
      st.out += raw;
    }
  }

  /** A GFM literal autolink; inside a link's text there is none (links do not nest). */
  private literalUrl(st: InlineState, c: SyntaxNode, name: string): void {
    const raw = this.source.slice(c.from, c.to);
    if (this.inLink) {
      this.addText(st, c.from, c.to, raw);
      return;
    }
    if (name === 'URL' && /^(?:https?:|www\.)/i.test(raw)) this.doubt('lezer-only literal autolink'); // lezer's, where micromark found none
    // mdast-util-gfm-autolink-literal reads `mailto:` and `xmpp:` addresses as the plain e-mail after the colon.
    const mail = /^mailto:([\w.+-]+@[\w-]+(?:\.[\w-]+)*)/i.exec(raw);
    if (/^xmpp:/i.test(raw)) this.doubt('xmpp: link'); // the reference splits these into e-mails, some without a position
    if (mail) {
      const email = mail[1].replace(/[.]+$/, '');
      const start = c.from + raw.indexOf(':') + 1;
      this.facts.links.push({ kind: 'link', url: `mailto:${email}`, range: this.range(start, start + email.length), section: this.section });
      this.seeLink(`mailto:${email}`, email);
    } else {
      const url = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : raw.includes('@') && !/^www\./i.test(raw) ? `mailto:${raw}` : `http://${raw}`;
      this.facts.links.push({ kind: 'link', url, range: this.range(c.from, c.to), section: this.section });
      this.seeLink(url, raw);
    }
    st.out += raw;
  }

  /** A CommonMark autolink `<scheme:…>` or `<address@host>`. */
  private autolink(st: InlineState, c: SyntaxNode): void {
    const u = c.getChild('URL');
    const raw = u ? this.source.slice(u.from, u.to) : '';
    const url = /^[a-z][a-z0-9+.-]{1,31}:/i.test(raw) ? raw : `mailto:${raw}`;
    this.facts.links.push({ kind: 'link', url, range: this.range(c.from, c.to), section: this.section });
    this.seeLink(url, raw);
    st.out += raw;
  }

  /** A code span's value as micromark gives it: line endings kept, container marks and one padding space on each side dropped. */
  private codeSpanValue(node: SyntaxNode): string {
    const open = node.firstChild;
    const close = node.lastChild;
    if (!open || !close || open.from === close.from) return '';
    let value = this.codeSpanContent(open, close);
    if (this.inCell) value = value.replace(/\\\|/g, '|');
    const pad = (ch: string | undefined) => ch === ' ' || ch === '\n' || ch === '\r';
    if (value.length >= 2 && pad(value[0]) && pad(value[value.length - 1]) && /[^ \r\n]/.test(value)) {
      value = value.slice(value.startsWith('\r\n') ? 2 : 1, value.endsWith('\r\n') ? -2 : -1);
    }
    return value;
  }

  /** The source between a code span's marks, without a continuation line's container marks and indentation. */
  private codeSpanContent(open: SyntaxNode, close: SyntaxNode): string {
    const source = this.source;
    let value = '';
    let pos = open.to;
    const skipIndent = () => {
      while (pos < close.from && (source.charCodeAt(pos) === 32 || source.charCodeAt(pos) === 9)) pos++;
    };
    for (let c = open.nextSibling; ; c = c.nextSibling) {
      const end = c && c.from < close.from ? c.from : close.from;
      for (let nl = source.slice(pos, end).search(/\r\n?|\n/); nl >= 0; nl = source.slice(pos, end).search(/\r\n?|\n/)) {
        const eol = source.startsWith('\r\n', pos + nl) ? 2 : 1;
        value += this.crlf ? source.slice(pos, pos + nl) + this.eolAt(pos + nl) : source.slice(pos, pos + nl + eol);
        pos += nl + eol;
        skipIndent();
      }
      if (pos < end) value += source.slice(pos, end);
      if (!c || c.from >= close.from) break;
      pos = c.to; // a QuoteMark
      skipIndent();
    }
    return value;
  }

  /** Reads the text nodes of a block: text that looks like a full reference but has no definition (`[text][id]`, plain text to the parser). */
  private runsOf(runs: TextRun[]): void {
    for (const run of runs) {
      // mdast-util-gfm-autolink-literal also links addresses in text (escapes decoded) and gives those links
      // no position: the reference decides (`<foo\+@bar.example.com>`).
      const v = run.value;
      if (!run.linked && (v.includes('@') || v.includes('://') || /www\./i.test(v)) && TRANSFORM_CANDIDATE.test(v)) this.doubt('address the autolink transform links');
      if (!run.value.includes('][')) continue;
      const start = this.orig(run.start);
      const raw = this.text.slice(start, this.orig(run.end));
      if (raw !== run.value) continue; // escapes or entities inside: positions would not map
      FULL_REFERENCE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = FULL_REFERENCE.exec(raw))) {
        const id = normalizeIdentifier(m[3] || m[2]);
        if (!id || this.defined.has(id)) continue;
        // Offsets of `text` here (a match holds no line ending).
        this.facts.undefinedReferences.push({ label: m[3] || m[2], identifier: id, range: this.lines.rangeOf(start + m.index, start + m.index + m[0].length), section: this.section });
      }
    }
  }

  /** Reads a block's inline content from `from` to `to` and its text nodes. */
  private inlineBlock(node: SyntaxNode, from: number, to: number): string {
    const st = newState();
    this.inline(st, node, from, to);
    flush(st);
    this.runsOf(st.runs);
    return st.out;
  }

  /** A heading: its text, slug and anchor, pushed before its content is read (anchors and links inside it follow it, as in the tree walk). */
  private heading(node: SyntaxNode, depth: number, setext: boolean, rangeStart: number): void {
    const facts = this.facts;
    this.section = facts.headings.length;
    const [from, to] = this.headingContent(node, setext);
    const r = this.range(rangeStart >= 0 ? rangeStart : node.from, node.to);
    const index = facts.headings.length;
    facts.headings.push({ depth, text: '', slug: '', range: r });
    const anchorIndex = facts.anchors.length;
    facts.anchors.push({ id: '', source: 'heading', range: r });
    const rendered = this.inlineBlock(node, from, to);
    const slug = this.slugger.slug(rendered);
    facts.headings[index] = { depth, text: rendered.trim(), slug, range: r };
    facts.anchors[anchorIndex] = { id: slug, source: 'heading', range: r };
  }

  /** The offsets of a heading's content: without its marks and the whitespace around it. */
  private headingContent(node: SyntaxNode, setext: boolean): [number, number] {
    const source = this.source;
    let from = node.from;
    let to = node.to;
    const first = node.firstChild;
    const last = node.lastChild;
    if (!setext) {
      if (first?.name === 'HeaderMark') from = first.to;
      if (last?.name === 'HeaderMark' && first && last.from !== first.from) to = last.from;
    } else if (last?.name === 'HeaderMark') {
      to = last.from;
    }
    while (from < to && /[ \t]/.test(source[from])) from++;
    while (to > from && /[ \t\r\n]/.test(source[to - 1])) to--;
    return [from, to];
  }

  /**
   * The doc-site facts the reference reads off a paragraph's source, in the same order: MDX-style
   * `import` lines (top-level paragraphs only), Hugo include shortcodes, definition-list terms.
   */
  private paragraphFacts(raw: string, topLevel: boolean): void {
    const facts = this.facts;
    if (topLevel && raw.startsWith('import ')) for (const spec of markdownImports(raw)) (facts.imports ??= []).push(spec);
    if (raw.includes('{{')) for (const m of raw.matchAll(SHORTCODE_INCLUDE)) (facts.imports ??= []).push(m[1]);
    if (raw.includes('\n: ')) {
      const rows = raw.split(/\r?\n/);
      for (let i = 0; i + 1 < rows.length; i++) {
        if (rows[i + 1].startsWith(': ') && !rows[i].startsWith(': ') && rows[i].trim()) (facts.definitionTerms ??= []).push(rows[i].replace(/[`*]/g, '').trim());
      }
    }
  }

  /** Only a line ending (and container marks or indentation) between two offsets. */
  private nextLine(from: number, to: number): boolean {
    return /^[ \t]*(?:\r\n|\r|\n)[ \t>]*$/.test(this.source.slice(from, to));
  }

  /** Reads the children of a block node; headings start their section. */
  private block(node: SyntaxNode, top: SyntaxNode): void {
    // micromark starts a setext heading's position at the definitions that directly precede it in the same paragraph.
    let definitionsStart = -1;
    let previousEnd = -1;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const name = c.name;
      const follows = previousEnd >= 0 && this.nextLine(previousEnd, c.from);
      if (name === 'LinkReference') {
        if (definitionsStart < 0 || !follows) definitionsStart = c.from;
        previousEnd = c.to;
      } else {
        const start = follows && definitionsStart >= 0 ? definitionsStart : -1;
        definitionsStart = -1;
        previousEnd = -1;
        const h = HEADING.exec(name);
        if (h) {
          const setext = name.startsWith('Setext');
          this.heading(c, Number(h[1]), setext, setext ? start : -1);
          continue;
        }
      }
      this.blockNode(c, node === top, top);
    }
  }

  /** One block that is not a heading: cells and paragraphs read inline, definitions, HTML; containers are entered. */
  private blockNode(c: SyntaxNode, topLevel: boolean, top: SyntaxNode): void {
    switch (c.name) {
      case 'TableCell':
        this.readCell(c);
        return;
      case 'Table': {
        if (this.omit.has('tables')) return this.omit.has('firstCells') ? this.block(c, top) : this.firstCellsOf(c);
        const spans = this.facts.codeSpans.length;
        const table = readTable(
          c,
          this.section,
          (from, to) => this.range(from, to),
          (cell) => this.readCell(cell),
        );
        if (!this.omit.has('firstCells')) markFirstCells(table, this.facts.codeSpans, spans);
        if (!this.omit.has('tables')) this.facts.tables.push(table);
        return;
      }
      case 'Task':
      case 'Paragraph':
        return this.paragraph(c, topLevel);
      case 'LinkReference':
        return this.definition(c);
      case 'HTMLBlock':
      case 'CommentBlock':
      case 'ProcessingInstructionBlock':
        return this.scanHtml(c.from, c.to);
      case 'FencedCode':
      case 'CodeBlock':
        return this.codeBlock(c);
      case 'HorizontalRule':
        return;
      case 'BulletList':
      case 'OrderedList':
        if (mayNotInterrupt(c, this.source) && (!this.omit.has('listItems') || notOnlyText(c, this.source))) this.doubt('an empty or ordered (not 1) first item where micromark may not start a list');
        this.listDepth++;
        this.block(c, top);
        this.listDepth--;
        return;
      case 'ListItem':
        return this.listItem(c, top);
      case 'FootnoteDefinition':
        // micromark bounds the blocks of a definition other than paragraphs (a list item's end, say) its own way.
        for (let b = c.firstChild; b; b = b.nextSibling) if (b.name !== 'FootnoteLabel' && b.name !== 'Paragraph') this.doubt('a footnote definition holding other blocks than paragraphs');
        return this.block(c, top);
      default:
        this.block(c, top);
    }
  }

  /**
   * A table when the first cells of its body rows are asked for but not the tables fact: every cell read as the walk reads it,
   * the code spans of each body row's first cell (the one before the second pipe, or the first when the row has no leading
   * pipe: an empty first cell has no node) marked, without building the table's fact.
   */
  private firstCellsOf(table: SyntaxNode): void {
    for (let row = table.firstChild; row; row = row.nextSibling) {
      if (row.name !== 'TableHeader' && row.name !== 'TableRow') continue;
      const leading = row.firstChild?.name === 'TableDelimiter' ? 1 : 0;
      let delimiters = 0;
      for (let c = row.firstChild; c; c = c.nextSibling) {
        if (c.name === 'TableDelimiter') delimiters++;
        if (c.name !== 'TableCell') continue;
        const spans = this.facts.codeSpans.length;
        this.readCell(c);
        if (row.name === 'TableRow' && delimiters === leading) for (let i = spans; i < this.facts.codeSpans.length; i++) this.facts.codeSpans[i].firstCell = true;
      }
    }
  }

  /** Reads a table cell's inline content (collecting its facts) and returns what the table fact keeps of it. */
  private readCell(cell: SyntaxNode): CellRead {
    const codes = this.facts.codeSpans.length;
    const links = this.facts.links.length;
    this.inCell = true;
    const text = this.inlineBlock(cell, cell.from, cell.to);
    this.inCell = false;
    const code = this.facts.codeSpans.slice(codes).map((s) => s.value);
    return { text, code, links: this.facts.links.slice(links).flatMap((l) => (l.kind === 'link' ? [l.url] : [])) };
  }

  /** A fenced or indented code block: its fact when a rule reads code blocks; one the reference reads differently sends the document there. */
  private codeBlock(c: SyntaxNode): void {
    if (this.omit.has('codeBlocks')) return;
    const code = readCodeBlock(c, this.source, (n) => this.eolAt(n));
    if (code) this.facts.codeBlocks.push({ lang: code.lang, value: code.value, range: this.range(code.from, code.to), section: this.section });
    else this.doubt('code block read differently');
  }

  /** A paragraph (or a task item's): its doc-site facts and its inline content. */
  private paragraph(c: SyntaxNode, topLevel: boolean): void {
    if (!this.maySite) {
      // No paragraph of this document can hold doc-site facts: nothing to slice.
    } else if (c.name === 'Paragraph') this.paragraphFacts(this.textSlice(c.from, c.to), topLevel);
    // mdast's task item paragraph starts after the checkbox; lezer's Task holds it: leave such items to the reference.
    else if (DOC_SITE_PARAGRAPH.test(this.source.slice(c.from, c.to))) this.doubt('doc-site syntax in a task item');
    if (!(this.omit.has('tables') && this.omit.has('firstCells')) && mayHoldMissedTable(this.source.slice(c.from, c.to))) this.doubt('delimiter-like line in a paragraph');
    const item = this.itemParagraphs.get(c.from);
    if (!item) {
      this.inlineBlock(c, c.from, c.to);
      return;
    }
    // An item's first paragraph: its text, first code span and first link are the item's.
    const codes = this.facts.codeSpans.length;
    const link: FirstLink = {};
    this.firstLink = link;
    const text = this.inlineBlock(c, c.from, c.to);
    this.firstLink = null;
    fillListItem(item, text, this.facts.codeSpans[codes]?.value, link);
  }

  /** A list item: its fact (when a rule reads list items) pushed before its blocks are read, as the tree walk does. */
  private listItem(c: SyntaxNode, top: SyntaxNode): void {
    if (!this.omit.has('listItems')) {
      const last = lastBlock(c);
      // An item's end is its last block's: one the reference reads differently (an unclosed fence) moves it.
      if (last && (last.name === 'FencedCode' || last.name === 'CodeBlock') && !readCodeBlock(last, this.source, (n) => this.eolAt(n))) this.doubt('list item ending in a code block read differently');
      const item = openListItem(this.section, this.listDepth, this.range(listItemStart(c), listItemEnd(c, this.source)));
      this.facts.listItems.push(item);
      const first = firstParagraph(c);
      if (first) this.itemParagraphs.set(first.from, item);
    }
    this.block(c, top);
  }

  /** A link reference definition: a `definition` link fact. */
  private definition(c: SyntaxNode): void {
    const source = this.source;
    const label = c.getChild('LinkLabel');
    const url = c.getChild('URL');
    let raw = url ? source.slice(url.from, url.to) : '';
    if (raw.startsWith('<') && raw.endsWith('>')) raw = raw.slice(1, -1);
    const identifier = label ? identifierOf(source.slice(label.from + 1, label.to - 1)) : '';
    this.facts.links.push({ kind: 'definition', url: decodeString(raw), range: this.range(c.from, c.to), section: this.section, identifier });
  }
}
