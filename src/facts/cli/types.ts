/**
 * Facts about the command-line interfaces a repository's programs define, read
 * from syntax trees: plain, serializable data like the env facts (cached by
 * content, joined over the repository by the `cli-flags` rule).
 */

/** A flag a parser library defines. Offsets are code units into the file's text (the name's literal). */
export interface CliFlagFact {
  /** The spelling help output shows first: `--listen-addr`, else the short form. */
  name: string;
  /** Every spelling the program accepts: long and short names, aliases, negations (`--no-x`), both dashes for Go's `flag`. */
  names: string[];
  /** The parser library that defines it: `go-flag`, `pflag`, `urfave`, `kingpin`, `argparse`, `click`, `typer`, `parseArgs`, `commander`, `yargs`, `oclif`, `clap`, `picocli`. */
  library: string;
  hidden?: true;
  deprecated?: true;
  /** Environment variables bound to the flag. */
  env?: string[];
  /** The subcommand it belongs to (its name as typed), where the library attaches flags to one; absent for the program's own flags, or when it cannot be told. */
  command?: string;
  /** The constructor function that builds `command` (cobra's `func newServeCmd() *cobra.Command`): the flag is that subcommand's only when some file of the program adds that function's result (`added`). */
  via?: string;
  start: number;
  end: number;
}

/** A subcommand a parser library defines (its name as typed on the command line). */
export interface CliCommandFact {
  name: string;
  aliases: string[];
  library: string;
  hidden?: true;
  deprecated?: true;
  start: number;
  end: number;
}

export interface CliCodeFacts {
  kind: 'cli';
  path: string;
  /** The grammar the file was read with. */
  language: string;
  flags: CliFlagFact[];
  commands: CliCommandFact[];
  /** The file defines flags whose names are not literals (`program.option(spec)` over a table): the program's flags are not all known. */
  dynamic?: true;
  /**
   * A command takes every word after its first positional argument as that argument's values (clap's
   * `trailing_var_arg`: `just recipe --flag` hands `--flag` to the recipe): flags there are not the program's.
   */
  trailingArgs?: true;
  /**
   * The program's default command takes positional arguments (cac's `.command('[...filters]')`, vite's `[root]`):
   * a first word no code defines is that argument (`vitest foobar` runs the tests matching it), not a subcommand.
   */
  defaultArgs?: true;
  /**
   * The file lets plugins add subcommands at run time (pluggy's `register_commands` hook, as llm has; click-plugins'
   * `@with_plugins`): a subcommand the code does not define may be a plugin's, and the words after it are the plugin's.
   */
  plugins?: true;
  /**
   * A subcommand's name is computed at run time (hatch's `@click.group(name=__management_command)`, set from an
   * environment variable): a subcommand the code does not define may be it, and the words after it are its.
   */
  unnamedCommands?: true;
  /** Functions whose results the file adds as subcommands (`root.AddCommand(newServeCmd())`). */
  added?: string[];
  /** Set when the file could not be parsed. */
  error?: string;
}

/** Languages whose parser libraries are read. */
export const CLI_LANGUAGES = ['go', 'python', 'node', 'rust', 'java'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];
