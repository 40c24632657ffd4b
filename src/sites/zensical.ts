import { parse as parseToml } from 'smol-toml';
import { parseTOML as parseTomlAst } from 'toml-eslint-parser';
import type { AST as TomlAst } from 'toml-eslint-parser';
import type { Workspace } from '../workspace/workspace.js';
import { mkdocsSite, type MkdocsData, type NavValue } from './mkdocs.js';
import type { DocSite } from './types.js';

/**
 * The Markdown extensions Zensical turns on when `markdown_extensions` is not set (`DEFAULT_MARKDOWN_EXTENSIONS` in
 * zensical/config.py): those that change ids are footnotes (`fn:1`), toc, superfences (`{ #id }` on fences) and
 * pymdownx.tabbed (no `slugify`, so tabs get no ids).
 */
const DEFAULT_EXTENSIONS: Record<string, Record<string, unknown>> = {
  abbr: {},
  admonition: {},
  attr_list: {},
  def_list: {},
  footnotes: {},
  md_in_html: {},
  toc: { permalink: true },
  'pymdownx.superfences': {},
  'pymdownx.tabbed': { alternate_style: true, combine_header_slug: true },
};

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `markdown_extensions` as Zensical reads it (`_convert_markdown_extensions`): TOML's dotted keys nest
 * `pymdownx.tabbed` as `pymdownx` → `tabbed`, so the `pymdownx` and `zensical` tables are hoisted back to
 * dotted names (`pymdownx.blocks.tab`, `zensical.extensions.preview` one level deeper); `toc` is always on.
 */
function extensionsOf(value: unknown): Table {
  if (value === undefined) return { ...DEFAULT_EXTENSIONS };
  if (Array.isArray(value)) return Object.fromEntries(value.flatMap((item) => (typeof item === 'string' ? [[item, {}]] : isTable(item) ? Object.entries(item) : [])));
  const out: Table = { toc: {} };
  if (!isTable(value)) return out;
  for (const [name, options] of Object.entries(value)) {
    const deeper = name === 'pymdownx' ? 'blocks' : name === 'zensical' ? 'extensions' : null;
    if (deeper === null || !isTable(options)) {
      out[name] = options;
      continue;
    }
    for (const [ext, conf] of Object.entries(options)) {
      if (ext === deeper && isTable(conf)) for (const [inner, c] of Object.entries(conf)) out[`${name}.${ext}.${inner}`] = c;
      else out[`${name}.${ext}`] = conf;
    }
  }
  return out;
}

/** The Python name a `slugify = { object = "…", kwds = {…} }` table gives (pymdownx.slugs.slugify when `object` is left out). */
function slugifyName(options: unknown): string | undefined {
  if (!isTable(options) || !('slugify' in options)) return undefined;
  const slugify = options.slugify;
  if (isTable(slugify)) return typeof slugify.object === 'string' ? slugify.object : 'pymdownx.slugs.slugify';
  return typeof slugify === 'string' ? slugify : undefined;
}

/** Every string in a `nav` value (`"page.md"`, `{ "Title" = "page.md" }`, `{ "Section" = [ … ] }`), with its offsets. */
function navStrings(node: TomlAst.TOMLContentNode, out: Array<{ value: string; range: [number, number] }>): void {
  if (node.type === 'TOMLArray') for (const e of node.elements) navStrings(e, out);
  else if (node.type === 'TOMLInlineTable') for (const kv of node.body) navStrings(kv.value, out);
  else if (node.type === 'TOMLValue' && typeof node.value === 'string') out.push({ value: node.value, range: [node.range[0], node.range[1]] });
}

/** The `nav` array's node: `nav = […]` in the `[project]` table (or at the top when there is none). */
function navNode(text: string, inProject: boolean): TomlAst.TOMLContentNode | null {
  const top = parseTomlAst(text).body[0];
  const keyOf = (kv: TomlAst.TOMLKeyValue) => kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue' && keyOf(item) === (inProject ? 'project.nav' : 'nav')) return item.value;
    if (item.type === 'TOMLTable' && item.kind === 'standard' && inProject && item.resolvedKey.join('.') === 'project') {
      for (const kv of item.body) if (keyOf(kv) === 'nav') return kv.value;
    }
  }
  return null;
}

/**
 * Reads `zensical.toml` into a site. Zensical (the Material for MkDocs team's successor) takes MkDocs' settings in
 * TOML, under a `[project]` table, and builds the site as MkDocs does (`use_directory_urls`, Python-Markdown's `toc`
 * ids): the site is an MkDocs site read from TOML. Never executed.
 */
export function readZensical(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t) return null;
  const notes: string[] = [];
  let parsed: Table;
  try {
    parsed = parseToml(t.text) as Table;
  } catch (err) {
    notes.push(`${config} does not parse as TOML (${(err as Error).message.split('\n')[0]}); site settings not read`);
    parsed = {};
  }
  const inProject = isTable(parsed.project);
  const data: MkdocsData = { ...(inProject ? (parsed.project as Table) : parsed) };
  data.markdown_extensions = extensionsOf(data.markdown_extensions);
  const extensions = data.markdown_extensions as Table;
  let navValues: NavValue[] | null = null;
  if (Array.isArray(data.nav) && data.nav.length) {
    const strings: Array<{ value: string; range: [number, number] }> = [];
    const node = navNode(t.text, inProject);
    if (node) navStrings(node, strings);
    navValues = strings.map(({ value, range }) => ({ value, range: t.lines.rangeOf(range[0], range[1]) }));
  }
  return mkdocsSite(ws, config, { data, tocSlugify: slugifyName(extensions.toc), tabbedSlugify: slugifyName(extensions['pymdownx.tabbed']), navValues, notes });
}
