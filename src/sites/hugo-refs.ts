/**
 * Hugo's `ref` and `relref` shortcodes, resolved as Hugo's page finder resolves them (hugolib/pagecollections.go,
 * `getContentNode` and `getContentNodeForRef`): a path from the page, then from the content root, then, for a name
 * with no `/`, by the unique page of that base name.
 */
import type { HugoRefIndex, HugoRefPage } from './types.js';

/** Hugo's content formats: Markdown, HTML, AsciiDoc, Org, Pandoc and reStructuredText files are pages. */
export const HUGO_CONTENT_FILE = /\.(md|markdown|mdown|html?|adoc|asciidoc|ad|org|pandoc|pdc|rst)$/i;

/** A content path as Hugo's path parser reads it: its logical path (`/docs/b` for `docs/b/index.md`), base name and kind. */
interface ParsedPath {
  path: string;
  name: string;
  lang?: string;
  kind: 'branch' | 'leaf' | 'page';
}

/** Hugo normalises paths: lower case, spaces as `-`. */
const normalize = (p: string) => p.toLowerCase().replace(/ /g, '-');

/** `path.Join` of Go: cleaned, `..` stops at the root, always absolute here. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** Go's `paths.HasExt`: a `.` in the last segment. */
const hasExt = (p: string) => /\.[^/]*$/.test(p);

/** Parses a content path (`docs/b/index.fr.md`): the extension and a language identifier dropped, `index`/`_index` standing for their folder. */
export function parseContentPath(p: string, languages: ReadonlySet<string>): ParsedPath {
  const segments = p.split('/').filter(Boolean);
  let base = segments.pop() ?? '';
  if (hasExt(base) && base.lastIndexOf('.') > 0) base = base.slice(0, base.lastIndexOf('.'));
  let lang: string | undefined;
  const identifier = /^(.+)\.([^.]+)$/.exec(base);
  if (identifier && languages.has(identifier[2].toLowerCase())) {
    base = identifier[1];
    lang = identifier[2].toLowerCase();
  }
  const kind = base === '_index' ? 'branch' : base === 'index' ? 'leaf' : 'page';
  if (kind === 'page') segments.push(base);
  return { path: normalize(`/${segments.join('/')}`).replace(/\/+$/, '') || '/', name: normalize(segments[segments.length - 1] ?? ''), lang, kind };
}

/** What a `ref` finds: the page, or nothing, or several pages of one base name (Hugo fails with "page reference is ambiguous"). */
export interface HugoRefResult {
  target: string | null;
  ambiguous: string[];
  /** Not found, but a content mount the repository does not hold could have the page. */
  unseen?: boolean;
}

/** The page of a language among those at a key: that language's, else (a page in no other language) the first. */
function pick(list: HugoRefPage[] | undefined, lang: string): string | null {
  if (!list?.length) return null;
  return (list.find((p) => p.lang === lang) ?? list[0]).doc;
}

/**
 * The page `ref` (its path part: no `#fragment`) names from the content file `fromDoc`, in language `lang` (the page's
 * own by default), as `getContentNode` finds it: without an extension, `ref.md` (`/index` also as `index/index.md`).
 */
export function resolveHugoRef(index: HugoRefIndex, fromDoc: string, ref: string, lang?: string): HugoRefResult {
  const inRef = ref.replace(/\/+$/, '');
  const own = index.pages.get(fromDoc);
  const language = lang?.toLowerCase() ?? own?.lang ?? '';
  const trimmed = inRef === '' ? '/' : inRef;
  if (hasExt(trimmed)) return forRef(index, fromDoc, language, true, inRef, trimmed);
  const candidates = trimmed === '/' ? ['/_index.md'] : trimmed.endsWith('/index') ? [`${trimmed}/index.md`, `${trimmed}.md`] : [`${trimmed}.md`];
  let unseen = false;
  for (const c of candidates) {
    const found = forRef(index, fromDoc, language, false, inRef, c);
    if (found.target !== null || found.ambiguous.length) return found;
    unseen ||= found.unseen === true;
  }
  return { target: null, ambiguous: [], unseen };
}

/** One candidate of `getContentNodeForRef`: page-relative, then from the content root, then by base name when `inRef` has no `/`. */
function forRef(index: HugoRefIndex, fromDoc: string, lang: string, hadExtension: boolean, inRef: string, ref: string): HugoRefResult {
  let unseen = false;
  const found = (target: string | null): HugoRefResult => ({ target, ambiguous: [], unseen: target === null && unseen });
  const lookup = (p: string) => {
    const logical = parseContentPath(p, index.languages).path;
    unseen ||= index.unseen.some((u) => u === '/' || logical === u || logical.startsWith(`${u}/`));
    return pick(index.paths.get(logical), lang);
  };
  const own = index.pages.get(fromDoc);
  const fileDir = fromDoc.slice(0, fromDoc.lastIndexOf('/') + 1);
  if (own && !ref.startsWith('/')) {
    const parsed = parseContentPath(own.contentPath, index.languages);
    const dir = `/${own.contentPath.slice(0, own.contentPath.lastIndexOf('/') + 1)}`;
    // A branch bundle (`_index.md`) resolves from its folder; a leaf bundle's `index.md` from the folder above, as a page does.
    const baseDir = parsed.kind === 'branch' || parsed.kind === 'page' || (hadExtension && ref.startsWith('../')) ? dir : `${cleanPath(`${dir}..`)}/`;
    const target = lookup(cleanPath(`${baseDir}${ref}`));
    if (target !== null) return found(target);
    // With an extension, also the file beside the page's own file (Hugo's reverse lookup of the real file name).
    if (hadExtension) {
      const beside = cleanPath(`/${fileDir}${inRef}`).slice(1);
      if (index.pages.has(beside)) return found(beside);
    }
  }
  if (ref.startsWith('.')) return found(null);
  const target = lookup(cleanPath(ref));
  if (target !== null) return found(target);
  if (hadExtension) {
    for (const f of index.folders) {
      const file = cleanPath(`/${f.folder}/${inRef}`).slice(1);
      if (index.pages.has(file)) return found(file);
    }
  }
  if (inRef.includes('/')) return found(null);
  unseen ||= index.unseen.length > 0;
  const named = index.names.get(parseContentPath(ref, index.languages).name) ?? [];
  const inLang = named.filter((p) => p.lang === lang);
  const candidates = inLang.length ? inLang : named;
  if (candidates.length > 1) return { target: null, ambiguous: candidates.map((p) => p.doc) };
  return found(candidates[0]?.doc ?? null);
}

/** The index of a site's content files: each file's logical path and base name, under the language it is in. */
export function buildHugoRefIndex(
  files: readonly string[],
  sources: ReadonlyArray<{ folder: string; lang: string; contentPath: string; file?: string }>,
  languages: ReadonlySet<string>,
  errorLevel: 'ERROR' | 'WARNING',
  unseen: readonly string[] = [],
): HugoRefIndex {
  const index: HugoRefIndex = {
    paths: new Map(),
    names: new Map(),
    pages: new Map(),
    folders: [],
    languages,
    errorLevel,
    unseen: unseen.map((u) => parseContentPath(`${u}/_index.md`, languages).path),
  };
  const add = (map: Map<string, HugoRefPage[]>, key: string, page: HugoRefPage) => {
    const list = map.get(key);
    if (!list) map.set(key, [page]);
    else if (!list.some((p) => p.doc === page.doc && p.lang === page.lang)) list.push(page);
  };
  for (const src of sources) {
    if (!src.file) index.folders.push({ folder: src.folder, lang: src.lang, prefix: src.contentPath });
    const entries: Array<[string, string]> = src.file
      ? [[src.file, src.contentPath]]
      : files.filter((f) => HUGO_CONTENT_FILE.test(f) && (src.folder === '' || f.startsWith(`${src.folder}/`))).map((f) => [f, `${src.contentPath}${src.folder ? f.slice(src.folder.length + 1) : f}`]);
    for (const [file, contentPath] of entries) {
      const parsed = parseContentPath(contentPath, languages);
      const page = { doc: file, lang: parsed.lang ?? src.lang.toLowerCase() };
      if (!index.pages.has(file)) index.pages.set(file, { contentPath, lang: page.lang });
      add(index.paths, parsed.path, page);
      add(index.names, parsed.name, page);
    }
  }
  return index;
}
