import GithubSlugger from 'github-slugger';

/**
 * How a renderer turns heading text into an anchor id. `github` is GitHub's
 * (github-slugger); the others are documentation generators' own rules.
 */
export const SLUG_PROFILES = [
  'github',
  'gitlab',
  'python-markdown',
  'python-markdown-unicode',
  'goldmark-github',
  'goldmark-github-ascii',
  'goldmark-blackfriday',
  'docusaurus',
  'vitepress',
  'mdbook',
  'docsify',
  'myst',
] as const;
export type SlugProfile = (typeof SLUG_PROFILES)[number];

/** Does the renderer of this profile honour `## Title {#id}`? (GitHub and GitLab do not.) */
export function honoursCustomIds(profile: SlugProfile): boolean {
  // Docsify sets an id with `:id=x` in the heading, not `{#id}`; MyST reads `{#id}` as an attribute only with attrs_block/attrs_inline (sphinx.ts).
  return profile !== 'github' && profile !== 'gitlab' && profile !== 'docsify' && profile !== 'myst';
}

/**
 * A trailing attribute block that sets an id: `{#id}`, `{: #id .class}` (Python-Markdown attr_list, Pandoc,
 * Goldmark, VitePress) or Docusaurus 3.10's MDX comment `{/* #id *\/}`.
 */
const ATTRIBUTE_BLOCK = /\s*\{([^{}]*)\}\s*$/;
const ATTRIBUTE = /^(?:#[^\s#=]+|\.[^\s#.=]+|[\w:-]+=(?:"[^"]*"|'[^']*'|[^\s"']+))$/;

/** The id a heading sets itself (`{#id}`, `{ #id .cls }`, `{: id="x" }`, `{/* #id *\/}`) and its text without the block, or null. */
export function splitCustomId(text: string): { text: string; id: string } | null {
  const m = ATTRIBUTE_BLOCK.exec(text);
  if (!m) return null;
  const inner = m[1]
    .trim()
    .replace(/^:\s*/, '')
    .replace(/^\/\*\s*([\s\S]*?)\s*\*\/$/, '$1');
  // A quoted value may hold spaces: `{ #with-pip data-toc-label="with pip" }`.
  const tokens = inner.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  if (tokens.length === 0 || !tokens.every((t) => ATTRIBUTE.test(t))) return null;
  let id: string | undefined;
  for (const t of tokens) {
    if (t.startsWith('#')) id = t.slice(1);
    else if (t.startsWith('id=')) id = t.slice(3).replace(/^["']|["']$/g, '');
  }
  return id ? { text: text.slice(0, m.index), id } : null;
}

/**
 * Python-Markdown's `toc` slugify (markdown/extensions/toc.py `slugify`): NFKD, ASCII only,
 * `[^\w\s-]` removed, lowercased, runs of whitespace and `-` become one `-`.
 */
function pythonMarkdownSlug(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  return ascii
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** pymdownx.slugs `slugify(case='lower')` (Material's usual choice): Unicode kept, NFC, invalid characters dropped, spaces to `-`. */
function pymdownxSlug(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Hugo's `github` and `github-ascii` autoHeadingIDType (helpers/content.go sanitizeAnchorNameWithHook). */
function goldmarkGithubSlug(text: string, asciiOnly: boolean): string {
  let out = '';
  for (const ch of asciiOnly ? text.normalize('NFD') : text) {
    if (asciiOnly && ch.charCodeAt(0) > 0x7f) continue;
    if (ch === '-' || ch === ' ') out += '-';
    else if (ch === '_' || /[\p{L}\p{Nd}]/u.test(ch)) out += ch.toLowerCase();
  }
  return out;
}

/** Blackfriday's SanitizedAnchorName: letters and numbers kept lowercased, each other run one `-` between words. */
function blackfridaySlug(text: string): string {
  let out = '';
  let dash = false;
  for (const ch of text) {
    if (/[\p{L}\p{N}]/u.test(ch)) {
      if (dash && out) out += '-';
      dash = false;
      out += ch.toLowerCase();
    } else dash = true;
  }
  return out;
}

/** VitePress (@mdit-vue/shared slugify). */
function vitepressSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0000-\u001f]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

/**
 * Docsify 4's slugify (src/core/render/slugify.js, v4.13) of the heading's HTML: lowercased, tags and the punctuation of `re` dropped
 * (General Punctuation and Supplemental Punctuation blocks too), each whitespace `-`, runs of `-` squeezed, a leading
 * digit prefixed with `_`; duplicates `-1`, `-2` ….
 */
function docsifySlug(text: string): string {
  // It slugs the rendered HTML: marked writes `&` as `&amp;` and `'` as `&#39;`, whose letters and digits stay (`amp`, `39`).
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const html = text
    .split(/(<\/?[A-Za-z][^<>]*>)/)
    .map((part, i) => (i % 2 ? part : escape(part)))
    .join('');
  return html
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/-+/g, '-')
    .replace(/^(\d)/, '_$1');
}

/** GitLab's heading ids (lib/banzai/filter/table_of_contents_filter.rb): lowercased, punctuation but `-`/`_` dropped, spaces to `-`, runs of `-` squeezed. */
function gitlabSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')
    .replace(/-+/g, '-');
}

/**
 * mdBook's `id_from_content` (crates/mdbook-html/src/utils.rs): trimmed, lowercased, alphanumerics, `_` and `-` kept,
 * each whitespace character a `-`, the rest dropped; `section` when nothing is left.
 */
function mdbookSlug(text: string): string {
  let out = '';
  for (const ch of text.trim().toLowerCase()) {
    if (ch === '_' || ch === '-' || /[\p{Alphabetic}\p{N}]/u.test(ch)) out += ch;
    else if (/\s/u.test(ch)) out += '-';
  }
  return out || 'section';
}

/** mdBook's heading ids: `{#id}` as written, else the slug made unique among the slugs before it (`unique_id`: `-1`, `-2` …). */
function mdbookIds(headings: readonly SlugHeading[]): string[] {
  const used = new Set<string>();
  return headings.map((h) => {
    const split = splitCustomId(h.text);
    // An id the heading sets itself is not added to the slugs `unique_id` compares with.
    if (split) return split.id;
    const id = mdbookSlug(h.text);
    let unique = id;
    for (let n = 1; used.has(unique); n++) unique = `${id}-${n}`;
    used.add(unique);
    return unique;
  });
}

/**
 * MyST-Parser's heading slugs (myst_parser/slugs.py `github_slugify` and `unique_slug`): lowercased, each space a
 * `-` (not trimmed first), every character but `\\w`, CJK ideographs, `-` and space removed; a repeated slug gets
 * `-1`, `-2` …; an empty slug is no anchor (written as `''`, and not counted for repeats).
 */
function mystIds(headings: readonly SlugHeading[]): string[] {
  const used = new Set<string>();
  return headings.map((h) => {
    const slug = h.text
      .toLowerCase()
      .replace(/ /g, '-')
      .replace(/[^\p{L}\p{N}_\u4e00-\u9fff\- ]/gu, '');
    if (slug === '') return '';
    let unique = slug;
    for (let n = 1; used.has(unique); n++) unique = `${slug}-${n}`;
    used.add(unique);
    return unique;
  });
}

export interface SlugHeading {
  /** The heading's rendered text. */
  text: string;
  /** GitHub's slug, already computed by the extractor (with its duplicate suffix). */
  slug: string;
}

/** The anchor ids headings get under a profile, in order (duplicates numbered the profile's way). */
/** Hugo renders shortcodes in a heading (`### {{% _param robot %}} Upgrading with AI?`, an icon) before Goldmark makes its id. */
function withoutShortcodes(text: string): string {
  return text.includes('{{') ? text.replace(/\{\{[%<][\s\S]*?[%>]\}\}/g, '').trim() : text;
}

export function headingIds(headings: readonly SlugHeading[], profile: SlugProfile, slugify?: (text: string) => string, customIds = true): string[] {
  if (profile === 'github') return headings.map((h) => h.slug);
  // A site can turn heading attributes off (Hugo `markup.goldmark.parser.attribute.title = false`): `{#id}` is then text.
  const custom = customIds && honoursCustomIds(profile);
  if (profile === 'mdbook') return mdbookIds(headings);
  if (profile === 'myst') return mystIds(headings);
  if (profile === 'docusaurus') {
    // Docusaurus slugs with github-slugger too, after taking `{#id}` off.
    const slugger = new GithubSlugger();
    return headings.map((h) => {
      const split = splitCustomId(h.text);
      return split ? split.id : slugger.slug(h.text);
    });
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of headings) {
    const split = custom ? splitCustomId(h.text) : null;
    if (split) {
      seen.add(split.id);
      out.push(split.id);
      continue;
    }
    let id: string;
    switch (profile) {
      case 'gitlab':
        id = gitlabSlug(h.text);
        break;
      case 'python-markdown':
        id = pythonMarkdownSlug(h.text);
        break;
      case 'python-markdown-unicode':
        id = pymdownxSlug(h.text);
        break;
      case 'goldmark-github':
      case 'goldmark-github-ascii':
        id = goldmarkGithubSlug(withoutShortcodes(h.text), profile === 'goldmark-github-ascii');
        break;
      case 'goldmark-blackfriday':
        id = blackfridaySlug(withoutShortcodes(h.text));
        break;
      case 'vitepress':
        id = (slugify ?? vitepressSlug)(h.text);
        break;
      case 'docsify':
        id = docsifySlug(h.text);
        break;
    }
    if (profile === 'python-markdown' || profile === 'python-markdown-unicode') {
      // toc.py `unique`: `_1`, `_2` … (an empty id becomes `_1`).
      while (seen.has(id) || id === '') {
        const m = /^(.*)_([0-9]+)$/.exec(id);
        id = m ? `${m[1]}_${Number(m[2]) + 1}` : `${id}_1`;
      }
    } else if (seen.has(id) || (id === '' && profile.startsWith('goldmark'))) {
      // Goldmark/Hugo, markdown-it-anchor (VitePress) and GitLab number duplicates `-1`, `-2` …
      const base = id === '' ? 'heading' : id;
      let n = 1;
      while (seen.has(`${base}-${n}`)) n++;
      id = seen.has(base) || id === '' ? `${base}-${n}` : base;
    }
    seen.add(id);
    out.push(id);
  }
  return out;
}
