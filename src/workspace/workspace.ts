import { isInside } from './safe-read.js';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, constants as fsConstants, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignoreFactory from 'ignore';
import type { ResolvedConfig } from '../config/load.js';
import { markdownSkipReason } from '../facts/markdown.js';
import { extractDocFacts } from '../facts/markdown-extract.js';
import { scanDocFacts } from '../facts/markdown-fallback.js';
import { LineIndex } from '../facts/lines.js';
import { extractSourceFacts } from '../facts/source.js';
import { extractStructuredFacts, type StructuredFacts } from '../facts/structured.js';
import { extractJustfileFacts, extractMakefileFacts, type CommandFileFacts } from '../facts/commands.js';
import type { DocFacts, EnvCodeFacts, SourceFacts } from '../facts/types.js';
import { extractEnvCodeFacts, type TreeReader } from '../facts/env-trees.js';
import { extractCliCodeFacts, type CliCodeFacts, type CliLanguage } from '../facts/cli/index.js';
import type { Notice } from '../types.js';
import type { FactsStore, FileStamp, PrereadText } from './facts-store.js';
import {
  decodeName,
  gitHeadDate,
  gitLastCommits,
  gitListFiles,
  gitReadBlobs,
  gitRefNames,
  gitRemoteRepositoryUrls,
  gitTags,
  gitTopLevel,
  nameShown,
  type FileListing,
  type IndexSnapshot,
  type LastCommit,
} from './git.js';

import type { FileText, RepositoryFacts } from '../api/facts.js';
import { globMatcher } from '../api/globs.js';
import { MARKDOWN_EXTENSION, MDX_EXTENSION } from '../api/paths.js';
// Their homes are beside the rule API; the rest of src/ still imports them from here.
export type { FileText } from '../api/facts.js';
export { globMatcher } from '../api/globs.js';
export { MARKDOWN_EXTENSION, MDX_EXTENSION } from '../api/paths.js';

/** A FileText whose line index is built on first use: a warm run reads thousands of docs whose lines no rule asks for. */
class LoadedText implements FileText {
  private index: LineIndex | undefined;
  constructor(
    readonly text: string,
    readonly bom: boolean,
    lines?: LineIndex,
  ) {
    this.index = lines;
  }

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }
}

export interface WorkspaceOptions {
  root: string;
  config: ResolvedConfig;
  /** Paths (repository-relative) that narrow what is reported; empty = everything. */
  reportPaths?: string[];
  /** Use this file list instead of asking git or the file system (tests). */
  files?: string[];
  /** Where per-file facts come from when already known (on-disk cache, worker threads); default: parsed here. */
  facts?: FactsStore;
  /** `--staged`: the file list and the staged texts come from the git index, not the work tree. */
  index?: IndexSnapshot;
  /** Files outside the tree that findings may point into (a `--baseline` elsewhere); the configuration file is always one. */
  outsideFiles?: string[];
  /** Texts that replace files of the tree (an editor's unsaved buffers, `docwarden lsp`), by repository-relative path. */
  overlay?: ReadonlyMap<string, string>;
  /** `--changed`/`--staged`: the change set the report is narrowed to (rules may skip work no kept finding needs). */
  changes?: readonly string[];
}

/**
 * Everything a rule may know about the repository: the file list, decoded texts,
 * per-file facts (extracted once, memoized) and git information (asked once).
 */
export class Workspace implements RepositoryFacts {
  readonly root: string;
  readonly config: ResolvedConfig;
  /** All known files, repository-relative POSIX paths, sorted. */
  readonly files: readonly string[];
  readonly notices: Notice[] = [];
  private gitKnown: boolean | undefined;
  private readonly fileSet: Set<string>;
  private readonly dirSet: Set<string>;
  private readonly ignored: (path: string) => boolean;
  private readonly texts = new Map<string, FileText | null>();
  private readonly docFacts = new Map<string, DocFacts | null>();
  private readonly sourceFacts = new Map<string, SourceFacts | null>();
  private readonly envFacts = new Map<string, EnvCodeFacts | null>();
  private readonly cliFacts = new Map<string, CliCodeFacts | null>();
  private readonly structuredFacts = new Map<string, StructuredFacts | null>();
  private readonly commandFacts = new Map<string, CommandFileFacts | null>();
  private tagList: string[] | null = null;
  /**
   * What each path's lstat said, taken once (a Stats object and its four Dates are not kept: 200,000 docs): a
   * regular file's stamp, which the facts cache compares, or what else it is; null when it is gone or unreadable.
   */
  private readonly lstats = new Map<string, FileStamp | 'symlink' | 'other' | null>();
  /** Docs whose facts came ready from the cache without their text being read (they count as read). */
  private readonly factsWithoutText = new Set<string>();
  private pageList: string[] | undefined;
  private readonly escapes = new Map<string, boolean>();
  private readonly reportPrefixes: string[];
  private readonly changeSet: readonly string[] | null;
  private docList: string[] | undefined;
  private entryIndex: Map<string, string[]> | undefined;
  private docSet: Set<string> | undefined;
  private headDate: Date | null | undefined;
  private remotes: string[] | undefined;
  private lastCommitCache = new Map<string, LastCommit | null>();
  private readonly rootReal: string;
  private readonly factsStore: FactsStore | undefined;
  private readonly index: IndexSnapshot | undefined;
  private readonly overlay: ReadonlyMap<string, string> | undefined;
  /** The configuration file and the other files outside the tree that findings may point into. */
  private readonly outsideFiles: Set<string>;
  /** The staged blobs' bytes by path, read in one git call when the first is needed. */
  private indexBlobs: Map<string, Buffer> | undefined;

  constructor(options: WorkspaceOptions) {
    this.root = resolve(options.root);
    this.factsStore = options.facts;
    this.rootReal = safeRealpath(this.root) ?? this.root;
    this.config = options.config;
    this.index = options.index;
    this.overlay = options.overlay;
    this.outsideFiles = new Set([...(options.outsideFiles ?? []), ...(options.config.file ? [options.config.file] : [])]);
    let files = options.files ?? options.index?.files;
    if (!options.files && options.index) this.noteUndecodableNames(options.index.undecodable);
    // A given file list (tests, the property suite) needs no git at all unless a rule asks for history.
    if (!files) {
      const listing = (this.isGit ? gitListFiles(this.root) : null) ?? globFiles(this.root);
      files = listing.files;
      this.noteUndecodableNames(listing.undecodable);
    }
    // The facts cache is docwarden's own output: never part of the repository it reads.
    const cacheDir = options.facts?.location ? relative(this.root, options.facts.location).split(sep).join('/') : null;
    const cachePrefix = cacheDir && !cacheDir.startsWith('..') && !isAbsolute(cacheDir) ? `${cacheDir}/` : null;
    files = files.filter((f) => !isInGitFolder(f) && !(cachePrefix && f.startsWith(cachePrefix)));
    this.ignored = globMatcher(this.config.ignore);
    this.files = sortedUnique(files);
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
    this.changeSet = options.changes ?? null;
  }

  /** A note for each file whose name is not UTF-8 (at most 20, then how many more): such a file is not checked, and says so. */
  private noteUndecodableNames(names: readonly string[]): void {
    const shown = names.slice(0, 20);
    for (const name of shown) {
      this.notices.push({
        level: 'note',
        message: `skipped ${name}: its name is not valid UTF-8 (each byte that is not is shown as \\xHH), so no document can link to it and no report can name it; rename it in UTF-8 to have it checked`,
      });
    }
    if (names.length > shown.length) this.notices.push({ level: 'note', message: `skipped ${names.length - shown.length} more files whose names are not valid UTF-8` });
  }

  /**
   * The workspace of the next run of a long-lived session (`docwarden lsp`): the same files and git data, with
   * `overlay` in place of the files it names, and every text and fact read so far kept except those of `changed`,
   * which are read and parsed again (without the facts cache), and findings reported only in `reportPaths` (empty:
   * everywhere). Notices of the kept facts are not repeated.
   */
  derive(overlay: ReadonlyMap<string, string>, changed: ReadonlySet<string>, reportPaths: string[]): Workspace {
    // No facts store: an unsaved buffer's facts are parsed here and never cached (a keystroke is not worth an entry).
    const next = new Workspace({ root: this.root, config: this.config, files: [...this.files], overlay, outsideFiles: [...this.outsideFiles], reportPaths });
    const kept = (key: string): boolean => !changed.has(key.slice(key.indexOf('\0') + 1));
    const pairs: [Map<string, unknown>, Map<string, unknown>][] = [
      [this.texts, next.texts],
      [this.docFacts, next.docFacts],
      [this.sourceFacts, next.sourceFacts],
      [this.envFacts, next.envFacts],
      [this.cliFacts, next.cliFacts],
      [this.structuredFacts, next.structuredFacts],
      [this.commandFacts, next.commandFacts],
      [this.lstats, next.lstats],
      [this.escapes, next.escapes],
      [this.lastCommitCache, next.lastCommitCache],
    ];
    for (const [from, into] of pairs) for (const [key, value] of from) if (kept(key)) into.set(key, value);
    next.gitKnown = this.gitKnown;
    next.tagList = this.tagList;
    next.headDate = this.headDate;
    next.remotes = this.remotes;
    return next;
  }

  /** Is the root inside a git work tree? Asked once, only when needed. */
  get isGit(): boolean {
    if (this.gitKnown === undefined) this.gitKnown = gitTopLevel(this.root) !== null;
    return this.gitKnown;
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
    // Indexed once: "did you mean" asks for every missing link, and a scan of all files each time showed in profiles.
    if (!this.entryIndex) {
      const index = new Map<string, Set<string>>();
      for (const f of this.files) {
        let end = f.length;
        for (let slash = f.lastIndexOf('/'); ; slash = f.lastIndexOf('/', slash - 1)) {
          const parent = slash < 0 ? '' : f.slice(0, slash);
          const names = index.get(parent) ?? new Set<string>();
          const had = names.size;
          names.add(f.slice(slash + 1, end));
          index.set(parent, names);
          if (slash < 0 || names.size === had) break; // the rest of the chain is indexed already
          end = slash;
        }
      }
      this.entryIndex = new Map([...index].map(([d, names]) => [d, [...names].sort()]));
    }
    return [...(this.entryIndex.get(dir.replace(/\/+$/, '')) ?? [])];
  }

  isIgnored(path: string): boolean {
    return this.ignored(path);
  }

  private gitIgnored: ((path: string) => boolean) | null = null;

  /**
   * Does a `.gitignore` in the tree ignore `path`, or everything in it: a file the build writes and nobody commits
   * (`docs/reference/cli.md` made before `mkdocs build`), or a folder the tests fill (lazygit's `test/_results/**`)?
   */
  isBuildOutput(path: string): boolean {
    if (!this.gitIgnored) {
      const gitignores = this.files.filter((f) => f === '.gitignore' || f.endsWith('/.gitignore'));
      this.gitIgnored = gitignores.length ? gitignoreMatcher(gitignores, (gi) => this.text(gi)?.text ?? '', true) : () => false;
    }
    // `dir/**` ignores what is in `dir`, not `dir` itself: a plain name stands for any of its contents.
    return this.gitIgnored(path) || this.gitIgnored(`${path.replace(/\/+$/, '')}/docwarden-any-file`);
  }

  /** Files matching globs (with `!` negation), ignored files left out. */
  match(globs: readonly string[]): string[] {
    const m = globMatcher(globs);
    return this.files.filter((f) => m(f) && !this.ignored(f));
  }

  /**
   * Files matching globs from the configuration; every positive glob that matches
   * no file becomes a warning notice naming `setting` (e.g. `pattern/todo: files`),
   * so a typo in a glob is seen instead of silently checking nothing.
   */
  matchConfigured(globs: readonly string[], setting: string): string[] {
    const files = this.match(globs);
    for (const glob of globs) {
      if (glob.startsWith('!')) continue;
      const one = globMatcher([glob]);
      if (!files.some((f) => one(f))) {
        this.notices.push({ level: 'warning', path: this.config.file ?? undefined, message: `${setting}: glob "${glob}" matches no file; check its spelling or remove it` });
      }
    }
    return files;
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
      // With no `docs` setting, Markdown and MDX files are the docs.
      const isDoc = globs ? globMatcher(globs) : (p: string) => MARKDOWN_EXTENSION.test(p) || MDX_EXTENSION.test(p);
      this.docList = this.files.filter((f) => isDoc(f) && !this.ignored(f) && !this.isSymlink(f));
      if (globs) this.matchConfigured(globs, 'docs');
      this.docSet = new Set(this.docList);
    }
    return this.docList;
  }

  /**
   * The Markdown files a documentation site serves as pages: the docs, and symbolic links among the same files whose
   * target is inside the root (starship's `docs/guide/README.md` → `README.md`: a page of the site, though checked once,
   * as its target).
   */
  sitePages(): string[] {
    if (!this.pageList) {
      const globs = this.config.docs;
      const isDoc = globs ? globMatcher(globs) : (p: string) => MARKDOWN_EXTENSION.test(p) || MDX_EXTENSION.test(p);
      const docs = new Set(this.docs());
      this.pageList = this.files.filter((f) => docs.has(f) || (isDoc(f) && !this.ignored(f) && this.isSymlink(f) && this.symlinkOutside(f) === null));
    }
    return this.pageList;
  }

  /** The doc a site page is: `path` itself, or for a symbolic link among the pages the doc it points to inside the root. */
  pageDoc(path: string): string {
    if (!this.isSymlink(path)) return path;
    const real = safeRealpath(join(this.root, path));
    if (real === null || !isInside(this.rootReal, real)) return path;
    const rel = relative(this.rootReal, real).split(sep).join('/');
    return this.isDoc(rel) ? rel : path;
  }

  isDoc(path: string): boolean {
    this.docs();
    return this.docSet!.has(path);
  }

  isSymlink(path: string): boolean {
    return this.lstatOf(path) === 'symlink';
  }

  /** What the lstat of a path in the work tree says (see `lstats`), asked once per run. */
  private lstatOf(path: string): FileStamp | 'symlink' | 'other' | null {
    let kind = this.lstats.get(path);
    if (kind === undefined) {
      try {
        // A listed path is already normal (git's, the walk's, or checked by the caller): no join, whose normalising showed in profiles.
        const st = lstatSync(joinListed(this.root, path), { throwIfNoEntry: false });
        kind = !st ? null : st.isSymbolicLink() ? 'symlink' : st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev } : 'other';
      } catch {
        kind = null;
      }
      this.lstats.set(path, kind);
    }
    return kind;
  }

  /**
   * The stamp of a doc this run reads from the work tree as a plain regular file within max-file-size, or null
   * (a symbolic link, an editor's buffer, a staged blob, a file outside the tree): only those may skip the read.
   * Under `--staged`, a path whose index content is neither staged nor edited since is read from the work tree too.
   */
  private stampOf(path: string): FileStamp | null {
    if (this.index?.blobs.has(path) || this.overlay?.has(path) || !this.fileSet.has(path)) return null;
    const st = this.lstatOf(path);
    return st !== null && typeof st === 'object' && st.size <= this.config.maxFileSize ? st : null;
  }

  /** Has the text of `path` been read (a doc whose facts came from the cache may count as read without it)? */
  isTextLoaded(path: string): boolean {
    return this.texts.has(path);
  }

  /**
   * The first part of `path` (a folder on its way, or the path itself) that is
   * a symbolic link whose target is outside the root, or null. The link is
   * resolved, never read through: GitHub shows the link, not its target.
   */
  symlinkOutside(path: string): string | null {
    // Every prefix ending at a slash, then the path itself (asked for every doc of every run: no arrays made).
    for (let end = path.indexOf('/'); ; end = path.indexOf('/', end + 1)) {
      const prefix = end < 0 ? path : path.slice(0, end);
      if (this.linksOutside(prefix)) return prefix;
      if (end < 0) return null;
    }
  }

  /** Is `prefix` a listed symbolic link whose target is outside the root (resolved once per run)? */
  private linksOutside(prefix: string): boolean {
    // A symbolic link is listed as a file (git and the walk never enter it): only those need a look.
    if (!this.isFile(prefix) || !this.isSymlink(prefix)) return false;
    let outside = this.escapes.get(prefix);
    if (outside === undefined) {
      const real = safeRealpath(join(this.root, prefix));
      outside = real !== null && !isInside(this.rootReal, real);
      this.escapes.set(prefix, outside);
    }
    return outside;
  }

  /** Should a finding in `path` be reported (the command line's paths narrow the report)? */
  isReported(path: string): boolean {
    if (this.reportPrefixes.length === 0) return true;
    return this.reportPrefixes.some((p) => p === '' || p === '.' || path === p || path.startsWith(`${p}/`));
  }

  /** The change set the report is narrowed to (`--changed`, `--staged`), or null when every finding is reported. */
  changes(): readonly string[] | null {
    return this.changeSet;
  }

  /** The command line's paths under which this run read no file, each with the reason, for a notice. */
  unreadReportPaths(): { path: string; why: string }[] {
    const loaded = this.loadedFiles();
    const out: { path: string; why: string }[] = [];
    for (const p of this.reportPrefixes) {
      if (p === '' || p === '.') continue;
      const under = (f: string) => f === p || f.startsWith(`${p}/`);
      if (loaded.some(under)) continue;
      const known = this.files.filter(under);
      const single = known.length === 1 && known[0] === p;
      const why =
        known.length === 0
          ? this.index
            ? 'the git index holds no file there (untracked files are not committed)'
            : 'every file there is .gitignored'
          : known.every((f) => this.ignored(f))
            ? `\`ignore\` in the configuration leaves ${single ? 'it' : 'every file there'} out`
            : single
              ? 'it is not a doc (see `docs`) and no active rule reads it'
              : `none of its ${known.length} files is a doc (see \`docs\`) or read by an active rule`;
      out.push({ path: p, why });
    }
    return out;
  }

  /** Was `path` itself named on the command line (not just a folder above it)? Fixes that need a person's word, such as a review date, apply only there. */
  isNamed(path: string): boolean {
    return this.reportPrefixes.includes(path);
  }

  /** The decoded text of a known file, or undefined (with a notice) when it cannot be used. */
  text(path: string): FileText | undefined {
    if (this.texts.has(path)) return this.texts.get(path) ?? undefined;
    let result: FileText | null = null;
    // The configuration file is known wherever it lives: findings about its entries point into it (--config outside the root).
    if (!this.fileSet.has(path) && !this.outsideFiles.has(path)) {
      this.texts.set(path, null);
      return undefined;
    }
    const problem = (message: string) => this.notices.push({ level: 'note', path, message: `skipped ${path}: ${message}` });
    const read: PrereadText = this.factsStore?.takePreread(path) ?? this.readFile(path);
    if (typeof read === 'string') problem(read);
    else result = new LoadedText(read.text, read.bom, read.lines);
    this.texts.set(path, result);
    return result ?? undefined;
  }

  /** Facts of a Markdown doc (parsed once), or undefined when it is not readable. */
  doc(path: string): DocFacts | undefined {
    // One lookup, not two: rules ask for every doc of 200,000, several times each.
    const known = this.docFacts.get(path);
    if (known !== undefined) return known ?? undefined;
    if (this.docFacts.has(path)) return undefined;
    // Facts the store got ready (cache, workers) are of a document already found parseable, and need no text.
    const ready = this.fileSet.has(path) ? this.factsStore?.takePrepared(path) : undefined;
    if (ready && !this.texts.has(path)) this.factsWithoutText.add(path);
    const t = ready ? undefined : this.text(path);
    let facts: DocFacts | null = null;
    const skip = (message: string) => this.notices.push({ level: 'note', path, message: `skipped ${path}: ${message}` });
    if (ready) facts = ready;
    else if (t) {
      // The read-ahead already looked for hostile content in the documents it left to parse here.
      const hostile = this.factsStore?.checkedParseable(path) ? null : markdownSkipReason(t.lines);
      if (hostile) {
        // Its links are still checked: a line scanner finds them without the structure the parser would build.
        facts = scanDocFacts(path, t.lines);
        this.notices.push({ level: 'note', path, message: `read ${path} line by line, without its structure: ${hostile}; its headings and links are checked, its tables and lists are not` });
      } else {
        // Hostile content must not end the run: a parser failure skips this file only.
        try {
          facts = this.factsStore ? this.factsStore.markdown(path, t.text, t.lines) : extractDocFacts(path, t.text, t.lines);
        } catch (err) {
          skip(`the Markdown parser failed (${(err as Error)?.message ?? String(err)})`);
        }
      }
    }
    if (facts?.parseNote) this.notices.push({ level: 'note', path, message: facts.parseNote });
    this.docFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** Facts of a source or config file (comment ranges), or undefined when it is not readable. */
  source(path: string): SourceFacts | undefined {
    if (this.sourceFacts.has(path)) return this.sourceFacts.get(path) ?? undefined;
    const t = this.text(path);
    const facts = t ? (this.factsStore ? this.factsStore.source(path, t.text) : extractSourceFacts(path, t.text)) : null;
    this.sourceFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** Env facts of a source file from its syntax tree (parsed once per reader; the grammar must be loaded), or undefined when it is not readable. */
  envCode(path: string, reader: TreeReader, full = false): EnvCodeFacts | undefined {
    const key = `${reader}${full ? '-full' : ''}\0${path}`;
    if (this.envFacts.has(key)) return this.envFacts.get(key) ?? undefined;
    const t = this.text(path);
    const facts = t ? (this.factsStore ? this.factsStore.env(path, t.text, reader, full) : extractEnvCodeFacts(path, t.text, reader, full)) : null;
    this.envFacts.set(key, facts);
    return facts ?? undefined;
  }

  /** The flags and subcommands a source file defines, from its syntax tree (the grammar must be loaded), or undefined when it is not readable. */
  cliCode(path: string, language: CliLanguage): CliCodeFacts | undefined {
    if (this.cliFacts.has(path)) return this.cliFacts.get(path) ?? undefined;
    const t = this.text(path);
    const facts = t ? (this.factsStore ? this.factsStore.cli(path, t.text, language) : extractCliCodeFacts(path, t.text, language)) : null;
    this.cliFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** The data of a YAML, JSON or TOML file (parsed once per run, cached by content between runs), or undefined when it is not readable. */
  structured(path: string): StructuredFacts | undefined {
    if (this.structuredFacts.has(path)) return this.structuredFacts.get(path) ?? undefined;
    const t = this.text(path);
    const facts = t ? (this.factsStore ? this.factsStore.structured(path, t.text) : extractStructuredFacts(path, t.text)) : null;
    this.structuredFacts.set(path, facts);
    return facts ?? undefined;
  }

  /** The targets of a Makefile or the recipes of a justfile (read once per run), or undefined when it is not readable. */
  commandFile(path: string, kind: CommandFileFacts['kind']): CommandFileFacts | undefined {
    const key = `${kind}\0${path}`;
    if (this.commandFacts.has(key)) return this.commandFacts.get(key) ?? undefined;
    const t = this.text(path);
    const facts = t ? (kind === 'make' ? extractMakefileFacts(path, t.text) : extractJustfileFacts(path, t.text)) : null;
    this.commandFacts.set(key, facts);
    return facts ?? undefined;
  }

  /** The repository's tags, highest version first (git's version sort); empty outside git. Read once. */
  gitTags(): readonly string[] {
    if (this.tagList === null) this.tagList = this.isGit ? (gitTags(this.root) ?? []) : [];
    return this.tagList;
  }

  /**
   * Reads every doc and gets its facts ready before the rules run (cache, worker
   * threads). Texts stay unread as far as loadedFiles() is concerned until a rule asks.
   */
  async prefetchDocs(): Promise<void> {
    if (!this.factsStore) return;
    await this.factsStore.prefetch(
      this.docs().filter((p) => !this.texts.has(p)),
      (path) => this.readFile(path),
      (path) => this.stampOf(path),
    );
  }

  /** A file's text as this run sees it: from the index for a staged path (`--staged`), else from the work tree. */
  private readFile(path: string): PrereadText {
    const buffer = this.overlay?.get(path);
    if (buffer !== undefined && this.fileSet.has(path)) return decodeText(Buffer.from(buffer, 'utf8'));
    if (this.outsideFiles.has(path) && !this.fileSet.has(path)) {
      const abs = resolve(this.root, path);
      const dir = dirname(abs);
      return readTextFile(dir, safeRealpath(dir) ?? dir, basename(abs), this.config.maxFileSize);
    }
    const oid = this.index?.blobs.get(path);
    if (oid === undefined) return readTextFile(this.root, this.rootReal, path, this.config.maxFileSize);
    if (!this.indexBlobs) {
      const byOid = gitReadBlobs(this.root, [...this.index!.blobs.values()]);
      this.indexBlobs = new Map([...this.index!.blobs].flatMap(([p, o]) => (byOid.has(o) ? [[p, byOid.get(o)!] as const] : [])));
    }
    const bytes = this.indexBlobs.get(path);
    if (!bytes) return 'git could not read its staged content';
    if (bytes.length > this.config.maxFileSize) return `larger than ${this.config.maxFileSize} bytes (${bytes.length}); raise max-file-size to read it`;
    return decodeText(bytes);
  }

  /** Files whose text has been read so far (for suppression directives). */
  loadedFiles(): string[] {
    const read = [...this.texts.entries()].filter(([, t]) => t !== null).map(([p]) => p);
    for (const p of this.factsWithoutText) if (!this.texts.has(p)) read.push(p);
    return read.sort();
  }

  /** Facts loaded so far. */
  loadedDocFacts(path: string): DocFacts | undefined {
    return this.docFacts.get(path) ?? undefined;
  }

  /** HEAD's commit date, or null outside git. */
  gitHeadDate(): Date | null {
    if (this.headDate === undefined) this.headDate = this.isGit ? gitHeadDate(this.root) : null;
    return this.headDate;
  }

  /** `https://github.com/OWNER/REPO` for the git remotes. */
  /** The branches and tags this clone knows (see gitRefNames), read once. */
  gitRefs(): string[] {
    if (this.refs === undefined) this.refs = this.isGit ? gitRefNames(this.root) : [];
    return this.refs;
  }

  private refs: string[] | undefined;

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

/** A relative POSIX path with no empty, `.` or `..` part. */
const NORMAL_PATH = /^(?:(?!\.\.?\/)[^/]+\/)*(?!\.\.?$)[^/]+$/;

/** `join(root, path)`, without join's normalising for a normal path under a root that is not `/` (POSIX only). */
function joinListed(root: string, path: string): string {
  return sep === '/' && root.length > 1 && !root.endsWith('/') && NORMAL_PATH.test(path) ? `${root}/${path}` : join(root, path);
}

/** Is some part of `path` a `.git` folder (git's own files are never the repository's)? */
function isInGitFolder(path: string): boolean {
  return path === '.git' || path.startsWith('.git/') || path.includes('/.git/') || path.endsWith('/.git');
}

/**
 * The paths sorted (by UTF-16 code units, as `sort()` does) without repeats. git lists them sorted by bytes, which is
 * the same order for nearly every tree: checking that is one pass, where sorting 200,000 paths again showed in profiles.
 */
function sortedUnique(paths: readonly string[]): string[] {
  for (let i = 1; i < paths.length; i++) if (!(paths[i - 1] < paths[i])) return [...new Set(paths)].sort();
  return [...paths];
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** Lists files outside git, honouring every `.gitignore` found. */
function globFiles(root: string): FileListing {
  const { files: all, undecodable } = walkFiles(root);
  const gitignores = all.filter((f) => f === '.gitignore' || f.endsWith('/.gitignore'));
  if (gitignores.length === 0) return { files: all, undecodable };
  const ignored = gitignoreMatcher(gitignores, (gi) => {
    const r = readTextFile(root, root, gi, 1024 * 1024);
    return typeof r === 'string' ? '' : r.text;
  });
  const kept = (f: string) => !ignored(f);
  return { files: all.filter(kept), undecodable: undecodable.filter(kept) };
}

/**
 * Does one of the `.gitignore` files (repository paths, each read by `read`) ignore a path? Each applies below its
 * own folder. With `folders`, a path that may name a folder (a missing one a doc names) also matches folder patterns (`build/`).
 */
export function gitignoreMatcher(gitignores: readonly string[], read: (path: string) => string, folders = false): (path: string) => boolean {
  const matchers = gitignores.map((gi) => ({ dir: gi.slice(0, -'.gitignore'.length), ig: ignoreFactory().add(read(gi)) }));
  return (f) =>
    matchers.some(({ dir, ig }) => {
      if (!f.startsWith(dir) || f.length <= dir.length) return false;
      const rel = f.slice(dir.length).replace(/\/+$/, '');
      try {
        // A folder pattern (`build/`) matches the folder's own path only in its folder form.
        return ig.ignores(rel) || (folders && ig.ignores(`${rel}/`));
      } catch {
        // `ignore` refuses paths it does not take for relative ones (`../x`): such a path is no build output.
        return false;
      }
    });
}

/**
 * Every file and symbolic link below `root` (POSIX paths), without `.git` and
 * `node_modules`. Symbolic links to folders are listed, never entered (no loops,
 * no escape). A plain walk because glob `**` skips names that contain a newline.
 * Names are read as bytes: a name that is not UTF-8 (a folder's: with all below it) is listed apart.
 */
function walkFiles(root: string): FileListing {
  const out: string[] = [];
  const undecodable: string[] = [];
  const pending = [''];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true, encoding: 'buffer' });
    } catch {
      continue; // unreadable or vanished folder: its files are simply unknown
    }
    for (const e of entries) {
      const name = decodeName(e.name);
      const path = dir ? `${dir}/${name ?? nameShown(e.name)}` : (name ?? nameShown(e.name));
      const listed = e.isFile() || e.isSymbolicLink();
      if (name === null && (listed || e.isDirectory())) undecodable.push(e.isDirectory() ? `${path}/` : path);
      else if (e.isDirectory()) {
        if (e.name.toString() !== '.git' && e.name.toString() !== 'node_modules') pending.push(path);
      } else if (listed) out.push(path);
    }
  }
  return { files: out, undecodable: undecodable.sort() };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a repository file as UTF-8 text, or returns why it cannot be used.
 * Symlinks are followed only when they resolve inside the root.
 */
export function readTextFile(root: string, rootReal: string, path: string, maxSize: number): { text: string; bom: boolean } | string {
  const abs = joinListed(root, path);
  // Most files are what they seem: opened without following a symbolic link, fstat alone tells (one lstat fewer for each of 200,000
  // docs). Anything else (a link, a file gone, a socket) takes the way below, which says what it is.
  const fd = openPlainFile(abs);
  return fd === null ? readTextFileChecked(abs, rootReal, maxSize) : readOpenedText(fd, maxSize);
}

/** `abs` opened for reading when it is not a symbolic link and opens without blocking, else null (also where O_NOFOLLOW is unknown). */
function openPlainFile(abs: string): number | null {
  if (fsConstants.O_NOFOLLOW === undefined) return null;
  try {
    return openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
  } catch {
    return null;
  }
}

/** readTextFile's way for what is not a plain file: a symbolic link is followed only when it resolves inside the root. */
function readTextFileChecked(abs: string, rootReal: string, maxSize: number): { text: string; bom: boolean } | string {
  let fd: number;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      const real = safeRealpath(abs);
      if (!real) return 'a symbolic link to nothing';
      const rel = relative(rootReal, real);
      if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(rootReal, rel) !== real) return 'a symbolic link that points outside the repository';
    } else if (!st.isFile()) return 'not a regular file';
    // O_NONBLOCK: a FIFO (or one swapped in after the check) must not block the run; fstat below refuses it.
    fd = openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'the file disappeared while docwarden ran' : code === 'EACCES' ? 'permission denied' : `unreadable (${code ?? (err as Error).message})`;
  }
  return readOpenedText(fd, maxSize);
}

/** The text of an opened file (closed here), or why it cannot be used. */
function readOpenedText(fd: number, maxSize: number): { text: string; bom: boolean } | string {
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
    return decodeText(buf.subarray(0, off));
  } catch (err) {
    return `unreadable (${(err as Error).message})`;
  } finally {
    closeSync(fd);
  }
}

/** A file's bytes as UTF-8 text without its BOM, or why they are not text docwarden reads. */
export function decodeText(bytes: Uint8Array): { text: string; bom: boolean } | string {
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
}
