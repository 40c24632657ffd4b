import { parseTree, type TreeLanguage } from '../syntax.js';
import type { CliCollector } from './common.js';
import { readGo } from './go.js';
import { readJava } from './java.js';
import { readNode } from './node.js';
import { readPython } from './python.js';
import { readRust } from './rust.js';
import type { CliCodeFacts, CliLanguage } from './types.js';

/** Python: plugins add subcommands (pluggy's `hook.register_commands(…)`, click-plugins' `@with_plugins(…)`). */
const PLUGIN_COMMANDS = /\.hook\.register_commands\s*\(|@with_plugins\s*\(/;
/** clap's `#[command(trailing_var_arg = true)]` or `.trailing_var_arg(true)`. */
const TRAILING_VAR_ARG = /\btrailing_var_arg\s*(?:=\s*true\b|\(\s*true\s*\))/;
export type { CliCodeFacts, CliCommandFact, CliFlagFact, CliLanguage } from './types.js';
export { CLI_LANGUAGES } from './types.js';

/** The language of a source file whose parser-library calls are read, by extension; null for any other file. */
export function cliLanguageOf(path: string): CliLanguage | null {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'go':
      return 'go';
    case 'py':
      return 'python';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'ts':
    case 'mts':
    case 'cts':
    case 'jsx':
    case 'tsx':
      return /\.d\.[cm]?ts$/i.test(path) ? null : 'node';
    case 'rs':
      return 'rust';
    case 'java':
      return 'java';
    default:
      return null;
  }
}

/** The grammar a file of `language` is parsed with (TypeScript's reads JavaScript too; TSX for JSX). */
export function cliGrammarOf(language: CliLanguage, path: string): TreeLanguage {
  if (language !== 'node') return language;
  return /\.(?:tsx|jsx)$/i.test(path) ? 'tsx' : /\.[cm]?js$/i.test(path) ? 'javascript' : 'typescript';
}

/** Cheap tests on the text that decide whether a file can define a flag or a command at all: most files cannot, and are not parsed. */
const MAY_DEFINE: Record<CliLanguage, RegExp> = {
  go: /"flag"|pflag|cobra|urfave\/cli|kingpin/,
  python: /argparse|add_argument|\bclick\b|\btyper\b/,
  node: /parseArgs|commander|yargs|@oclif|\.option\(|\.command\(|static\s+flags/,
  rust: /\bclap\b|structopt|Arg::|#\[(?:arg|clap|command)\b/,
  java: /picocli|@Option|@Command/,
};

export function mayDefineCli(language: CliLanguage, text: string): boolean {
  return MAY_DEFINE[language].test(text);
}

/** The flags and subcommands a source file defines; the grammar of its language must be loaded. Never throws. */
export function extractCliCodeFacts(path: string, text: string, language: CliLanguage): CliCodeFacts {
  const facts: CliCodeFacts = { kind: 'cli', path, language, flags: [], commands: [] };
  if (!mayDefineCli(language, text)) return facts;
  const grammar = cliGrammarOf(language, path);
  let tree;
  try {
    tree = parseTree(grammar, text);
  } catch (err) {
    facts.error = (err as Error).message;
    return facts;
  }
  try {
    let x: CliCollector;
    switch (language) {
      case 'go':
        x = readGo(tree, text);
        break;
      case 'python':
        x = readPython(tree, text);
        break;
      case 'node':
        x = readNode(tree, text, grammar, path);
        break;
      case 'rust':
        x = readRust(tree, text);
        break;
      case 'java':
        x = readJava(tree, text);
        break;
    }
    // Queries give outer calls of a chain before inner ones: document order reads better and is stable.
    facts.flags = x.flags.sort((a, b) => a.start - b.start);
    facts.commands = x.commands.sort((a, b) => a.start - b.start);
    if (x.dynamic) facts.dynamic = true;
    if (x.unnamedCommands) facts.unnamedCommands = true;
    if (x.defaultArgs) facts.defaultArgs = true;
    if (x.added.size) facts.added = [...x.added].sort();
    if (language === 'rust' && TRAILING_VAR_ARG.test(text)) facts.trailingArgs = true;
    if (language === 'python' && PLUGIN_COMMANDS.test(text)) facts.plugins = true;
  } catch (err) {
    facts.error = `reading ${path}: ${(err as Error).message}`;
  } finally {
    tree.delete();
  }
  return facts;
}
