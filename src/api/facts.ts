import type { LineIndex } from '../facts/lines.js';
import type { StructuredFacts } from '../facts/structured.js';
import type { DocFacts, EnvCodeFacts, SourceFacts } from '../facts/types.js';
import type { TreeReader } from '../facts/env-trees.js';
import type { CommandFileFacts } from '../facts/commands.js';
import type { CliCodeFacts, CliLanguage } from '../facts/cli/index.js';

/** A file's decoded text. `text` has no BOM; positions are relative to it. */
export interface FileText {
  text: string;
  lines: LineIndex;
  bom: boolean;
}

/**
 * What a rule may know about the repository: the file list, decoded texts and the facts extracted
 * once per file. Read-only; nothing here writes, runs git or depends on another rule's options.
 */
export interface RepositoryFacts {
  /** All known files, repository-relative POSIX paths, sorted. */
  readonly files: readonly string[];
  /** All known folders (without trailing slash; the root is `''`). */
  dirs(): string[];
  /** Is `path` a known file? Case-sensitive, like GitHub. */
  isFile(path: string): boolean;
  /** Is `path` a folder that contains known files? */
  isDir(path: string): boolean;
  /** Is `path` one of the docs (see `docs()`)? */
  isDoc(path: string): boolean;
  /** Does `ignore` in the configuration leave `path` out? */
  isIgnored(path: string): boolean;
  /** Does a `.gitignore` in the tree ignore `path`: a file the build writes and nobody commits? */
  isBuildOutput(path: string): boolean;
  /** Are findings located in `path` reported (the command line's paths, or an editor's open docs, narrow the report)? A rule may skip the work whose findings would sit only there. */
  isReported(path: string): boolean;
  /**
   * `--changed`/`--staged`: the changed files. Only findings located in one, or naming one as a related location
   * or in `dependsOn`, are reported, so a rule may skip a doc none of whose findings could. Null: every finding is.
   */
  changes(): readonly string[] | null;
  /** Was `path` itself named on the command line? Fixes that need a person's word apply only there. */
  isNamed(path: string): boolean;
  isSymlink(path: string): boolean;
  /** The first part of `path` that is a symbolic link to outside the root, or null. */
  symlinkOutside(path: string): string | null;
  /** Entries directly inside a folder (names only, sorted). */
  entriesOf(dir: string): string[];
  /** The Markdown files that are documentation. */
  docs(): string[];
  /** Files matching globs (`!` negates), ignored files left out. */
  match(globs: readonly string[]): string[];
  /** Folders matching globs (a glob may end with `/`). */
  matchDirs(globs: readonly string[]): string[];
  /** The decoded text of a known file, or undefined when it cannot be used. */
  text(path: string): FileText | undefined;
  /** Facts of a Markdown doc; reading an optional fact the rule did not declare throws. */
  doc(path: string): DocFacts | undefined;
  /** Facts of a source or config file (comment ranges). */
  source(path: string): SourceFacts | undefined;
  /** The data of a YAML, JSON or TOML file. */
  structured(path: string): StructuredFacts | undefined;
  /** Env facts of a source file from its syntax tree (the grammar must be loaded); `full` parses a file read lazily (`lazyCallees`). */
  envCode(path: string, reader: TreeReader, full?: boolean): EnvCodeFacts | undefined;
  /** The targets of a Makefile or the recipes of a justfile. */
  commandFile(path: string, kind: CommandFileFacts['kind']): CommandFileFacts | undefined;
  /** Programs' flags and subcommands of a source file, from its syntax tree (the grammar must be loaded). */
  cliCode(path: string, language: CliLanguage): CliCodeFacts | undefined;
}
