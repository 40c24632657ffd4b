/** Repository paths: file kinds by name, normalising and decoding, and the one writer of a relative link. */

export const MARKDOWN_EXTENSION = /\.(md|markdown|mdown)$/i;
export const MDX_EXTENSION = /\.mdx$/i;

/** A percent-encoded path or fragment as written, decoded; malformed escapes above ASCII stay as written. */
export function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9a-fA-F]{2})/g, (m, hex: string) => {
      const c = parseInt(hex, 16);
      return c < 0x80 ? String.fromCharCode(c) : m;
    });
  }
}

const ABNORMAL_PATH = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** Normalises `a/./b/../c` to `a/c`; returns null when `..` climbs above the root. */
export function normalizePath(path: string): string | null {
  // Most paths are already normal: no empty, `.` or `..` segment.
  if (path !== '' && !ABNORMAL_PATH.test(path)) return path;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

/** The folder of a repository path (`''` for the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Repository path `target` (file or folder) as a link written in the doc `fromDoc`:
 * `a/b/c.md` from `a/x/doc.md` is `../b/c.md`; the doc's own folder is `.`.
 * (Site URLs, which keep a folder's trailing slash, are written by the sites' `relativeUrl`.)
 */
export function relativeLink(fromDoc: string, target: string): string {
  const from = dirOf(fromDoc).split('/').filter(Boolean);
  const to = target.split('/').filter(Boolean);
  let i = 0;
  while (i < from.length && i < to.length && from[i] === to[i]) i++;
  const up = from.slice(i).map(() => '..');
  const out = [...up, ...to.slice(i)].join('/');
  return out || '.';
}
