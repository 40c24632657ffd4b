import type { SyntaxNode } from '@lezer/common';
import type { BlockContext, Line, MarkdownConfig } from '@lezer/markdown';
import type { Range } from '../types.js';
import type { DocListItem } from './types.js';

/**
 * The list items of the fast extractor (markdown-fast.ts), read off the lezer
 * tree as the reference (markdown.ts) reads them off mdast: one fact per item in
 * document order, pushed when the item starts (so a heading inside an item does
 * not change the item's section), its depth the number of lists around it, its
 * range from the list marker to the end of its last block, and its text, first
 * code span and first link taken from its first paragraph when that paragraph
 * is read. What lezer and micromark build differently around lists (a setext
 * underline in an item) is handed to the reference by the extractor, or made
 * to agree (LazyListItems); see docs/performance.md.
 */

/**
 * micromark starts a list item on a line that leaves a container of a paragraph (a lazy line, such as `2.` at
 * column 0 after a bullet indented by one) without CommonMark's restrictions on interrupting a paragraph: the
 * paragraph's containers are closed first, so nothing is interrupted (document.js sets `interrupt` only when every
 * container continues). lezer applies the restrictions there and reads an ordered marker not numbered 1, or an empty
 * marker, as lazy paragraph text. This ends the paragraph at such a line, so that lezer's list parser then starts
 * the list micromark starts; a marker lezer already breaks on (a non-empty bullet, a non-empty `1.`) is unchanged.
 */
export const LazyListItems: MarkdownConfig = {
  parseBlock: [{ name: 'LazyListItem', endLeaf: (cx, line) => isLazy(cx, line) && startsUnrestrictedItem(line) }],
};

/** Is the line lazy: does it leave a container the paragraph is in? (`Line.depth`, the contexts it continues, is not in lezer's typings.) */
function isLazy(cx: BlockContext, line: Line): boolean {
  return (line as Line & { depth: number }).depth < cx.depth;
}

/** Does the line start an ordered item not numbered 1 or empty, or an empty bullet item (the markers CommonMark lets no paragraph be interrupted by)? */
function startsUnrestrictedItem(line: Line): boolean {
  const text = line.text;
  let pos = line.pos;
  const c = line.next;
  if (c === 45 || c === 43 || c === 42) return pos + 1 === text.length || (isSpaceOrTab(text.charCodeAt(pos + 1)) && line.skipSpace(pos + 1) === text.length);
  while (pos < text.length && pos - line.pos < 10 && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
  const digits = pos - line.pos;
  if (digits === 0 || digits > 9) return false;
  const marker = text.charCodeAt(pos);
  if (marker !== 46 && marker !== 41) return false;
  if (pos + 1 < text.length && !isSpaceOrTab(text.charCodeAt(pos + 1))) return false;
  const empty = line.skipSpace(pos + 1) === text.length;
  return empty || !(digits === 1 && c === 49);
}

const isSpaceOrTab = (c: number) => c === 32 || c === 9;

/** The first link of an item's first paragraph, as it is read: its destination and its text. */
export interface FirstLink {
  url?: string;
  text?: string;
}

const LISTS = new Set(['BulletList', 'OrderedList']);

/** Whether a node is a list (bullet or ordered). */
export function isList(name: string): boolean {
  return LISTS.has(name);
}

/** The first paragraph (a task item's included) among a list item's own blocks: the one its text, code and link come from. */
export function firstParagraph(item: SyntaxNode): SyntaxNode | null {
  for (let c = item.firstChild; c; c = c.nextSibling) if (c.name === 'Paragraph' || c.name === 'Task') return c;
  return null;
}

/** The last block of a list item, or null when it holds none (container marks of later lines are not blocks). */
export function lastBlock(item: SyntaxNode): SyntaxNode | null {
  for (let c = item.lastChild; c; c = c.prevSibling) if (c.name !== 'QuoteMark' && c.name !== 'ListMark') return c;
  return null;
}

/**
 * The offset where mdast's list item ends: where its last block ends (a nested list's last item, recursively), or,
 * for an item holding nothing, at the end of its marker line (mdast keeps the spaces after the marker).
 */
export function listItemEnd(item: SyntaxNode, source: string): number {
  const last = lastBlock(item);
  if (!last) {
    const mark = item.getChild('ListMark');
    const from = mark ? mark.to : item.from;
    const nl = source.indexOf('\n', from);
    return nl < 0 ? source.length : nl;
  }
  if (isList(last.name)) {
    const inner = last.lastChild;
    if (inner && inner.name === 'ListItem') return listItemEnd(inner, source);
  }
  return last.to;
}

/**
 * Whether micromark may not start this list where lezer does. An empty item or an ordered one not numbered 1 cannot
 * interrupt what micromark still holds open: a paragraph (so the line is a setext underline or paragraph text), an
 * indented code block across blank lines, or, on the line of an item that itself interrupted a paragraph, that
 * item's paragraph. So such a list is doubtful after a line that is not blank, or after an indented code block.
 */
export function mayNotInterrupt(list: SyntaxNode, source: string): boolean {
  const item = list.firstChild;
  if (!item || item.name !== 'ListItem') return false;
  const mark = item.getChild('ListMark');
  const ordered = mark && /^0*1\D/.test(source.slice(mark.from, mark.to)) === false && list.name === 'OrderedList';
  if (!ordered && lastBlock(item)) return false;
  const before = list.prevSibling?.name;
  if (before === 'CodeBlock') return true;
  // After a list or quote, the line before was in a container this line leaves: micromark interrupts nothing (LazyListItems).
  if (before === 'BulletList' || before === 'OrderedList' || before === 'Blockquote') return false;
  const lineStart = source.lastIndexOf('\n', listItemStart(item) - 1) + 1;
  if (lineStart === 0) return false;
  const previous = source.slice(source.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  return !/^[ \t>]*$/.test(previous);
}

/**
 * Whether reading a list that micromark did not start (see mayNotInterrupt) as text changes more than list items:
 * an empty `-` item (micromark's setext underline: a heading), or an item holding more than one paragraph (blocks
 * nested under it would be nested elsewhere). A list of one-paragraph items reads as the same inline content.
 */
export function notOnlyText(list: SyntaxNode, source: string): boolean {
  for (let item = list.firstChild; item; item = item.nextSibling) {
    if (item.name !== 'ListItem') continue;
    const last = lastBlock(item);
    if (!last) {
      const mark = item.getChild('ListMark');
      if (!mark || source.charCodeAt(mark.from) === 45) return true;
    } else if (firstParagraph(item)?.from !== last.from || last.prevSibling?.name !== 'ListMark') return true;
  }
  return false;
}

/** Where mdast's list item starts: at its marker (the indentation before it is not the item's). */
export function listItemStart(item: SyntaxNode): number {
  return item.getChild('ListMark')?.from ?? item.from;
}

/** A list item's fact as the reference starts it (the keys in the reference's order); its first paragraph fills in the rest. */
export function openListItem(section: number, depth: number, range: Range): DocListItem {
  return { section, depth, text: '', range };
}

/** Fills in what an item's first paragraph gives: its text (trimmed), its first code span, its first link and that link's text. */
export function fillListItem(item: DocListItem, text: string, code: string | undefined, link: FirstLink): void {
  item.text = text.trim();
  if (code !== undefined) item.code = code;
  if (link.url !== undefined) {
    item.link = link.url;
    item.linkText = (link.text ?? '').trim();
  }
}
