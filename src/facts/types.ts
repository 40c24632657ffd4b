import type { Range } from '../types.js';

/** Facts are plain, serializable data: they can be cached on disk and sent between worker threads. */

export interface DocHeading {
  depth: number;
  /** Plain text of the heading as GitHub renders it (inline code and link text included, HTML left out). */
  text: string;
  /** GitHub's anchor slug, with `-1`, `-2` for duplicates. */
  slug: string;
  range: Range;
}

export interface DocAnchor {
  id: string;
  /** `html-heading`: the id GitHub gives a raw HTML `<h1>`…`<h6>` from its text (site generators give none). */
  source: 'heading' | 'html' | 'html-heading';
  range: Range;
}

export type DocLinkKind = 'link' | 'image' | 'definition' | 'html';

export interface DocLink {
  kind: DocLinkKind;
  /** The destination as written, Markdown escapes resolved. */
  url: string;
  range: Range;
  /** Index of the heading this link sits under (-1 before the first heading). */
  section: number;
  /** For definitions: the normalised identifier; for reference links: the definition they use. */
  identifier?: string;
  /** For HTML (and MDX JSX) links: the attribute the URL came from (`to` of a JSX `<Link>`). */
  attribute?: 'href' | 'src' | 'srcset' | 'to';
}

/** A use of a reference-style link or image (`[text][id]`, `[id][]`, `[id]`). */
export interface DocReference {
  kind: 'link' | 'image';
  identifier: string;
  label: string;
  referenceType: 'full' | 'collapsed' | 'shortcut';
  range: Range;
  section: number;
}

/** Text that looks like a full or collapsed reference (`[text][id]`) but has no definition. */
export interface DocUndefinedReference {
  label: string;
  identifier: string;
  range: Range;
  section: number;
}

export interface DocCodeSpan {
  value: string;
  range: Range;
  section: number;
  /**
   * In the first cell of a table's body row (an option table's `| `--port` | … |`): what cli-flags reads of tables, so that
   * it need not ask for the whole `tables` fact. Set only when the `firstCells` fact is asked for.
   */
  firstCell?: true;
}

export interface DocCodeBlock {
  lang: string | null;
  value: string;
  range: Range;
  section: number;
}

export interface DocCell {
  text: string;
  /** Values of the inline code spans in the cell. */
  code: string[];
  /** Destinations of the links in the cell. */
  links: string[];
  range: Range;
}

export interface DocTable {
  section: number;
  range: Range;
  header: DocCell[];
  rows: DocCell[][];
}

export interface DocListItem {
  section: number;
  /** Nesting depth, 1 for a top-level list. */
  depth: number;
  /** Text of the item's first paragraph. */
  text: string;
  /** First inline code span of the item's first paragraph, if any. */
  code?: string;
  /** First link destination of the item's first paragraph, if any. */
  link?: string;
  /** Text of that first link, if any. */
  linkText?: string;
  range: Range;
}

export interface DocFrontMatter {
  format: 'yaml' | 'toml';
  raw: string;
  range: Range;
  /** Parsed YAML data (TOML is kept raw); undefined when it does not parse. */
  data?: unknown;
  error?: string;
}

/** An HTML comment in Markdown or a comment in code: where suppression directives and annotations live. */
export interface CommentSpan {
  start: number;
  end: number;
}

/**
 * Facts only some rules read: a run whose active rules declare none of them
 * (see RuleModule.facts) parses without them, which saves memory and time on
 * large trees. Their arrays are then empty and `omitted` names them.
 */
export const OPTIONAL_FACTS = ['codeBlocks', 'firstCells', 'listItems', 'tables'] as const;
export type OptionalFact = (typeof OPTIONAL_FACTS)[number];

export interface DocFacts {
  kind: 'markdown';
  path: string;
  /** Optional facts left out of this extraction (absent: none). */
  omitted?: OptionalFact[];
  headings: DocHeading[];
  anchors: DocAnchor[];
  links: DocLink[];
  references: DocReference[];
  undefinedReferences: DocUndefinedReference[];
  codeSpans: DocCodeSpan[];
  codeBlocks: DocCodeBlock[];
  tables: DocTable[];
  listItems: DocListItem[];
  frontMatter: DocFrontMatter | null;
  /** HTML comments (offsets into the text). */
  comments: CommentSpan[];
  /** Terms of definition lists (`Term` then `: definition`, a Goldmark/PHP Markdown Extra extension), as plain text. */
  definitionTerms?: string[];
  /** Markdown files and local component modules the document imports (MDX `import X from './_partial.md'`), as written. */
  imports?: string[];
  /** Why the document was read in a fallback way (an `.mdx` file that is not valid MDX is read as Markdown). */
  parseNote?: string;
}

/**
 * A document's facts before anything is found: the one shape every extractor starts from (the key order
 * is part of the cache's bytes). `omit` names the optional facts left out, listed in `omitted`.
 */
export function emptyDocFacts(path: string, omit: ReadonlySet<OptionalFact> = new Set()): DocFacts {
  const facts: DocFacts = {
    kind: 'markdown',
    path,
    headings: [],
    anchors: [],
    links: [],
    references: [],
    undefinedReferences: [],
    codeSpans: [],
    codeBlocks: [],
    tables: [],
    listItems: [],
    frontMatter: null,
    comments: [],
  };
  if (omit.size) facts.omitted = OPTIONAL_FACTS.filter((f) => omit.has(f));
  return facts;
}

export interface SourceFacts {
  kind: 'source';
  path: string;
  /** Language family used for comments, e.g. `c`, `hash`, `html`, `none`. */
  language: string;
  comments: CommentSpan[];
}

/** A name an env reader found: code-unit offsets of the name (or of the literal that holds it) in the file's text. */
export interface EnvReadFact {
  /** The name read; a name ending in `_` is the constant prefix of names built at run time. */
  name: string;
  start: number;
  end: number;
  /** The program sets the variable (for itself or a child process) rather than reading it. */
  exported?: true;
  /** The command-line flag the name is bound to (clap `env = "X"` on `--x`, urfave/cli `EnvVars`): documenting the flag documents it. */
  flag?: string;
  /**
   * The program's generated `--help` shows the variable beside its flag (clap's `[env: X=]`, urfave/cli's `[$X]`,
   * kong's and go-arg's `($X)`), or hides it with a hidden flag on purpose: the help documents it (the env-docs
   * option `flag-help`).
   */
  help?: true;
}

/** A function whose parameter `param` (0-based) reaches an env reader: calling it with a literal reads that name. */
export interface EnvWrapperFact {
  fn: string;
  param: number;
  exported?: true;
}

/** A function that passes its parameter `param` on as argument `arg` of `callee`: a reader if `callee` is one. */
export interface EnvForwardFact {
  fn: string;
  param: number;
  callee: string;
  arg: number;
}

/** A call of a function that is not a known reader with a name-like literal as argument `arg`: a read if `callee` is a wrapper. */
export interface EnvCallFact extends EnvReadFact {
  callee: string;
  arg: number;
}

/** What a file's syntax tree says about environment variables (the `env-docs` rule joins these over the repository). */
/** A constant bound to a name-like literal, by the path other files name it with (`EnvVars::UV_X`, or `UV_X` outside a type). */
export interface EnvConstFact {
  name: string;
  value: string;
}

/**
 * A read (or, with `callee`, a possible wrapper call) whose name is a constant of another file, at the path's
 * offsets; `flag` when a command-line flag binds it (clap's `env = EnvVars::UV_X`).
 */
export interface EnvConstRefFact {
  ref: string;
  start: number;
  end: number;
  exported?: true;
  flag?: string;
  /** As EnvReadFact's: the program's `--help` shows the variable. */
  help?: true;
  callee?: string;
  arg?: number;
}

export interface EnvCodeFacts {
  kind: 'env';
  path: string;
  /** The reader that produced these facts. */
  reader: string;
  reads: EnvReadFact[];
  wrappers: EnvWrapperFact[];
  forwards: EnvForwardFact[];
  calls: EnvCallFact[];
  /** Name-like string literals (`"APP_X"`) the file spells out anywhere, read or not, sorted and distinct: a doc that names one is not naming nothing. */
  literals: string[];
  /** The file's default export is the environment object or one built from it (`export default withSecrets(process.env)`). */
  envDefault?: true;
  /** Member reads `local.NAME` of a default import from a relative module (`from`: its path without extension): reads when that module has `envDefault`. */
  importedReads?: Array<EnvReadFact & { from: string }>;
  /** Names an option's help text spells (`help="… [env var: PDM_NO_CACHE]"` on `--no-cache`), with its long flag: documented wherever the flag is. */
  helpFlags?: Array<{ name: string; flag: string }>;
  /** Constants holding a name (Rust `impl EnvVars { pub const UV_X: &str = "UV_X"; }` is `EnvVars::UV_X`), sorted: other files read through them. */
  constants?: EnvConstFact[];
  /** Names given as a path to a constant this file does not define (`std::env::var(EnvVars::UV_X)`): resolved when files are joined. */
  constRefs?: EnvConstRefFact[];
  /** Names the file sets in a child process's environment (Go `"X="+v`, `fmt.Sprintf("%s=%d", key, v)`), sorted: the program's reads of them take its own value. */
  childSets?: string[];
  /** Spans of items compiled only for tests (Rust `#[cfg(test)] mod tests`, `#[test] fn`), in document order: their reads are left out. */
  testSpans?: Array<[number, number]>;
  /** A Go file not parsed yet: the words it calls (`getEnv(`). Only a call of a wrapper can read there; the join parses it when it calls one. */
  lazyCallees?: string[];
  /**
   * spf13/viper in this file: `SetEnvPrefix` (null when two disagree), `SetEnvKeyReplacer(strings.NewReplacer(old, new, …))`'s
   * pairs, whether it calls `AutomaticEnv`, and the keys of one-argument `BindEnv("db.host")`, whose variable the join
   * names (`APP_DB_HOST`).
   */
  viper?: { prefix?: string | null; prefixAt?: [number, number]; automatic?: true; replacer?: string[]; keys: Array<{ key: string; start: number; end: number }> };
  /** Set when the file could not be parsed (the reads are then empty). */
  error?: string;
}
