import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import { toString } from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import type { Nodes, Root, Heading, Table, ListItem, Paragraph, Text } from 'mdast';
import type { Range } from '../types.js';
import { LineIndex } from './lines.js';
import type { CommentSpan, DocAnchor, DocCell, DocCodeSpan, DocFacts, DocLink, DocListItem, DocTable, OptionalFact } from './types.js';
import { emptyDocFacts } from './types.js';
import { yamlFrontMatter } from './front-matter.js';
import { scanHtmlFragment } from './html.js';
import { markdownImports, SHORTCODE_INCLUDE } from './markdown-site.js';

interface Processors {
  markdown: ReturnType<typeof markdownProcessor>;
  /** `.mdx` files: MDX syntax (JSX, ESM, expressions) on top of the same Markdown. */
  mdx: ReturnType<typeof markdownProcessor>;
  /** Whether narrowAutolinkTransform found the transform in both. */
  narrowed: boolean;
}
let built: Processors | undefined;

/**
 * The two remark processors, built on the first parse rather than at import: a run whose documents all come from the
 * cache or the fast extractor never needs them (and the bundle loads remark's code only then). Frozen: plugins add
 * their parser extensions when a processor freezes, and narrowAutolinkTransform edits them.
 */
function processors(): Processors {
  if (!built) {
    const markdown = markdownProcessor(false);
    const mdx = markdownProcessor(true);
    built = { markdown, mdx, narrowed: narrowAutolinkTransform(markdown) && narrowAutolinkTransform(mdx) };
  }
  return built;
}

/** A frozen remark processor for Markdown, or for MDX. */
function markdownProcessor(mdx: boolean) {
  const base = unified().use(remarkParse);
  return (mdx ? base.use(remarkMdx) : base).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();
}

/** Text that GFM's literal-autolink search can match at all: a URL scheme, `www.` or an e-mail's `@`. */
const AUTOLINK_CANDIDATE = /https?:\/\/|www\.|@/i;

function mayHoldLiteralAutolink(node: Nodes): boolean {
  if (node.type === 'link' || node.type === 'linkReference') return false;
  if (node.type === 'text') return AUTOLINK_CANDIDATE.test(node.value);
  if ('children' in node) for (const c of node.children) if (mayHoldLiteralAutolink(c as Nodes)) return true;
  return false;
}

/**
 * mdast-util-gfm-autolink-literal finishes every parse by running four regular
 * expressions over every text node of the tree (a tenth of the parse on a tree
 * of small docs). It only ever replaces inside text nodes that are not in a
 * link, so running it on just the top-level blocks holding a URL scheme, `www.`
 * or `@` gives the same tree. Returns whether the transform was found (a test
 * checks it, so a dependency update cannot silently drop the shortcut).
 */
export function narrowAutolinkTransform(p: { data(key: string): unknown }): boolean {
  let found = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const ext = value as { transforms?: Array<(tree: Root) => void> };
    if (!Array.isArray(ext.transforms)) return;
    ext.transforms = ext.transforms.map((t) => {
      if (t.name !== 'transformGfmAutolinkLiterals') return t;
      found = true;
      return (tree: Root) => {
        for (const block of tree.children) if (mayHoldLiteralAutolink(block)) t(block as unknown as Root);
      };
    });
  };
  visit(p.data('fromMarkdownExtensions'));
  return found;
}
/** Whether the processors' autolink transform was narrowed (a test checks it, so a dependency update cannot drop it). */
export function autolinkTransformNarrowed(): boolean {
  return processors().narrowed;
}

/**
 * Deeper container nesting than this is not parsed: micromark and the mdast
 * utilities recurse per level (10,000 levels overflow the stack) and nesting on
 * one line costs quadratic time. Real documents stay far below it.
 */
export const MAX_MARKDOWN_NESTING = 200;

const CONTAINER_MARKER = /^[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?/;

/** The deepest nesting of block quotes and list items that any line opens (a cheap upper estimate, no parse). */
export function containerNesting(lines: LineIndex): number {
  let deepest = 0;
  for (let line = 1; line <= lines.lineCount; line++) {
    let rest = lines.lineText(line).slice(0, 100_000);
    const indent = /^[ \t]*/.exec(rest)![0].length;
    let depth = 0;
    for (let m = CONTAINER_MARKER.exec(rest); m && m[0].length > 0; m = CONTAINER_MARKER.exec(rest)) {
      depth++;
      rest = rest.slice(m[0].length);
    }
    // Indented list items nest by indentation: about one level per two columns.
    if (depth > 0) depth += Math.floor(indent / 2);
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Longer tables are not parsed: micromark's table parsing grows faster than linearly (100,000 rows took minutes). */
export const MAX_TABLE_ROWS = 10_000;

/** The longest run of consecutive lines that contain `|` (an upper bound on the rows of any table). */
export function longestTableRun(lines: LineIndex): number {
  let longest = 0;
  let run = 0;
  for (let line = 1; line <= lines.lineCount; line++) {
    run = lines.lineText(line).includes('|') ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * More delimiters than these in one paragraph are not parsed: matching a `]` or an emphasis run looks
 * back over every delimiter before it in the paragraph, so 50,000 links or `*a` x 50,000 in one
 * paragraph took minutes. Real paragraphs stay far below (list items and table cells count apart).
 */
export const MAX_PARAGRAPH_BRACKETS = 5_000;
export const MAX_PARAGRAPH_EMPHASIS = 10_000;

/** A table's delimiter row, loosely (`| --- | :-: |`): one character class, so linear on any line. */
const isDelimiterRow = (text: string): boolean => /^[ \t|:-]+$/.test(text) && text.includes('-') && text.includes('|');

/** A line that starts a block of its own (list item, heading, quote, fence) or is a table row: inline parsing starts afresh. */
const NEW_INLINE_CONTEXT = /^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|`{3}|~{3})/;

/**
 * A document whose syntax tree would have more nodes than this is not parsed: a tree costs about
 * 2.6 KB per block and link in the fast extractor (ten times that in the reference one), so 500,000
 * one-link list items ran out of memory. A 1 MB changelog has about 60,000.
 */
export const MAX_DOCUMENT_NODES = 150_000;

/**
 * The most `[` and the most emphasis delimiters (`*`, `_`, `~`) in one paragraph, and an upper
 * estimate of the document's tree nodes (non-blank lines and brackets): cheap, no parse.
 */
export function paragraphDelimiters(lines: LineIndex): { brackets: number; emphasis: number; nodes: number } {
  let brackets = 0;
  let emphasis = 0;
  let nodes = 0;
  let b = 0;
  let e = 0;
  // Below a delimiter row, each cell of a row is parsed apart.
  let inTable = false;
  for (let line = 1; line <= lines.lineCount; line++) {
    const text = lines.lineText(line);
    const blank = !text.trim();
    if (blank) inTable = false;
    else if (!inTable && isDelimiterRow(text)) inTable = true;
    if (blank || inTable || NEW_INLINE_CONTEXT.test(text)) b = e = 0;
    if (!blank) nodes++;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 91) {
        b++;
        nodes++;
      } else if (c === 42 || c === 95 || c === 126) e++;
      else if (c === 124 && inTable) {
        if (b > brackets) brackets = b;
        if (e > emphasis) emphasis = e;
        b = e = 0;
      }
    }
    if (b > brackets) brackets = b;
    if (e > emphasis) emphasis = e;
  }
  return { brackets, emphasis, nodes };
}

/** Why a document is too hostile to parse (deep nesting, a huge table, a paragraph of countless delimiters), or null: checked before every parse. */
export function markdownSkipReason(lines: LineIndex): string | null {
  const nesting = containerNesting(lines);
  if (nesting > MAX_MARKDOWN_NESTING) return `lists or block quotes nested about ${nesting} levels deep, more than the ${MAX_MARKDOWN_NESTING} docwarden parses`;
  const tableRows = longestTableRun(lines);
  if (tableRows > MAX_TABLE_ROWS) return `a table of about ${tableRows} rows, more than the ${MAX_TABLE_ROWS} docwarden parses`;
  const { brackets, emphasis, nodes } = paragraphDelimiters(lines);
  if (nodes > MAX_DOCUMENT_NODES) return `about ${nodes} lines and links, more than the ${MAX_DOCUMENT_NODES} docwarden parses in one document`;
  if (brackets > MAX_PARAGRAPH_BRACKETS) return `a paragraph with about ${brackets} \`[\`, more than the ${MAX_PARAGRAPH_BRACKETS} docwarden parses in one paragraph`;
  if (emphasis > MAX_PARAGRAPH_EMPHASIS) return `a paragraph with about ${emphasis} emphasis delimiters, more than the ${MAX_PARAGRAPH_EMPHASIS} docwarden parses in one paragraph`;
  return null;
}

/** Parse Markdown (or MDX) into an mdast tree (the only place docwarden parses Markdown). */
export function parseMarkdown(text: string, mdx = false): Root {
  const { markdown, mdx: mdxProcessor } = processors();
  return (mdx ? mdxProcessor : markdown).parse(text) as Root;
}

/** Stand-ins of the same length for the braces of `## Title {#id}`, which MDX would read as an expression (Docusaurus escapes them too). */
const OPEN_ID = '\uE000';
const CLOSE_ID = '\uE001';
const HEADING_ID = /^( {0,3}#{1,6}[ \t].*?)\{(#[^\s{}]+)\}([ \t]*)$/gm;

/** An MDX document's tree, or the reason it is not valid MDX. */
function parseMdx(text: string): Root | string {
  try {
    return parseMarkdown(
      text.replace(HEADING_ID, (_m, a: string, id: string, b: string) => `${a}${OPEN_ID}${id}${CLOSE_ID}${b}`),
      true,
    );
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

const MDX_COMMENT_ID = /^\/\*\s*(#[^\s*]+)\s*\*\/$/;

/** A heading's text as the generators see it: MDX expressions left out, except a `{/* #id *\/}` custom id. */
function renderedHeading(h: Heading, mdx: boolean): string {
  if (!mdx) return plainText(h);
  const parts = h.children.map((c) => {
    const type = c.type as string;
    if (type === 'mdxTextExpression') {
      const m = MDX_COMMENT_ID.exec(((c as unknown as { value: string }).value ?? '').trim());
      return m ? ` {${m[1]}}` : '';
    }
    return plainText(c as Nodes);
  });
  return parts
    .join('')
    .replace(/\uE000/g, '{')
    .replace(/\uE001/g, '}');
}

interface JsxAttribute {
  type: string;
  name: string;
  value?: unknown;
}

interface Positioned {
  position?: { start: { offset?: number }; end: { offset?: number } };
}

function offsets(node: Positioned): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

/** Text as GitHub renders it for slugs and cells: HTML is left out, code and link text kept. */
export function plainText(node: Nodes): string {
  return toString(node, { includeHtml: false, includeImageAlt: false });
}

const FULL_REFERENCE = /(!?)\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]/g;

export function normalizeIdentifier(value: string): string {
  // CommonMark label normalisation: collapse whitespace, case-fold.
  return value
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase();
}

export interface ExtractOptions {
  /** Optional facts not to collect (no active rule reads them). */
  omit?: readonly OptionalFact[];
}

/** The tree of a document and how it was read: MDX for `.mdx` files, Markdown when the MDX does not parse (with a note why). */
function parseDocument(path: string, text: string): { tree: Root; isMdx: boolean; parseNote?: string } {
  if (!/\.mdx$/i.test(path)) return { tree: parseMarkdown(text), isMdx: false };
  const parsed = parseMdx(text);
  if (typeof parsed !== 'string') return { tree: parsed, isMdx: true };
  return { tree: parseMarkdown(text), isMdx: false, parseNote: `${path} is not valid MDX (${parsed}); read as Markdown` };
}

export function extractMarkdownFacts(path: string, text: string, lines: LineIndex = new LineIndex(text), options: ExtractOptions = {}): DocFacts {
  const omit = new Set(options.omit ?? []);
  const { tree, isMdx, parseNote } = parseDocument(path, text);
  const facts = emptyDocFacts(path, omit);
  if (parseNote) facts.parseNote = parseNote;
  const extraction = new TreeExtraction(text, lines, omit, tree, isMdx, facts);
  extraction.walk(tree, 0);
  extraction.undefinedReferences();
  facts.comments.sort((a, b) => a.start - b.start);
  return facts;
}

/** The first node of `type` in `n` (depth first, `n` included). */
function firstOf<T extends Nodes['type']>(type: T, n: Nodes): Extract<Nodes, { type: T }> | undefined {
  if (n.type === type) return n as Extract<Nodes, { type: T }>;
  if ('children' in n) {
    for (const c of n.children) {
      const found = firstOf(type, c as Nodes);
      if (found) return found;
    }
  }
  return undefined;
}

/** A table cell's fact: its text, the code spans and link URLs in it. */
function cellOf(node: Nodes, nodeRange: (node: Positioned) => Range): DocCell {
  const code: string[] = [];
  const links: string[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'inlineCode') code.push(n.value);
    if (n.type === 'link') links.push(n.url);
    if ('children' in n) for (const c of n.children) visit(c as Nodes);
  };
  visit(node);
  return { text: plainText(node).trim(), code, links, range: nodeRange(node) };
}

/** One document's walk over its mdast tree: the facts collected node by node, in document order. */
class TreeExtraction {
  private readonly definitions = new Set<string>();
  private readonly textNodes: Array<{ node: Text; section: number }> = [];
  private readonly slugger = new GithubSlugger();
  /** The id GitHub gives a raw HTML heading: the next slug of the doc's one sequence. */
  private readonly htmlHeadingId = (text: string): string => this.slugger.slug(text);
  private section = -1;
  /** The inline code nodes in the first cells of tables' body rows (see markFirstCells). */
  private readonly firstCellCode = new Set<Nodes>();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly omit: ReadonlySet<OptionalFact>,
    private readonly tree: Root,
    private readonly isMdx: boolean,
    private readonly facts: DocFacts,
  ) {}

  private range(start: number, end: number): Range {
    return this.lines.rangeOf(start, end);
  }

  private readonly nodeRange = (node: Positioned): Range => {
    const [s, e] = offsets(node);
    return this.range(s, e);
  };

  /** Collects the facts of `node` and (unless it is a leaf of facts) of its children; `listDepth` counts the lists around it. */
  walk(node: Nodes, listDepth: number): void {
    if ((node.type as string) === 'toml') return this.toml(node);
    if (this.leaf(node)) return;
    if (node.type === 'listItem') return this.listItem(node, listDepth);
    if (node.type === 'list') {
      for (const c of node.children) this.walk(c, listDepth + 1);
      return;
    }
    if ('children' in node) for (const c of node.children) this.walk(c as Nodes, listDepth);
  }

  /** Records the facts of a node; true when its children hold nothing more to read (or are read already). */
  private leaf(node: Nodes): boolean {
    switch (node.type) {
      case 'heading':
        this.heading(node);
        return false;
      case 'yaml':
        this.yaml(node.value, node);
        return true;
      case 'paragraph':
        this.paragraph(node);
        return false;
      case 'link':
      case 'image':
        this.facts.links.push({ kind: node.type, url: node.url, range: this.nodeRange(node), section: this.section });
        return false;
      case 'definition':
        this.definitions.add(normalizeIdentifier(node.identifier));
        this.facts.links.push({ kind: 'definition', url: node.url, range: this.nodeRange(node), section: this.section, identifier: normalizeIdentifier(node.identifier) });
        return true;
      case 'linkReference':
      case 'imageReference':
        this.reference(node);
        return false;
      case 'table':
        if (!this.omit.has('tables')) this.table(node);
        if (!this.omit.has('firstCells')) this.markFirstCells(node);
        return false;
      default:
        return this.inlineLeaf(node);
    }
  }

  /** Code, HTML, MDX and text nodes (their facts have no children to read); true for those. */
  private inlineLeaf(node: Nodes): boolean {
    switch (node.type) {
      case 'inlineCode': {
        const span: DocCodeSpan = { value: node.value, range: this.nodeRange(node), section: this.section };
        if (this.firstCellCode.has(node)) span.firstCell = true;
        this.facts.codeSpans.push(span);
        return true;
      }
      case 'code':
        if (!this.omit.has('codeBlocks')) this.facts.codeBlocks.push({ lang: node.lang ?? null, value: node.value, range: this.nodeRange(node), section: this.section });
        return true;
      case 'html': {
        const [start, end] = offsets(node);
        scanHtmlFragment(this.text, start, end, this.lines, this.section, this.facts, this.htmlHeadingId);
        return true;
      }
      case 'mdxjsEsm':
        for (const spec of markdownImports((node as unknown as { value: string }).value)) (this.facts.imports ??= []).push(spec);
        return true;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        return true;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        this.jsxElement(node);
        return false;
      case 'text':
        this.textNodes.push({ node, section: this.section });
        return true;
      default:
        return false;
    }
  }

  private toml(node: Nodes): void {
    const [s, e] = offsets(node);
    this.facts.frontMatter = { format: 'toml', raw: (node as unknown as { value: string }).value, range: this.range(s, e) };
  }

  /** YAML front matter: its raw value and its data, or why it does not parse. */
  private yaml(value: string, node: Nodes): void {
    const [s, e] = offsets(node);
    this.facts.frontMatter = yamlFrontMatter(value, this.range(s, e));
  }

  /** A heading starts a section: its text, slug and anchor. */
  private heading(h: Heading): void {
    this.section = this.facts.headings.length;
    const rendered = renderedHeading(h, this.isMdx);
    const headingText = rendered.trim();
    // GitHub slugs the rendered text untrimmed: `## Status ![badge](x.svg)` is `#status-` (remark-validate-links#59).
    const slug = this.slugger.slug(rendered);
    const r = this.nodeRange(h);
    this.facts.headings.push({ depth: h.depth, text: headingText, slug, range: r });
    this.facts.anchors.push({ id: slug, source: 'heading', range: r });
  }

  /** The doc-site facts read off a paragraph's source: MDX-style imports, Hugo include shortcodes, definition-list terms. */
  private paragraph(node: Paragraph): void {
    const facts = this.facts;
    const [s, e] = offsets(node);
    const raw = this.text.slice(s, e);
    // Read as Markdown, an MDX import is a paragraph (Docusaurus reads `.md` files as MDX too).
    if (!this.isMdx && raw.startsWith('import ') && this.tree.children.includes(node)) for (const spec of markdownImports(raw)) (facts.imports ??= []).push(spec);
    // Hugo shortcodes that render another Markdown file in place: `{{% include "/_common/x.md" %}}`, `{{< readfile file="x.md" >}}`.
    if (raw.includes('{{')) for (const m of raw.matchAll(SHORTCODE_INCLUDE)) (facts.imports ??= []).push(m[1]);
    // CommonMark reads a definition list (`Term` / `: definition`) as one paragraph: its terms are the lines before a `: ` line.
    if (raw.includes('\n: ')) {
      const rows = raw.split(/\r?\n/);
      for (let i = 0; i + 1 < rows.length; i++) {
        if (rows[i + 1].startsWith(': ') && !rows[i].startsWith(': ') && rows[i].trim()) (facts.definitionTerms ??= []).push(rows[i].replace(/[`*]/g, '').trim());
      }
    }
  }

  private reference(node: Extract<Nodes, { type: 'linkReference' | 'imageReference' }>): void {
    this.facts.references.push({
      kind: node.type === 'linkReference' ? 'link' : 'image',
      identifier: normalizeIdentifier(node.identifier),
      label: node.label ?? node.identifier,
      referenceType: node.referenceType,
      range: this.nodeRange(node),
      section: this.section,
    });
  }

  /** JSX in MDX: `<Link to="…">`, `<a href>`, `<img src>` are links, `id` an anchor; expression values are code, not paths. */
  private jsxElement(node: Nodes): void {
    const el = node as unknown as { name: string | null; attributes: JsxAttribute[]; position?: Positioned['position'] };
    for (const attr of el.attributes) {
      if (attr.type !== 'mdxJsxAttribute' || typeof attr.value !== 'string') continue;
      const name = attr.name;
      const r = this.nodeRange(node);
      if (name === 'id') this.facts.anchors.push({ id: attr.value, source: 'html', range: r });
      else if (name === 'href' || name === 'to' || (name === 'src' && el.name !== 'a')) {
        this.facts.links.push({ kind: 'html', url: attr.value.trim(), range: r, section: this.section, attribute: name });
      }
    }
  }

  /** Code in the first cell of one of the table's body rows, which the walk marks when it reaches it (the `firstCells` fact). */
  private markFirstCells(t: Table): void {
    const visit = (n: Nodes) => {
      if (n.type === 'inlineCode') this.firstCellCode.add(n);
      if ('children' in n) for (const c of n.children) visit(c as Nodes);
    };
    for (const row of t.children.slice(1)) if (row.children[0]) visit(row.children[0]);
  }

  private table(t: Table): void {
    const [head, ...body] = t.children;
    const table: DocTable = {
      section: this.section,
      range: this.nodeRange(t),
      header: head ? head.children.map((c) => cellOf(c, this.nodeRange)) : [],
      rows: body.map((row) => row.children.map((c) => cellOf(c, this.nodeRange))),
    };
    this.facts.tables.push(table);
  }

  /** A list item's fact (its first paragraph's text, first code span and link), then its children. */
  private listItem(li: ListItem, listDepth: number): void {
    if (!this.omit.has('listItems')) {
      const first = li.children.find((c): c is Paragraph => c.type === 'paragraph');
      const item: DocListItem = { section: this.section, depth: listDepth, text: first ? plainText(first).trim() : '', range: this.nodeRange(li) };
      if (first) {
        const code = firstOf('inlineCode', first);
        const link = firstOf('link', first);
        if (code) item.code = code.value;
        if (link) {
          item.link = link.url;
          item.linkText = plainText(link).trim();
        }
      }
      this.facts.listItems.push(item);
    }
    // A nested list counts itself (walk adds one for each list): its items are one level deeper, not two.
    for (const c of li.children) this.walk(c as Nodes, listDepth);
  }

  /** `[text][id]` with no definition is plain text to the parser: found in the text nodes once every definition is known. */
  undefinedReferences(): void {
    for (const { node, section } of this.textNodes) {
      const [start, end] = offsets(node);
      const raw = this.text.slice(start, end);
      if (raw !== node.value) continue; // escapes or entities inside: positions would not map
      FULL_REFERENCE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = FULL_REFERENCE.exec(raw))) {
        const id = normalizeIdentifier(m[3] || m[2]);
        if (!id || this.definitions.has(id)) continue;
        this.facts.undefinedReferences.push({ label: m[3] || m[2], identifier: id, range: this.range(start + m.index, start + m.index + m[0].length), section });
      }
    }
  }
}

export type { CommentSpan, DocAnchor, DocLink };
