/**
 * Hugo's URL settings per section: `permalinks` patterns (per section, or per kind: `permalinks.page.posts`,
 * `permalinks.section.posts`) with their tokens, and `uglyURLs` (for the whole site, or per section).
 */

type Data = Record<string, unknown>;
const isData = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys are case-insensitive in Hugo's configuration. */
function get(data: unknown, key: string): unknown {
  if (!isData(data)) return undefined;
  const found = Object.keys(data).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : data[found];
}

export interface UrlRules {
  /** Is a page of this top-level section (`''` for the home section) served at `x.html` (`uglyURLs`)? */
  ugly(section: string): boolean;
  /** The `permalinks` pattern of a page kind in a section (its first folder, or the whole section path), if any. */
  permalink(kind: 'page' | 'section', sections: string[]): string | undefined;
}

const KINDS = new Set(['page', 'section', 'taxonomy', 'term']);

/** The URL rules of a site's merged configuration. */
export function urlRulesOf(data: Data): UrlRules {
  const uglySetting = get(data, 'uglyURLs');
  const permalinks = get(data, 'permalinks');
  const patterns = { page: new Map<string, string>(), section: new Map<string, string>() };
  for (const [key, value] of isData(permalinks) ? Object.entries(permalinks) : []) {
    const k = key.toLowerCase().replace(/^\/+|\/+$/g, '');
    // The old form `posts = "/:year/:title/"` is the pattern of the section's regular pages.
    if (typeof value === 'string') patterns.page.set(k, value);
    else if (KINDS.has(k) && isData(value) && (k === 'page' || k === 'section')) {
      for (const [section, pattern] of Object.entries(value)) if (typeof pattern === 'string') patterns[k].set(section.toLowerCase().replace(/^\/+|\/+$/g, ''), pattern);
    }
  }
  return {
    ugly: (section) => {
      if (typeof uglySetting === 'boolean') return uglySetting;
      const own = get(uglySetting, section);
      return own === true;
    },
    permalink: (kind, sections) => {
      const map = patterns[kind];
      return map.get(sections.join('/').toLowerCase()) ?? map.get((sections[0] ?? '').toLowerCase());
    },
  };
}

/**
 * Hugo's `urlize` (helpers.UnicodeSanitize): letters, digits, marks and `._-/\\#+~@` kept, a run of spaces one `-`
 * before the next kept character, everything else dropped; lower case.
 */
export function urlize(text: string): string {
  let out = '';
  let hyphen = false;
  for (const ch of text) {
    if (/[\p{L}\p{N}\p{M}._\-/\\#+~@]/u.test(ch)) {
      if (hyphen) out += '-';
      hyphen = false;
      out += ch;
    } else if (/\s/u.test(ch) && out !== '' && !out.endsWith('-')) hyphen = true;
  }
  return out.toLowerCase();
}

/** The date a page's date tokens use: Hugo's default `frontmatter.date` keys, first that is set. */
function pageDate(fm: Data): Date | null {
  for (const key of ['date', 'publishDate', 'pubdate', 'published', 'lastmod', 'modified']) {
    const v = get(fm, key);
    const d = v instanceof Date ? v : typeof v === 'string' && v.trim() ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()}T00:00:00Z` : v) : null;
    if (d && !Number.isNaN(d.getTime())) return d;
  }
  return null;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The URL path a `permalinks` pattern gives a page (`/:section/:year/:month/:slug/`), without the language prefix;
 * `sections` are its folders under the content root, `name` its file's (or bundle folder's) base name. Null when the
 * pattern has a token docwarden does not model.
 */
export function expandPermalink(pattern: string, fm: Data, sections: string[], name: string): string | null {
  const date = pageDate(fm) ?? new Date(Date.UTC(1, 0, 1));
  const title = typeof get(fm, 'title') === 'string' ? (get(fm, 'title') as string) : '';
  const slugSetting = get(fm, 'slug');
  const slug = typeof slugSetting === 'string' && slugSetting ? slugSetting : '';
  const tokens: Record<string, () => string> = {
    year: () => String(date.getUTCFullYear()).padStart(4, '0'),
    month: () => pad(date.getUTCMonth() + 1),
    monthname: () => MONTHS[date.getUTCMonth()],
    day: () => pad(date.getUTCDate()),
    weekday: () => String(date.getUTCDay()),
    weekdayname: () => DAYS[date.getUTCDay()],
    yearday: () => String(Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86400000) + 1),
    section: () => sections[0] ?? '',
    sections: () => sections.join('/'),
    title: () => urlize(title),
    slug: () => urlize(slug || title),
    slugorfilename: () => (slug ? urlize(slug) : name),
    slugorcontentbasename: () => (slug ? urlize(slug) : name),
    filename: () => name,
    contentbasename: () => name,
  };
  let unknown = false;
  const out = pattern.replace(/:([a-z]+)(\[(-?\d*)(?::(-?\d*))?\]|\[last\])?/gi, (whole, token: string, slice?: string, from?: string, to?: string) => {
    const t = token.toLowerCase();
    if (t === 'sections' && slice) {
      if (slice === '[last]') return sections[sections.length - 1] ?? '';
      const a = from ? Number(from) : 0;
      return (to === undefined ? sections.slice(a, a + 1) : sections.slice(a, to === '' ? undefined : Number(to))).join('/');
    }
    const f = tokens[t];
    if (!f) {
      unknown = true;
      return whole;
    }
    return f();
  });
  if (unknown) return null;
  const path = `/${out.replace(/^\/+/, '')}`.replace(/\/{2,}/g, '/');
  return path;
}
