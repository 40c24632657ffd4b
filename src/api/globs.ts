import picomatch from 'picomatch';

/** A configured `files: x` or `files: [x, y]` (or any one-or-many option) as a list: the one normalisation of `T | T[]`. */
export function globList<T = string>(value: T | readonly T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** Turns a list of globs with `!` negations into one predicate. */
export function globMatcher(globs: readonly string[], options: picomatch.PicomatchOptions = {}): (path: string) => boolean {
  const positive = globs.filter((g) => !g.startsWith('!')).map(normalizeGlob);
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => normalizeGlob(g.slice(1)));
  const opts = { dot: true, ...options };
  const yes = positive.length ? picomatch(positive, opts) : () => false;
  const no = negative.length ? picomatch(negative, opts) : () => false;
  return (path) => yes(path) && !no(path);
}

/** `./docs/**` → `docs/**`; `docs/` (a folder) → `docs/**`. */
function normalizeGlob(glob: string): string {
  let g = glob.replace(/^\.\//, '');
  if (g.endsWith('/')) g += '**';
  return g;
}

/** What the wildcards of `glob` matched in `path` (`$1`, `$2`, …), or null when it does not match. */
export function globCaptures(glob: string, path: string): string[] | null {
  const m = picomatch.makeRe(glob, { capture: true, dot: true }).exec(path);
  return m ? m.slice(1).map((v) => v ?? '') : null;
}
