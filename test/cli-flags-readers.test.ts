import { beforeAll, describe, expect, it } from 'vitest';
import { loadGrammars } from '../src/facts/syntax.js';
import { extractCliCodeFacts, type CliLanguage } from '../src/facts/cli/index.js';

beforeAll(async () => {
  await loadGrammars(['go', 'python', 'typescript', 'javascript', 'rust', 'java']);
});

/** Every flag as `names|hidden|deprecated|env`, every command as `name(aliases)`: compact enough to read whole. */
function read(language: CliLanguage, path: string, text: string) {
  const f = extractCliCodeFacts(path, text, language);
  expect(f.error).toBeUndefined();
  return {
    flags: f.flags.map((x) => [x.names.join(' '), x.hidden ? 'hidden' : '', x.deprecated ? 'deprecated' : '', (x.env ?? []).join(' ')].join('|').replace(/\|+$/, '')),
    commands: f.commands.map((c) => `${c.name}(${c.aliases.join(' ')})${c.hidden ? ' hidden' : ''}${c.deprecated ? ' deprecated' : ''}`),
    libraries: [...new Set([...f.flags, ...f.commands].map((x) => x.library))],
    first: f.flags[0] ? text.slice(f.flags[0].start, f.flags[0].end) : null,
  };
}

describe('Go', () => {
  it('reads the standard flag package (one or two dashes)', () => {
    const r = read(
      'go',
      'main.go',
      `package main
import "flag"
var addr = flag.String("listen", ":8080", "address")
func main() { var v bool; flag.BoolVar(&v, "verbose", false, "talk"); fs := flag.NewFlagSet("x", flag.ExitOnError); fs.Int("n", 1, "count"); strings.Count("abc", "b") }`,
    );
    expect(r.flags).toEqual(['--listen -listen', '--verbose -verbose', '--n -n']);
    expect(r.libraries).toEqual(['go-flag']);
    expect(r.first).toBe('"listen"');
  });
  it('reads cobra commands and pflag flags, MarkHidden and MarkDeprecated', () => {
    const r = read(
      'go',
      'cmd/root.go',
      `package cmd
import "github.com/spf13/cobra"
var serveCmd = &cobra.Command{Use: "serve [flags]", Aliases: []string{"s", "run"}, Short: "serve"}
var oldCmd = &cobra.Command{Use: "old", Deprecated: "use serve", Hidden: true}
func init() {
  serveCmd.Flags().StringVarP(&addr, "listen-addr", "l", ":80", "address")
  serveCmd.PersistentFlags().Bool("debug", false, "debug")
  serveCmd.Flags().CountP("verbose", "v", "more output")
  serveCmd.Flags().MarkHidden("debug")
  serveCmd.Flags().MarkDeprecated("verbose", "use --log-level")
}`,
    );
    expect(r.commands).toEqual(['serve(s run)', 'old() hidden deprecated']);
    expect(r.flags).toEqual(['--listen-addr -l', '--debug|hidden', '--verbose -v||deprecated']);
  });
  it('reads urfave/cli v2 and v3 flags and commands', () => {
    const r = read(
      'go',
      'main.go',
      `package main
import "github.com/urfave/cli/v2"
var app = &cli.App{
  Flags: []cli.Flag{
    &cli.StringFlag{Name: "config", Aliases: []string{"c"}, EnvVars: []string{"APP_CONFIG"}},
    &cli.BoolFlag{Name: "secret", Hidden: true, Sources: cli.EnvVars("APP_SECRET")},
  },
  Commands: []*cli.Command{{Name: "add", Aliases: []string{"a"}}, {Name: "remove"}},
}`,
    );
    expect(r.flags).toEqual(['--config -config -c --c|||APP_CONFIG', '--secret -secret|hidden||APP_SECRET']);
    expect(r.commands).toEqual(['add(a)', 'remove()']);
  });
  it('reads kingpin chains', () => {
    const r = read(
      'go',
      'main.go',
      `package main
import "gopkg.in/alecthomas/kingpin.v2"
var (
  debug = kingpin.Flag("debug", "Enable debug mode.").Short('d').Envar("APP_DEBUG").Bool()
  register = kingpin.Command("register", "Register a user.").Alias("reg")
  secret = kingpin.Flag("secret", "x").Hidden().String()
)`,
    );
    expect(r.flags).toEqual(['--debug -d --no-debug|||APP_DEBUG', '--secret|hidden']);
    expect(r.commands).toEqual(['register(reg)']);
  });
});

describe('Python', () => {
  it('reads argparse options, sub-parsers, SUPPRESS and BooleanOptionalAction', () => {
    const r = read(
      'python',
      'tool/cli.py',
      `import argparse
parser = argparse.ArgumentParser(prog="tool")
parser.add_argument("--output", "-o", help="where")
parser.add_argument("--secret", help=argparse.SUPPRESS)
parser.add_argument("--color", action=argparse.BooleanOptionalAction)
parser.add_argument("path")
sub = parser.add_subparsers()
build = sub.add_parser("build", aliases=["b"])
`,
    );
    expect(r.flags).toEqual(['--output -o', '--secret|hidden', '--color --no-color']);
    expect(r.commands).toEqual(['build(b)']);
  });
  it('reads click options, secondary names and commands named after functions', () => {
    const r = read(
      'python',
      'tool/cli.py',
      `import click
@click.group()
def cli():
    pass

@cli.command()
@click.option("--shout/--no-shout", default=False)
@click.option("-n", "--count", envvar="TOOL_COUNT")
@click.option("--debug-internals", hidden=True, is_flag=True)
@click.argument("name")
def say_hello(shout, count, debug_internals, name):
    pass

@cli.command("init-db")
def initdb():
    pass
`,
    );
    expect(r.commands).toEqual(['cli()', 'say-hello()', 'init-db()']);
    expect(r.flags).toEqual(['--shout --no-shout', '-n --count|||TOOL_COUNT', '--debug-internals|hidden']);
  });
  it('reads typer parameters as options, Annotated and typer.Option names, and skips arguments', () => {
    const r = read(
      'python',
      'app/main.py',
      `import typer
from typing import Annotated
app = typer.Typer()

@app.command()
def create_user(name: str, force: bool = False, user_name: Annotated[str, typer.Option("--user", "-u")] = "x", dry: Annotated[bool, typer.Option(hidden=True)] = False, path: str = typer.Argument(...)):
    pass

@app.command("rm")
def delete(formal: bool = typer.Option(False, "--formal/--informal")):
    pass
`,
    );
    expect(r.commands).toEqual(['create-user()', 'rm()']);
    expect(r.flags).toEqual(['--force --no-force', '--user -u', '--dry --no-dry|hidden', '--formal --informal']);
  });
  it('reads typer.run(main)', () => {
    const r = read(
      'python',
      'main.py',
      `import typer
def main(name: str, last_name: str = "", formal: bool = False):
    pass
typer.run(main)
`,
    );
    expect(r.flags).toEqual(['--last-name', '--formal --no-formal']);
  });
});

describe('Node', () => {
  it('reads util.parseArgs options, inline and bound to a name', () => {
    const r = read(
      'node',
      'src/cli.ts',
      `import { parseArgs } from 'node:util';
const { values } = parseArgs({ args, options: { root: { type: 'string' }, 'max-warnings': { type: 'string', short: 'm' } } });
const options = { verbose: { type: 'boolean', short: 'v' } } as const;
parseArgs({ options });`,
    );
    expect(r.flags).toEqual(['--root', '--max-warnings -m', '--verbose -v']);
  });
  it('reads commander options, Option objects, commands and aliases', () => {
    const r = read(
      'node',
      'bin/cli.js',
      `const { program, Option } = require('commander');
program.option('-d, --debug', 'output extra debugging').option('--no-sauce', 'Remove sauce').requiredOption('-c, --cheese <type>', 'pizza must have cheese');
program.addOption(new Option('-s, --secret').hideHelp());
program.command('clone <source> [destination]').alias('cl').option('--depth <n>').action(() => {});`,
    );
    expect(r.flags).toEqual(['-d --debug', '--no-sauce', '-c --cheese', '-s --secret|hidden', '--depth']);
    expect(r.commands).toEqual(['clone(cl)']);
  });
  it('reads yargs options with aliases, booleans and commands', () => {
    const r = read(
      'node',
      'cli.js',
      `const yargs = require('yargs');
yargs(process.argv.slice(2)).command('serve [port]', 'start the server').option('verbose', { alias: 'v', type: 'boolean' }).options({ dryRun: { hidden: true } });`,
    );
    expect(r.flags).toEqual(['--verbose -v --no-verbose', '--dryRun --dry-run|hidden']);
    expect(r.commands).toEqual(['serve()']);
  });
  it('reads oclif flags and a command per file under src/commands/', () => {
    const r = read(
      'node',
      'src/commands/config/set.ts',
      `import { Command, Flags } from '@oclif/core';
export default class Set extends Command {
  static flags = { force: Flags.boolean({ char: 'f', allowNo: true }), token: Flags.string({ hidden: true, env: 'TOKEN' }) };
}`,
    );
    expect(r.flags).toEqual(['--force -f --no-force', '--token|hidden||TOKEN']);
    expect(r.commands).toEqual(['config set(config:set)']);
  });
});

describe('Rust', () => {
  it('reads clap derive fields and subcommand enums in kebab case', () => {
    const r = read(
      'rust',
      'src/main.rs',
      `use clap::{Parser, Subcommand};
#[derive(Parser)]
struct Cli {
    #[arg(short, long)]
    max_count: usize,
    #[arg(long = "colour", alias = "color", env = "APP_COLOR")]
    color: String,
    #[arg(long, hide = true)]
    debug_dump: bool,
    path: String,
    #[command(subcommand)]
    command: Commands,
}
#[derive(Subcommand)]
enum Commands {
    AddRemote { name: String },
    #[command(name = "rm", alias = "remove")]
    Delete,
}`,
    );
    expect(r.flags).toEqual(['--max-count -m', '--colour --color|||APP_COLOR', '--debug-dump|hidden']);
    expect(r.commands).toEqual(['add-remote()', 'rm(remove)']);
  });
  it('reads the clap builder', () => {
    const r = read(
      'rust',
      'src/main.rs',
      `use clap::{Arg, Command};
fn cli() -> Command {
    Command::new("git").subcommand(Command::new("clone").alias("cl")).arg(Arg::new("verbose").long("verbose").short('v')).arg(Arg::new("path")).arg(Arg::new("x").long("secret").hide(true))
}`,
    );
    expect(r.flags).toEqual(['--verbose -v', '--secret|hidden']);
    expect(r.commands).toEqual(['git()', 'clone(cl)']);
  });
});

describe('Java', () => {
  it('reads picocli options and commands', () => {
    const r = read(
      'java',
      'src/main/java/App.java',
      `import picocli.CommandLine.*;
@Command(name = "checksum", aliases = {"cs"}, subcommands = {Sub.class})
class App { @Option(names = {"-a", "--algorithm"}) String algorithm; @Option(names = "--internal", hidden = true) boolean internal; }`,
    );
    expect(r.flags).toEqual(['-a --algorithm', '--internal|hidden']);
    expect(r.commands).toEqual(['checksum(cs)']);
  });
});

it('does not parse a file that cannot define a flag', () => {
  const f = extractCliCodeFacts('x.go', 'package x\nfunc f() {}\n', 'go');
  expect(f.flags).toEqual([]);
});

describe('flags attached to their subcommand', () => {
  /** Every flag as `name@command` (`@` alone for the program's own flags). */
  const attached = (language: CliLanguage, path: string, text: string) => extractCliCodeFacts(path, text, language).flags.map((f) => `${f.name}@${f.command ?? ''}`);

  it('cobra: a subcommand variable handed to AddCommand owns its Flags() and PersistentFlags()', () => {
    const text = `package cmd
import "github.com/spf13/cobra"
var rootCmd = &cobra.Command{Use: "hub"}
var serveCmd = &cobra.Command{Use: "serve [flags]"}
func init() {
  rootCmd.PersistentFlags().String("config", "", "file")
  serveCmd.Flags().IntP("port", "p", 80, "port")
  serveCmd.PersistentFlags().Bool("tls", false, "tls")
  rootCmd.AddCommand(serveCmd)
}`;
    expect(attached('go', 'cmd/root.go', text)).toEqual(['--config@', '--port@serve', '--tls@serve']);
  });

  it('urfave/cli: a flag in the Flags of a command in Commands is that command’s; the app’s own are not', () => {
    const text = `package main
import "github.com/urfave/cli/v2"
var app = &cli.App{
  Flags: []cli.Flag{&cli.BoolFlag{Name: "debug"}},
  Commands: []*cli.Command{
    {Name: "serve", Flags: []cli.Flag{&cli.IntFlag{Name: "port"}}},
    &cli.Command{Name: "sync", Flags: []cli.Flag{&cli.BoolFlag{Name: "dry-run"}}},
  },
}`;
    expect(attached('go', 'main.go', text)).toEqual(['--debug@', '--port@serve', '--dry-run@sync']);
  });

  it('argparse: add_argument on a variable bound to add_parser', () => {
    const text = `import argparse
p = argparse.ArgumentParser()
p.add_argument('--verbose')
sub = p.add_subparsers()
serve = sub.add_parser('serve')
serve.add_argument('--port', '-p')
`;
    expect(attached('python', 'cli.py', text)).toEqual(['--verbose@', '--port@serve']);
  });

  it("commander's .command('x').option(…) chain and yargs' builder", () => {
    expect(attached('node', 'cli.js', "program.option('-v, --verbose');\nprogram.command('serve <dir>').alias('s').option('--port <n>');\n")).toEqual(['--verbose@', '--port@serve']);
    expect(attached('node', 'cli.js', "const yargs = require('yargs');\nyargs.option('debug', {}).command('serve', 'run it', (y) => y.option('port', { type: 'number' }));\n")).toEqual([
      '--debug@',
      '--port@serve',
    ]);
    // yargs' `.command()` returns the program: an option chained after it is the program's; so is commander's after an executable subcommand.
    expect(attached('node', 'cli.js', "const yargs = require('yargs');\nyargs.command('stop', 'stop it').option('verbose', { type: 'boolean' });\n")).toEqual(['--verbose@']);
    expect(attached('node', 'cli.js', "program.command('install [name]', 'install one').option('--global');\n")).toEqual(['--global@']);
  });
});

describe('findPrograms: Cargo targets', () => {
  it("a [[bin]] whose path is under src/bin/ is that target, not also an automatic one (ordinals/ord's src/bin/main.rs)", async () => {
    const { findPrograms } = await import('../src/facts/cli/programs.js');
    const files: Record<string, string> = {
      'Cargo.toml': '[package]\nname = "ord"\n\n[[bin]]\nname = "ord"\npath = "src/bin/main.rs"\n',
      'src/bin/main.rs': 'fn main() {}\n',
      'src/bin/tool.rs': 'fn main() {}\n',
    };
    const programs = findPrograms(
      Object.keys(files),
      (p) => files[p],
      () => null,
    );
    expect(programs.map((p) => p.name).sort()).toEqual(['ord', 'tool']);
  });
});
