import type { Range } from '../types.js';
import type { DocCell, DocFacts, DocHeading, DocListItem, DocTable, OptionalFact } from './types.js';

/** Fails loudly when a rule reads facts the run left out: the rule's `facts` declaration is missing them. */
function need(doc: DocFacts, ...facts: OptionalFact[]): void {
  const missing = facts.filter((f) => doc.omitted?.includes(f));
  if (missing.length) throw new Error(`${doc.path} was parsed without ${missing.join(', ')}: the rule reading them must list them in its \`facts\``);
}

/** The headings a `#slug` opens: the heading itself and every subsection down to the next heading of the same or a higher level. */
export interface DocSection {
  heading: DocHeading;
  /** Index of the heading in DocFacts.headings. */
  first: number;
  /** Index of the first heading after the section (exclusive). */
  end: number;
}

/** The section a slug names (subsections included), or null when no heading has that slug. */
export function findSection(doc: DocFacts, slug: string): DocSection | null {
  const first = doc.headings.findIndex((h) => h.slug === slug);
  return first < 0 ? null : sectionOf(doc, first);
}

/** The section the heading at index `first` opens: down to the next heading of the same or a higher level. */
export function sectionOf(doc: DocFacts, first: number): DocSection {
  const heading = doc.headings[first];
  let end = first + 1;
  while (end < doc.headings.length && doc.headings[end].depth > heading.depth) end++;
  return { heading, first, end };
}

export function inSection(section: DocSection, index: number): boolean {
  return index >= section.first && index < section.end;
}

/** `docs/x.md#slug` → its path and slug (the slug may be empty: the whole document). */
export function splitDocRef(ref: string): { path: string; slug: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { path: ref, slug: '' } : { path: ref.slice(0, hash), slug: ref.slice(hash + 1) };
}

/** One entry of an inventory: a table row or a list item, with the key cell (or item) it is named by. */
export interface InventoryEntry {
  /** The key as written (inline code and links count as their text). */
  key: string;
  /** Candidate repository paths the key names: inline code values, then link destinations, then the text. */
  code: string[];
  links: string[];
  range: Range;
  /** The table the row belongs to, or the list item itself. */
  container: Range;
}

export interface SectionEntries {
  entries: InventoryEntry[];
  tables: DocTable[];
  /** Tables of the section that have no column of the configured name. */
  tablesWithoutColumn: DocTable[];
  listItems: DocListItem[];
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function cellEntry(cell: DocCell, table: DocTable): InventoryEntry {
  return { key: cell.text, code: cell.code, links: cell.links, range: cell.range, container: table.range };
}

/**
 * The entries a section enumerates: the rows of its tables (the key is the cell
 * in `column`, default the first), or, when it has no table, its list items whose
 * first paragraph starts with inline code or a link (prose bullets are not entries).
 */
export function sectionEntries(doc: DocFacts, section: DocSection, column?: string): SectionEntries {
  need(doc, 'tables', 'listItems');
  const tables = doc.tables.filter((t) => inSection(section, t.section));
  const out: SectionEntries = { entries: [], tables, tablesWithoutColumn: [], listItems: [] };
  if (tables.length) {
    for (const table of tables) {
      const index = column === undefined ? 0 : table.header.findIndex((c) => sameName(c.text, column));
      if (index < 0) {
        out.tablesWithoutColumn.push(table);
        continue;
      }
      for (const row of table.rows) {
        const cell = row[index];
        if (cell && cell.text !== '') out.entries.push(cellEntry(cell, table));
      }
    }
    return out;
  }
  for (const item of doc.listItems) {
    if (!inSection(section, item.section)) continue;
    const key = item.code ?? item.linkText;
    if (key === undefined || key === '') continue;
    out.listItems.push(item);
    out.entries.push({
      key,
      code: item.code !== undefined ? [item.code] : [],
      links: item.link !== undefined ? [item.link] : [],
      range: item.range,
      container: item.range,
    });
  }
  return out;
}

/** Offsets a prose search skips: HTML comments and code blocks (examples are not claims). */
export function nonProseSpans(doc: DocFacts, offsetAt: (p: Range['start']) => number): { start: number; end: number }[] {
  need(doc, 'codeBlocks');
  return [...doc.comments, ...doc.codeBlocks.map((b) => ({ start: offsetAt(b.range.start), end: offsetAt(b.range.end) }))];
}
