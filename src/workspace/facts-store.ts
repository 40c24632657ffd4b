import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { readRegularFile } from './safe-read.js';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { LineIndex } from '../facts/lines.js';
import { deserializeFacts, serializeFacts, unpackFactsInPlace } from '../facts/pack.js';
import { markdownSkipReason } from '../facts/markdown.js';
import { extractDocFacts, markdownExtractorName } from '../facts/markdown-extract.js';
import { commentFamilyOf, extractSourceFacts } from '../facts/source.js';
import { OPTIONAL_FACTS, type DocFacts, type EnvCodeFacts, type OptionalFact, type SourceFacts } from '../facts/types.js';
import { extractEnvCodeFacts, type TreeReader } from '../facts/env-trees.js';
import { extractCliCodeFacts, mayDefineCli, type CliCodeFacts, type CliLanguage } from '../facts/cli/index.js';
import { extractStructuredFacts, structuredFormatOf, type StructuredFacts } from '../facts/structured.js';
import { TOOL_VERSION } from '../version.js';
import { extractInWorkers } from './parallel.js';
import { tempPathBeside, writeAll, writeFileAtomic } from './write.js';

/** Bumped whenever the shape of DocFacts or SourceFacts changes, so old entries are never read as new ones. */
const FACTS_FORMAT = 10;

/**
 * The cache is one pack file per version and configuration — a line per entry,
 * read in one go and parsed entry by entry on demand — plus loose entry files
 * for the few entries runs add between packs. Reading thousands of small
 * files and writing them atomically was most of a warm run and a tenth of a cold one.
 */
const PACK_HEADER = `docwarden-facts-pack ${FACTS_FORMAT}`;
/** Up to this many new entries a run writes as loose files beside the pack; more and it writes a new pack. */
const LOOSE_LIMIT = 64;
const NEWLINE = Buffer.from('\n');
/** The first line of a stamp manifest; each other line is `<key> <stamp>\t<path>`. */
const STAMPS_HEADER = `docwarden-facts-stamps ${FACTS_FORMAT}`;
/**
 * The largest pack read: 200,000 small docs make a pack of about 120 MB, past the 64 MB every other file docwarden
 * reads for itself may have, and a warm run that refused its pack silently parsed everything again.
 */
const MAX_PACK_BYTES = 1024 * 1024 * 1024;

interface Pack {
  buf: Buffer;
  /** Byte span of each entry's line, by key. */
  index: Map<string, [number, number]>;
}

/** A cache entry's line: the key is 64 hex digits, so no escaping is needed around the packed facts. */
function entryLine(key: string, packedFacts: string): string {
  return `{"key":"${key}","facts":${packedFacts}}`;
}
/** Where the packed facts start in an entry line (they end one character before the line does). */
const ENTRY_FACTS_OFFSET = entryLine('0'.repeat(64), '').length - 1;

const FACTS_FIELD = Buffer.from(entryLine('', '').slice(0, -1).slice('{"key":"'.length));

/** The packed facts of a pack line (its key already read from it), or throws when the line is not an entry line around them. */
function packedFactsOf(buf: Buffer, [start, end]: [number, number]): string {
  const from = start + ENTRY_FACTS_OFFSET;
  if (end <= from || buf[end - 1] !== 0x7d /* } */ || buf.compare(FACTS_FIELD, 0, FACTS_FIELD.length, from - FACTS_FIELD.length, from) !== 0) throw new Error('not an entry line');
  return buf.toString('utf8', from, end - 1);
}

/** A file read ahead of the rules: its text, or why it cannot be used (the Workspace turns that into a notice). */
export type PrereadText = { text: string; bom: boolean; lines?: LineIndex } | string;

/**
 * What lstat says of a regular file in the work tree. Equal stamps are taken for equal content, as git's index and
 * ESLint's cache take them: every write changes the ctime, which no program can set back.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/**
 * A stamp younger than this (against the clock when the read ahead began) is not recorded: a write within the
 * file system's timestamp granularity after the read could leave the stamp as it was (git's "racy" entries).
 */
const RACY_WINDOW_MS = 2000;

/** A stamp as the manifest holds it: its fields in one string, compared whole. */
function stampText(s: FileStamp): string {
  return `${s.size} ${s.mtimeMs} ${s.ctimeMs} ${s.ino} ${s.dev}`;
}

export interface ParallelThreshold {
  /** Parse in workers only when at least this many files miss the cache… */
  files: number;
  /** …or at least this many bytes (UTF-16 code units) do. */
  bytes: number;
}

export interface FactsStoreOptions {
  /** Folder of the on-disk cache; null keeps facts in memory for this run only (`--no-cache`). */
  location: string | null;
  /** Everything besides a file's content and path that may shape its facts (see extractionKeyOf). */
  extractionKey: string;
  /** docwarden's version; a new version never reads an older version's entries. */
  toolVersion?: string;
  /** Worker threads for parsing Markdown: `auto` (one per available core) or a count; 1 parses in this thread. */
  workers?: number | 'auto';
  /** How much work justifies starting workers (their start-up costs about 0.2 s each). */
  parallelThreshold?: ParallelThreshold;
  /** Optional facts no active rule reads: left out of every extraction (see RuleModule.facts). */
  omit?: readonly OptionalFact[];
  /** Told as prefetch() reads docs and as workers parse them (the CLI's progress line, src/progress.ts). */
  onProgress?: (phase: 'reading' | 'parsing', done: number, total: number) => void;
  /** How old a file's stamp must be to be recorded in the stamp manifest (default RACY_WINDOW_MS; tests shorten it). */
  racyWindowMs?: number;
}

/** Counters for tests and the benchmark: what this run parsed and what came from the cache. */
export interface FactsStats {
  markdownParsed: number;
  sourceScanned: number;
  /** Source files parsed into syntax trees (env and CLI readers), and structured files (YAML, JSON, TOML) parsed. */
  sourceParsed: number;
  cacheHits: number;
  cacheWrites: number;
  cacheCorrupt: number;
  /** Files whose content another file of this run had, parsed once for both. */
  copies: number;
  /** Docs whose facts came from the cache on their stamp alone, without reading the file. */
  trustedStamps: number;
  workers: number;
}

export const DEFAULT_PARALLEL_THRESHOLD: ParallelThreshold = { files: 400, bytes: 4_000_000 };

/**
 * Worker threads for a run: the option, else DOCWARDEN_WORKERS (a count; `1` parses in the main thread, as
 * the benchmark does to compare), else one per available core.
 */
export function workerCountOf(option: number | 'auto' | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = /^\d+$/.test(env.DOCWARDEN_WORKERS ?? '') ? Number(env.DOCWARDEN_WORKERS) : undefined;
  const wanted = option === undefined ? (fromEnv ?? 'auto') : option;
  return wanted === 'auto' ? availableParallelism() : Math.max(1, Math.floor(wanted));
}

/** The cache folder docwarden uses when `--cache-location` is not given (the GitHub Action saves this folder). */
export function defaultCacheLocation(root: string, env: NodeJS.ProcessEnv = process.env): string {
  // Always outside the tree: a cache inside it (node_modules/.cache) could be committed by a pull request
  // (`git add -f`) and its crafted entries trusted, hiding findings.
  const home = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(home, 'docwarden', createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16));
}

/**
 * The configuration's share of the cache key. The whole configuration (not just
 * today's extraction options) goes in: an extractor that starts reading an option
 * can never serve stale facts, and configurations change far less often than docs.
 */
export function extractionKeyOf(config: ResolvedConfig): string {
  const { file: _file, now: _now, ...shaping } = config;
  return JSON.stringify(shaping);
}

/** What prefetch() leaves to parse: one miss per content, the other paths with each miss's content, and their size. */
interface PrefetchWork {
  misses: Array<{ path: string; text: string; key: string }>;
  /** Other files with the content of a miss, by key: they get the miss's facts under their own path. */
  copies: Map<string, string[]>;
  missBytes: number;
}

/** Facts deserialized from a worker's packed JSON, or null when it does not deserialize. */
function parsedOrNull(json: string): DocFacts | null {
  try {
    return deserializeFacts<DocFacts>(json);
  } catch {
    return null;
  }
}

/** Every kind of facts the store keeps. */
type StoredFacts = DocFacts | SourceFacts | EnvCodeFacts | CliCodeFacts | StructuredFacts;

/** The list every entry of its kind holds (what a damaged or foreign entry lacks). */
function listOf(facts: StoredFacts): unknown {
  return facts.kind === 'env' ? facts.reads : facts.kind === 'cli' ? facts.flags : facts.kind === 'structured' ? facts.roots : facts.comments;
}

interface CacheEntry {
  key: string;
  facts: StoredFacts;
}

/**
 * Per-file facts by content: memoized for the run and kept on disk between runs,
 * keyed by a hash of the content, the file's comment family (source files), the
 * docwarden version and the extraction key. Findings are never cached: every
 * rule runs on every run over these facts.
 */
export class FactsStore {
  readonly stats: FactsStats = { markdownParsed: 0, sourceScanned: 0, sourceParsed: 0, cacheHits: 0, cacheWrites: 0, cacheCorrupt: 0, copies: 0, trustedStamps: 0, workers: 0 };
  /** The cache folder (absolute), or null when caching is off. */
  readonly location: string | null;
  private readonly namespace: string;
  /** The hash of the namespace alone, copied for each key: the namespace holds the whole configuration (500 characters and more), hashed again for each of 200,000 docs. */
  private readonly namespaceHash: Hash;
  private readonly omit: OptionalFact[];
  private readonly workers: number;
  private readonly threshold: ParallelThreshold;
  private readonly onProgress: FactsStoreOptions['onProgress'];
  private readonly racyWindowMs: number;
  private readonly preread = new Map<string, PrereadText>();
  private readonly prepared = new Map<string, DocFacts>();
  /** Keys of prefetched files that missed the cache and are left for the Workspace to parse. */
  private readonly missedKeys = new Map<string, string>();
  private readonly written = new Set<string>();
  private readonly loaded = new Map<string, StoredFacts>();
  /** The pack read for this run: undefined until asked, null when there is none. */
  private pack: Pack | null | undefined;
  /** The pack has a line that is not an entry: the next flush rewrites it without. */
  private packDamaged = false;
  /** Keys this run read from the pack, and the loose entries it read (with their text, to fold into a new pack). */
  private readonly packHits = new Set<string>();
  private readonly looseHits = new Map<string, string>();
  /** New entries waiting for flush(), while they are few. */
  private readonly pending = new Map<string, string>();
  /** The new pack being written (a temporary file), once there are many new entries. */
  private newPack: { fd: number; tmp: string; bytes: number } | null = null;
  /** Keys whose facts this run parsed (not read from disk). */
  private readonly parsedKeys = new Set<string>();
  private locationUsable = true;
  /** The stamp manifest read for this run (path → `key stamp`): undefined until asked, empty when there is none. */
  private stampIndex: Map<string, string> | undefined;
  /** The manifest this run leaves: every doc read ahead with a stamp old enough to trust, and the key of its content. */
  private readonly stampsSeen = new Map<string, string>();
  /** This run recorded a stamp the manifest read does not have. */
  private stampsChanged = false;
  /** Why worker threads could not be used, if they could not (the run goes on in one thread). */
  workerFailure: string | null = null;

  constructor(options: FactsStoreOptions) {
    this.location = options.location;
    this.omit = OPTIONAL_FACTS.filter((f) => options.omit?.includes(f));
    // The extractor is part of the key: the two agree by test, but an entry of one is never served as the other's.
    this.namespace = `docwarden-facts\0${FACTS_FORMAT}\0${options.toolVersion ?? TOOL_VERSION}\0${options.extractionKey}\0${this.omit.join(',')}\0${markdownExtractorName()}\0`;
    this.namespaceHash = createHash('sha256').update(this.namespace);
    this.workers = workerCountOf(options.workers);
    this.threshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
    this.onProgress = options.onProgress;
    this.racyWindowMs = options.racyWindowMs ?? RACY_WINDOW_MS;
  }

  /** The text read by prefetch() for `path`, handed over once so the Workspace does not read it again. */
  takePreread(path: string): PrereadText | undefined {
    const r = this.preread.get(path);
    this.preread.delete(path);
    return r;
  }

  /** Facts prefetch() got ready for `path` (from the cache or a worker), handed over once. */
  takePrepared(path: string): DocFacts | undefined {
    const ready = this.prepared.get(path);
    this.prepared.delete(path);
    return ready;
  }

  /** Was `path` read ahead and found free of hostile content, its facts left to parse in this thread? */
  checkedParseable(path: string): boolean {
    return this.missedKeys.has(path);
  }

  /** Facts of a Markdown file: prefetched, cached on disk, or parsed now (and cached). */
  markdown(path: string, text: string, lines: LineIndex): DocFacts {
    const ready = this.takePrepared(path);
    if (ready) return ready;
    const missed = this.missedKeys.get(path);
    this.missedKeys.delete(path);
    const key = missed ?? this.keyOf('markdown', '', text);
    const cached = missed ? null : this.load(key, 'markdown', path);
    if (cached) return cached as DocFacts;
    this.stats.markdownParsed++;
    const facts = extractDocFacts(path, text, lines, { omit: this.omit });
    this.remember(key, facts);
    return facts;
  }

  /** Facts of a source or config file: cached on disk, or scanned now (and cached). */
  source(path: string, text: string): SourceFacts {
    const key = this.keyOf('source', commentFamilyOf(path, text), text);
    const cached = this.load(key, 'source', path);
    if (cached) return cached as SourceFacts;
    this.stats.sourceScanned++;
    const facts = extractSourceFacts(path, text);
    this.remember(key, facts);
    return facts;
  }

  /** Env facts of a source file read by a syntax-tree reader: cached on disk, or parsed now (the grammar must be loaded). */
  env(path: string, text: string, reader: TreeReader, full = false): EnvCodeFacts {
    // `:8` added lazily read Go files (`lazyCallees`); their parsed facts are kept apart. `:9`: flag bindings the help shows (`help`).
    // `:10`: viper's prefix, key replacer and one-argument BindEnv keys (`viper`). `:11`: merged with the shell reader's Nushell reads (pattern reads, not cached: the bump is only a clean break).
    const key = this.keyOf('env', `${reader}${full ? '-full' : ''}:11`, text);
    const cached = this.load(key, 'env', path);
    if (cached) return cached as EnvCodeFacts;
    this.stats.sourceParsed++;
    const facts = extractEnvCodeFacts(path, text, reader, full);
    // A parser failure is not cached: a later version (or a retry) may parse the file.
    if (!facts.error) this.remember(key, facts);
    return facts;
  }

  /** CLI facts (flags, subcommands) of a source file: cached on disk, or parsed now (the grammar must be loaded). */
  cli(path: string, text: string, language: CliLanguage): CliCodeFacts {
    // A file that cannot define a flag or command (the reader's own text test) has empty facts: nothing to hash, load or keep.
    if (!mayDefineCli(language, text)) return extractCliCodeFacts(path, text, language);
    // The shape of CLI facts is versioned here (`:2` added `dynamic`, `:5` clap Arg helpers, `:6` plugins, `:8` kingpin help that is no literal), so an older entry is never read as a newer one.
    const key = this.keyOf('cli', `${language}:8`, text);
    const cached = this.load(key, 'cli', path);
    if (cached) return cached as CliCodeFacts;
    this.stats.sourceParsed++;
    const facts = extractCliCodeFacts(path, text, language);
    if (!facts.error) this.remember(key, facts);
    return facts;
  }

  /** The data of a YAML, JSON or TOML file: cached on disk, or parsed now (and cached; a syntax error is a fact too). */
  structured(path: string, text: string): StructuredFacts {
    const format = structuredFormatOf(path) ?? 'yaml';
    // `:1` versions the shape of structured facts, as `cli` does.
    const key = this.keyOf('structured', `${format}:1`, text);
    const cached = this.load(key, 'structured', path);
    if (cached) return cached as StructuredFacts;
    this.stats.sourceParsed++;
    const facts = extractStructuredFacts(path, text, format);
    this.remember(key, facts);
    return facts;
  }

  /**
   * Reads the given Markdown files and gets their facts ready before the rules
   * ask: from the cache where the content is known, else parsed — in worker
   * threads when there is enough work for them to pay off.
   */
  async prefetch(paths: readonly string[], read: (path: string) => PrereadText, stampOf?: (path: string) => FileStamp | null): Promise<void> {
    // Each run starts afresh: files may have changed since the last one (--fix).
    this.preread.clear();
    this.prepared.clear();
    this.missedKeys.clear();
    this.stampsSeen.clear();
    this.stampsChanged = false;
    const work = this.readAhead(paths, read, stampOf);
    const { misses } = work;
    const parallel = this.workers > 1 && misses.length > 1 && (misses.length >= this.threshold.files || work.missBytes >= this.threshold.bytes);
    // Otherwise the Workspace parses the misses on demand, in this thread; a copy finds its twin's facts memoized.
    if (!parallel || !(await this.parseInWorkers(work))) for (const m of misses) this.missedKeys.set(m.path, m.key);
  }

  /**
   * Takes each file's facts from the cache: on its stamp alone when the manifest knows it unchanged, else by
   * reading and hashing it. Returns the misses left to parse (one per content) and their copies. Texts are kept
   * only for the misses: the Workspace reads a file again in the rare case a rule asks for the text of a doc
   * whose facts were ready.
   */
  private readAhead(paths: readonly string[], read: (path: string) => PrereadText, stampOf?: (path: string) => FileStamp | null): PrefetchWork {
    const work: PrefetchWork = { misses: [], copies: new Map(), missBytes: 0 };
    const trustedBefore = Date.now() - this.racyWindowMs;
    const known = stampOf && this.location ? this.readStamps() : null;
    for (const [i, path] of paths.entries()) {
      this.onProgress?.('reading', i + 1, paths.length);
      const stamp = stampOf?.(path) ?? null;
      if (stamp && known && this.fromStamp(path, stamp, known)) continue;
      const r = read(path);
      if (typeof r === 'string') {
        this.preread.set(path, r);
        continue;
      }
      const key = this.keyOf('markdown', '', r.text);
      // A path with a line break cannot be a manifest line; such a file is simply hashed every run.
      if (stamp && stamp.ctimeMs < trustedBefore && stamp.mtimeMs < trustedBefore && !/[\n\r]/.test(path)) {
        this.stampsSeen.set(path, `${key} ${stampText(stamp)}`);
        this.stampsChanged = true;
      }
      // An entry exists only for a document that parsed: no need to check it for hostile content again.
      const cached = this.load(key, 'markdown', path);
      if (cached) {
        this.prepared.set(path, cached as DocFacts);
        continue;
      }
      this.preread.set(path, r);
      if (work.copies.has(key)) work.copies.get(key)!.push(path);
      // Hostile documents are left to the Workspace, which skips them with a note.
      // (The line index is not kept: most docs' lines are never asked for, and 38,000 of them weigh tens of MB.)
      else if (markdownSkipReason(new LineIndex(r.text))) continue;
      else {
        // Copies of one content (a docs site's versioned docs) are parsed once.
        work.copies.set(key, []);
        work.misses.push({ path, text: r.text, key });
        work.missBytes += r.text.length;
      }
    }
    return work;
  }

  /** Makes `path`'s facts ready from the entry the manifest names for its stamp; false when the stamp or the entry does not match. */
  private fromStamp(path: string, stamp: FileStamp, known: ReadonlyMap<string, string>): boolean {
    const line = known.get(path);
    if (line === undefined || line.slice(65) !== stampText(stamp)) return false;
    const cached = this.load(line.slice(0, 64), 'markdown', path);
    if (!cached) return false;
    this.prepared.set(path, cached as DocFacts);
    this.stampsSeen.set(path, line);
    this.stats.trustedStamps++;
    return true;
  }

  private get stampsPath(): string {
    return this.packPath.replace(/\.pack$/, '.stamps');
  }

  /**
   * The stamp manifest of this namespace, read once: path → `key stamp`. Absent, unreadable or damaged, it is empty
   * (every doc is read and hashed). It is no more trusted than the pack beside it: a line only names an entry, whose
   * key is checked when it is parsed.
   */
  private readStamps(): ReadonlyMap<string, string> {
    if (this.stampIndex) return this.stampIndex;
    this.stampIndex = new Map();
    let text: string;
    try {
      text = readRegularFile(this.stampsPath, { symlinks: false, maxSize: MAX_PACK_BYTES }).toString('utf8');
    } catch {
      return this.stampIndex;
    }
    const lines = text.split('\n');
    if (lines[0] !== STAMPS_HEADER) return this.stampIndex;
    for (let i = 1; i < lines.length; i++) {
      const tab = lines[i].indexOf('\t');
      if (tab > 65 && /^[0-9a-f]{64} /.test(lines[i])) this.stampIndex.set(lines[i].slice(tab + 1), lines[i].slice(0, tab));
    }
    return this.stampIndex;
  }

  /** Writes this run's manifest when it differs from the one read (atomically; a lost manifest only costs reading the docs again). */
  private writeStamps(): void {
    if (!this.location || !this.locationUsable || this.stampsSeen.size === 0) return;
    // Without a new stamp, the manifest changes only when docs left (every stamp kept is the manifest's own line).
    if (!this.stampsChanged && this.readStamps().size === this.stampsSeen.size) return;
    const lines = [STAMPS_HEADER];
    for (const [path, line] of this.stampsSeen) lines.push(`${line}\t${path}`);
    try {
      mkdirSync(this.location, { recursive: true });
      writeFileAtomic(this.stampsPath, `${lines.join('\n')}\n`, { durable: false });
      this.stampIndex = new Map(this.stampsSeen);
    } catch {
      // The next run reads and hashes the docs, as without a manifest.
    }
  }

  /**
   * Parses the misses in worker threads and makes their facts ready; false when the workers could not
   * start (the misses are then parsed in this thread).
   */
  private async parseInWorkers(work: PrefetchWork): Promise<boolean> {
    const { misses } = work;
    const count = Math.min(this.workers, misses.length);
    // Facts arriving from the workers go straight into the new pack (they are cache entries already) and
    // are read back once the workers are gone: the main thread holds neither objects nor JSON meanwhile.
    const streamed = this.startNewPack();
    const spans: Array<[number, number] | null> = [];
    let parsed = 0;
    const keep = (i: number, json: string | null): string | null => {
      this.onProgress?.('parsing', ++parsed, misses.length);
      if (!streamed || json === null || this.written.has(misses[i].key)) return json;
      const span = this.appendToNewPack(entryLine(misses[i].key, json));
      if (!span) return json;
      this.written.add(misses[i].key);
      spans[i] = span;
      return null;
    };
    let packed: Array<string | null>;
    try {
      packed = await extractInWorkers(misses, count, { omit: this.omit }, keep);
    } catch (err) {
      // Workers are an optimisation: when they cannot start, parse here.
      this.workerFailure = (err as Error).message;
      return false;
    }
    this.stats.workers = count;
    this.takeWorkerFacts(work, packed, spans);
    return true;
  }

  /**
   * Unpacks what the workers sent (packed JSON, or a span of the new pack) only now that they are gone, so
   * the facts of a large tree and the workers' heaps are never in memory at once; a file the worker could
   * not parse is left to parse again here, where the failure becomes a note.
   */
  private takeWorkerFacts(work: PrefetchWork, packed: Array<string | null>, spans: Array<[number, number] | null>): void {
    const { misses, copies } = work;
    const written = spans.length ? this.newPackReader() : null;
    for (let i = 0; i < misses.length; i++) {
      const span = spans[i];
      const json = span && written ? written.read(span[0] + ENTRY_FACTS_OFFSET, span[1] - 1) : packed[i];
      packed[i] = null;
      const f = json === null ? null : parsedOrNull(json);
      if (!f || json === null) {
        this.missedKeys.set(misses[i].path, misses[i].key);
        continue;
      }
      this.stats.markdownParsed++;
      this.prepared.set(misses[i].path, f);
      // Its facts are ready: the text is no longer needed (a rule that asks for it has the file read again).
      this.preread.delete(misses[i].path);
      this.remember(misses[i].key, f, json);
      for (const copy of copies.get(misses[i].key) ?? []) {
        this.stats.copies++;
        this.prepared.set(copy, { ...f, path: copy });
        this.preread.delete(copy);
      }
    }
    written?.close();
  }

  /** A reader of entry spans in the new pack written so far (each span's text, or null), or null when there is none or it cannot be opened. */
  private newPackReader(): { read(start: number, end: number): string | null; close(): void } | null {
    if (!this.newPack) return null;
    let fd: number;
    try {
      fd = openSync(this.newPack.tmp, 'r');
    } catch {
      return null;
    }
    // One entry at a time through one buffer: the whole pack (120 MB for 200,000 docs) beside their facts was most of the cold peak.
    let buf = Buffer.alloc(64 * 1024);
    return {
      read(start: number, end: number): string | null {
        if (end - start > buf.length) buf = Buffer.alloc(end - start);
        try {
          const n = readSync(fd, buf, 0, end - start, start);
          return n === end - start ? buf.toString('utf8', 0, n) : null;
        } catch {
          return null;
        }
      },
      close: () => closeSync(fd),
    };
  }

  private keyOf(kind: StoredFacts['kind'], shaping: string, text: string): string {
    return this.namespaceHash.copy().update(`${kind}\0${shaping}\0`).update(text).digest('hex');
  }

  private entryPath(key: string): string {
    return join(this.location!, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  private get packPath(): string {
    return join(this.location!, `facts-${createHash('sha256').update(this.namespace).digest('hex').slice(0, 16)}.pack`);
  }

  /** The pack of this namespace (version and configuration), read and indexed on first use; null when absent or unusable. */
  private readPack(): Pack | null {
    if (this.pack !== undefined) return this.pack;
    this.pack = null;
    let buf: Buffer;
    try {
      // Never through a symbolic link, never a device or FIFO (a pack linked to /dev/zero would read without end).
      buf = readRegularFile(this.packPath, { symlinks: false, maxSize: MAX_PACK_BYTES });
    } catch {
      return null;
    }
    const header = buf.indexOf(10);
    if (header < 0 || buf.toString('utf8', 0, header) !== PACK_HEADER) {
      this.packDamaged = true;
      return null;
    }
    const index = new Map<string, [number, number]>();
    for (let start = header + 1; start < buf.length;) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      // Each line is an entry `{"key":"<64 hex digits>",…}`; the key is checked again when the entry is parsed.
      if (end - start > 74 && buf.toString('latin1', start, start + 8) === '{"key":"') index.set(buf.toString('latin1', start + 8, start + 72), [start, end]);
      else if (end > start) this.packDamaged = true;
      start = end + 1;
    }
    this.pack = { buf, index };
    return this.pack;
  }

  /** A cached entry, or null when absent, unreadable, truncated or not what the key promises (then it is rewritten). */
  private load(key: string, kind: StoredFacts['kind'], path: string): StoredFacts | null {
    // Copies of one file (versioned docs) share an entry: read and unpack (or parse) it once per run.
    const seen = this.loaded.get(key);
    if (seen) {
      if (this.parsedKeys.has(key)) this.stats.copies++;
      else this.stats.cacheHits++;
      return seen.path === path ? seen : { ...seen, path };
    }
    if (!this.location) return null;
    const pack = this.readPack();
    const span = pack?.index.get(key);
    let raw = '';
    let fromPack = false;
    if (!pack || !span) {
      try {
        raw = readRegularFile(this.entryPath(key), { symlinks: false }).toString('utf8');
      } catch {
        return null;
      }
    } else fromPack = true;
    try {
      // A pack line's key is the one it is indexed by: only its facts are parsed (200,000 keys parsed and compared again showed in a warm run).
      const entry = fromPack ? { key, facts: JSON.parse(packedFactsOf(pack!.buf, span!)) as StoredFacts } : (JSON.parse(raw) as CacheEntry);
      if (entry?.key !== key || entry.facts?.kind !== kind || !Array.isArray(listOf(entry.facts))) throw new Error('not an entry for this key');
      // Structured facts hold offsets, not ranges: nothing to unpack in their (large) trees.
      if (entry.facts.kind !== 'structured') unpackFactsInPlace(entry.facts);
      const facts = entry.facts;
      this.loaded.set(key, facts);
      if (fromPack) this.packHits.add(key);
      else this.looseHits.set(key, raw);
      this.stats.cacheHits++;
      // Content-keyed: a copy of the file elsewhere shares the entry, so the path is the asker's (facts are never
      // changed once made, so the entry's own path needs no copy: 200,000 of them showed in a warm run's memory).
      return facts.path === path ? facts : { ...facts, path };
    } catch {
      this.stats.cacheCorrupt++;
      // A damaged pack line is dropped by rewriting the pack; a damaged loose file is overwritten.
      if (fromPack) this.packDamaged = true;
      return null;
    }
  }

  /** Facts parsed in this run: served to copies of the file, and written to the cache. */
  private remember(key: string, facts: StoredFacts, packed?: string): void {
    this.loaded.set(key, facts);
    this.parsedKeys.add(key);
    this.save(key, facts, packed);
  }

  /**
   * Queues a new entry. Up to LOOSE_LIMIT wait in memory for flush(); past that
   * the run is writing a new pack anyway, and entries stream into it as they come.
   */
  private save(key: string, facts: StoredFacts, packed?: string): void {
    if (!this.location || !this.locationUsable || this.written.has(key)) return;
    this.written.add(key);
    const line = entryLine(key, packed ?? (facts.kind === 'structured' ? JSON.stringify(facts) : serializeFacts(facts)));
    if (this.newPack) {
      this.appendToNewPack(line);
      return;
    }
    this.pending.set(key, line);
    if (this.pending.size > LOOSE_LIMIT) this.startNewPack();
  }

  /** Opens the temporary file of a new pack and moves the pending entries into it; false when the folder cannot be written. */
  private startNewPack(): boolean {
    if (this.newPack) return true;
    if (!this.location || !this.locationUsable) return false;
    try {
      mkdirSync(this.location, { recursive: true });
      const tmp = tempPathBeside(this.packPath);
      const header = Buffer.from(`${PACK_HEADER}\n`);
      this.newPack = { fd: openSync(tmp, 'wx', 0o644), tmp, bytes: 0 };
      writeAll(this.newPack.fd, header);
      this.newPack.bytes = header.length;
    } catch {
      this.abandonNewPack();
      return false;
    }
    for (const l of this.pending.values()) this.appendToNewPack(l);
    this.pending.clear();
    return true;
  }

  /**
   * Appends one entry line to the pack being written; `fresh` when the entry is
   * new in this run. Returns the line's byte span in the file, or null.
   */
  private appendToNewPack(line: string | Uint8Array, fresh = true): [number, number] | null {
    if (!this.newPack) return null;
    try {
      const { fd, bytes } = this.newPack;
      const data = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
      writeAll(fd, data);
      writeAll(fd, NEWLINE);
      this.newPack.bytes += data.length + 1;
      if (fresh) this.stats.cacheWrites++;
      return [bytes, bytes + data.length];
    } catch {
      this.abandonNewPack();
      return null;
    }
  }

  /** A cache folder that cannot be written costs speed, never results: stop trying for this run. */
  private abandonNewPack(): void {
    if (this.newPack) {
      try {
        closeSync(this.newPack.fd);
      } catch {
        // already closed
      }
      rmSync(this.newPack.tmp, { force: true });
    }
    this.newPack = null;
    this.pending.clear();
    this.locationUsable = false;
  }

  /**
   * Writes what this run added to the cache. A few new entries (a developer's
   * edit) become loose files beside the pack; many, or a missing or damaged
   * pack, make a new pack: every entry this run used or made, plus the old
   * pack's unused entries while they are no more than the used ones (so files
   * that changed or left do not pile up). Written to a temporary file and
   * renamed, so a pack is whole or absent. Then the stamp manifest. Called at the end of every run.
   */
  flush(): void {
    this.flushEntries();
    this.writeStamps();
  }

  /** Writes the new entries: loose files beside the pack, or a new pack (see flush). */
  private flushEntries(): void {
    if (!this.location || !this.locationUsable) return;
    const pack = this.readPack();
    const looseCount = this.looseHits.size + this.pending.size;
    const repack = this.newPack !== null || pack === null || this.packDamaged || looseCount > LOOSE_LIMIT;
    if (!repack) {
      for (const [key, line] of this.pending) {
        try {
          mkdirSync(join(this.location, key.slice(0, 2)), { recursive: true });
          // A cache entry needs atomicity, not durability: a lost entry is re-parsed.
          writeFileAtomic(this.entryPath(key), line, { durable: false });
          this.stats.cacheWrites++;
        } catch {
          this.locationUsable = false;
          break;
        }
      }
      this.pending.clear();
      return;
    }
    if (!this.startNewPack()) return;
    for (const line of this.looseHits.values()) this.appendToNewPack(line, false);
    if (pack) {
      const unused = [...pack.index.keys()].filter((k) => !this.packHits.has(k) && !this.written.has(k) && !this.looseHits.has(k));
      const keepUnused = !this.packDamaged && unused.length <= this.packHits.size + this.written.size;
      for (const [key, [s, e]] of pack.index) {
        if (this.packHits.has(key) || (keepUnused && !this.written.has(key) && !this.looseHits.has(key))) this.appendToNewPack(pack.buf.subarray(s, e), false);
      }
    }
    if (!this.newPack) return;
    const { fd, tmp } = this.newPack;
    this.newPack = null;
    try {
      closeSync(fd);
      renameSync(tmp, this.packPath);
    } catch {
      rmSync(tmp, { force: true });
      this.locationUsable = false;
      return;
    }
    // The loose entries now live in the pack.
    for (const key of this.looseHits.keys()) rmSync(this.entryPath(key), { force: true });
    this.looseHits.clear();
    this.pack = undefined;
    this.packDamaged = false;
    this.packHits.clear();
  }
}
