import { closeSync, fstatSync, lstatSync, openSync, readSync, realpathSync, constants as fsConstants } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignoreFactory from 'ignore';
import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/load.js';
import { extractMarkdownFacts } from '../facts/markdown.js';
import { LineIndex } from '../facts/lines.js';
import { extractSourceFacts } from '../facts/source.js';
import type { DocFacts, SourceFacts } from '../facts/types.js';
import type { Notice } from '../types.js';
import { gitHeadDate, gitLastCommits, gitListFiles, gitRemoteRepositoryUrls, gitTopLevel, type LastCommit } from './git.js';

/** A file's decoded text. `text` has no BOM; positions are relative to it. */
export interface FileText {
  text: string;
  lines: LineIndex;
  bom: boolean;
}

export const MARKDOWN_EXTENSION = /\.(md|markdown|mdown)$/i;

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

export interface WorkspaceOptions {
  root: string;
  config: ResolvedConfig;
  /** Paths (repository-relative) that narrow what is reported; empty = everything. */
  reportPaths?: string[];
  /** Use this file list instead of asking git or the file system (tests). */
  files?: string[];
}

/**
 * Everything a rule may know about the repository: the file list, decoded texts,
 * per-file facts (extracted once, memoized) and git information (asked once).
 */
export class Workspace {
  readonly root: string;
  readonly config: ResolvedConfig;
  /** All known files, repository-relative POSIX paths, sorted. */
  readonly files: readonly string[];
  readonly notices: Notice[] = [];
  readonly isGit: boolean;
  private readonly fileSet: Set<string>;
  private readonly dirSet: Set<string>;
  private readonly ignored: (path: string) => boolean;
  private readonly texts = new Map<string, FileText | null>();
  private readonly docFacts = new Map<string, DocFacts | null>();
  private readonly sourceFacts = new Map<string, SourceFacts | null>();
  private readonly symlinks = new Map<string, boolean>();
  private readonly reportPrefixes: string[];
  private docList: string[] | undefined;
  private children: Map<string, string[]> | undefined;
  private docSet: Set<string> | undefined;
  private headDate: Date | null | undefined;
  private remotes: string[] | undefined;
  private lastCommitCache = new Map<string, LastCommit | null>();
  private readonly rootReal: string;

  constructor(options: WorkspaceOptions) {
    this.root = resolve(options.root);
    this.rootReal = safeRealpath(this.root) ?? this.root;
    this.config = options.config;
    let files = options.files;
    this.isGit = gitTopLevel(this.root) !== null;
    if (!files) files = (this.isGit ? gitListFiles(this.root) : null) ?? globFiles(this.root);
    files = files.filter((f) => !f.split('/').includes('.git'));
    this.ignored = globMatcher(this.config.ignore);
    this.files = [...new Set(files)].sort();
    this.fileSet = new Set(this.files);
    this.dirSet = new Set(['']);
    for (const f of this.files) {
      let i = f.lastIndexOf('/');
      while (i > 0) {
        const dir = f.slice(0, i);
        if (this.dirSet.has(dir)) break;
        this.dirSet.add(dir);
        i = dir.lastIndexOf('/');
      }
    }
    this.reportPrefixes = (options.reportPaths ?? []).map((p) => p.replace(/\/+$/, ''));
  }

  /** Is `path` (repository-relative) a known file? Case-sensitive, like GitHub. */
  isFile(path: string): boolean {
    return this.fileSet.has(path);
  }

  /** Is `path` a folder that contains known files? The root is `''`. */
  isDir(path: string): boolean {
    return this.dirSet.has(path.replace(/\/+$/, ''));
  }

  /** All known folders (repository-relative, without trailing slash; the root is `''`). */
  dirs(): string[] {
    return [...this.dirSet].sort();
  }

  /** Entries directly inside a folder (names only, sorted). */
  entriesOf(dir: string): string[] {
    if (!this.children) {
      // One pass over the file list, so that asking per link stays linear in the repository's size.
      const children = new Map<string, Set<string>>();
      for (const f of this.files) {
        let child = f;
        let i = child.lastIndexOf('/');
        for (;;) {
          const parent = i < 0 ? '' : child.slice(0, i);
          const names = children.get(parent) ?? new Set<string>();
          const known = names.size > 0;
          names.add(child.slice(i + 1));
          children.set(parent, names);
          if (i < 0 || known) break;
          child = parent;
          i = child.lastIndexOf('/');
        }
      }
      this.children = new Map([...children].map(([d, names]) => [d, [...names].sort()]));
    }
    return this.children.get(dir.replace(/\/+$/, '')) ?? [];
  }

  isIgnored(path: string): boolean {
    return this.ignored(path);
  }

  /** Files matching globs (with `!` negation), ignored files left out. */
  match(globs: readonly string[]): string[] {
    const m = globMatcher(globs);
    return this.files.filter((f) => m(f) && !this.ignored(f));
  }

  /** Folders matching globs (a glob may end with `/`). */
  matchDirs(globs: readonly string[]): string[] {
    const m = globMatcher(globs.map((g) => g.replace(/\/+$/, '')));
    return this.dirs().filter((d) => d !== '' && m(d) && !this.ignored(d));
  }

  /** The Markdown files that are documentation: `docs` globs (default every Markdown file), not ignored, not symlinks. */
  docs(): string[] {
    if (!this.docList) {
      const globs = this.config.docs;
      const isDoc = globs ? globMatcher(globs) : (p: string) => MARKDOWN_EXTENSION.test(p);
      this.docList = this.files.filter((f) => isDoc(f) && !this.ignored(f) && !this.isSymlink(f));
      this.docSet = new Set(this.docList);
    }
    return this.docList;
  }

  isDoc(path: string): boolean {
    this.docs();
    return this.docSet!.has(path);
  }

  isSymlink(path: string): boolean {
    let v = this.symlinks.get(path);
    if (v === undefined) {
      try {
        v = lstatSync(join(this.root, path)).isSymbolicLink();
      } catch {
        v = false;
      }
      this.symlinks.set(path, v);
    }
    return v;
  }

  /** Should a finding in `path` be reported (the command line's paths narrow the report)? */
  isReported(path: string): boolean {
    if (this.reportPrefixes.length === 0) return true;
    return this.reportPrefixes.some((p) => p === '' || p === '.' || path === p || path.startsWith(`${p}/`));
  }

  /** The decoded text of a known file, or undefined (with a notice) when it cannot be used. */
  text(path: string): FileText | undefined {
    if (this.texts.has(path)) return this.texts.get(path) ?? undefined;
    let result: FileText | null = null;
    if (!this.fileSet.has(path)) {
      this.texts.set(path, null);
      return undefined;
    }
    const problem = (message: string) => this.notices.push({ level: 'note', path, message: `skipped ${path}: ${message}` });
    const read = readTextFile(this.root, this.rootReal, path, this.config.maxFileSize);
    if (typeof read === 'string') problem(read);
    else result = { text: read.text, bom: read.bom, lines: new LineIndex(read.text) };
    this.texts.set(path, result);
    return result ?? undefined;
  }

  /** Facts of a Markdown doc (parsed once), or undefined when it is not readable. */
  doc(path: string): DocFacts | undefined {
    if (this.docFacts.has(path)) return this.docFacts.get(path) ?? undefined;
    const t = this.text(path);
    const facts = t ? extractMarkdownFacts(path, t.text, t.lines) : null;
    this.docFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** Facts of a source or config file (comment ranges), or undefined when it is not readable. */
  source(path: string): SourceFacts | undefined {
    if (this.sourceFacts.has(path)) return this.sourceFacts.get(path) ?? undefined;
    const t = this.text(path);
    const facts = t ? extractSourceFacts(path, t.text) : null;
    this.sourceFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** Seeds facts computed elsewhere (cache, workers) so they are not extracted again. */
  seed(path: string, text: FileText | null, facts?: DocFacts | SourceFacts | null): void {
    this.texts.set(path, text);
    if (facts?.kind === 'markdown') this.docFacts.set(path, facts);
    else if (facts?.kind === 'source') this.sourceFacts.set(path, facts);
  }

  /** Files whose text has been read so far (for suppression directives). */
  loadedFiles(): string[] {
    return [...this.texts.entries()].filter(([, t]) => t !== null).map(([p]) => p).sort();
  }

  /** Facts loaded so far. */
  loadedDocFacts(path: string): DocFacts | undefined {
    return this.docFacts.get(path) ?? undefined;
  }

  loadedSourceFacts(path: string): SourceFacts | undefined {
    return this.sourceFacts.get(path) ?? undefined;
  }

  /** HEAD's commit date, or null outside git. */
  gitHeadDate(): Date | null {
    if (this.headDate === undefined) this.headDate = this.isGit ? gitHeadDate(this.root) : null;
    return this.headDate;
  }

  /** `https://github.com/OWNER/REPO` for the git remotes. */
  gitRemoteUrls(): string[] {
    if (this.remotes === undefined) this.remotes = this.isGit ? gitRemoteRepositoryUrls(this.root) : [];
    return this.remotes;
  }

  /** The last commit of each path (one git walk for all the paths asked for at once). */
  lastCommits(paths: readonly string[]): Map<string, LastCommit> {
    const missing = paths.filter((p) => !this.lastCommitCache.has(p));
    if (missing.length && this.isGit) {
      const found = gitLastCommits(this.root, missing);
      for (const p of missing) this.lastCommitCache.set(p, found.get(p) ?? null);
    }
    const out = new Map<string, LastCommit>();
    for (const p of paths) {
      const c = this.lastCommitCache.get(p);
      if (c) out.set(p, c);
    }
    return out;
  }
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Lists files outside git: fast-glob, honouring every `.gitignore` found. */
function globFiles(root: string): string[] {
  const all = fg.sync('**', { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/.git/**', '**/node_modules/**'], suppressErrors: true });
  const gitignores = all.filter((f) => f === '.gitignore' || f.endsWith('/.gitignore'));
  if (gitignores.length === 0) return all;
  const matchers = gitignores.map((gi) => {
    const dir = gi.slice(0, -'.gitignore'.length);
    const r = readTextFile(root, root, gi, 1024 * 1024);
    const ig = ignoreFactory().add(typeof r === 'string' ? '' : r.text);
    return { dir, ig };
  });
  return all.filter((f) => !matchers.some(({ dir, ig }) => f.startsWith(dir) && ig.ignores(f.slice(dir.length))));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a repository file as UTF-8 text, or returns why it cannot be used.
 * Symlinks are followed only when they resolve inside the root.
 */
export function readTextFile(root: string, rootReal: string, path: string, maxSize: number): { text: string; bom: boolean } | string {
  const abs = join(root, path);
  let fd: number;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      const real = safeRealpath(abs);
      if (!real) return 'a symbolic link to nothing';
      const rel = relative(rootReal, real);
      if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(rootReal, rel) !== real) return 'a symbolic link that points outside the repository';
    }
    fd = openSync(abs, fsConstants.O_RDONLY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'the file disappeared while docwarden ran' : code === 'EACCES' ? 'permission denied' : `unreadable (${code ?? (err as Error).message})`;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > maxSize) return `larger than ${maxSize} bytes (${st.size}); raise max-file-size to read it`;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const bytes = buf.subarray(0, off);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16 text; docwarden reads UTF-8 only';
    if (bytes.includes(0)) return 'binary (contains NUL bytes)';
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      return 'not valid UTF-8';
    }
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch (err) {
    return `unreadable (${(err as Error).message})`;
  } finally {
    closeSync(fd);
  }
}
