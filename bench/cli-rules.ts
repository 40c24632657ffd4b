/**
 * `npx tsx bench/cli-rules.ts [--docs 1000] [--runs 5] [--before OLD/cli.js]`: what `commands` and `cli-flags` cost, cold.
 * The generated corpus of `npm run bench` (1,000 docs by default) plus a CLI program in two languages
 * (a Node `bin` with commander, a Go `main` with cobra), a Makefile and scripts, and command lines in
 * every tenth doc; then docwarden's bundle cold (`--no-cache`) with every rule on its defaults beside the
 * same run with both rules off, interleaved round by round. Prints the median CPU time (user + sys) and
 * wall time of each and their ratio. With `--before`, an older bundle's two runs join each round too, so the
 * ratios before and after a change come from the same interleaved run. Not a test: numbers depend on the machine (run `npm run bundle` first).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './corpus.js';

const REPO = resolve(import.meta.dirname, '..');
const WORK = join(REPO, '.bench');
const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' }, before: { type: 'string' } } });
const docCount = Number(values.docs);
const runs = Number(values.runs);

const CLI_JS = `const { program } = require('commander');

program.option('-v, --verbose', 'say more').option('--config <file>', 'configuration');
program.command('serve').option('-p, --port <n>', 'port').option('--host <h>', 'host');
program.command('import <file>').option('--dry-run', 'change nothing');
program.parse();
`;
const MAIN_GO = `package main

import "github.com/spf13/cobra"

var rootCmd = &cobra.Command{Use: "relay"}
var serveCmd = &cobra.Command{Use: "serve"}

func main() {
	rootCmd.PersistentFlags().String("config", "", "configuration file")
	serveCmd.Flags().IntP("port", "p", 8080, "port")
	rootCmd.AddCommand(serveCmd)
	rootCmd.Execute()
}
`;

/** The corpus with its programs, a git repository like the fetched ones; built once per doc count. */
function corpusWithPrograms(): string {
  const dir = join(WORK, `cli-corpus-${docCount}`);
  if (existsSync(join(dir, '.git'))) return dir;
  generateCorpus(dir, docCount);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'shop', bin: { shop: 'cli.js' }, scripts: { build: 'tsc', test: 'vitest run' } }, null, 2)}\n`);
  writeFileSync(join(dir, 'cli.js'), CLI_JS);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/relay\n\ngo 1.22\n');
  writeFileSync(join(dir, 'main.go'), MAIN_GO);
  writeFileSync(join(dir, 'Makefile'), '.PHONY: build test\nbuild:\n\tgo build ./...\ntest:\n\tgo test ./...\n');
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  writeFileSync(join(dir, 'scripts', 'setup.sh'), '#!/bin/sh\nnpm ci\n');
  const docs = spawnSync('git', ['ls-files', '--others', '*.md'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  for (const [i, doc] of docs.entries()) {
    if (i % 10 !== 0) continue;
    appendFileSync(
      join(dir, doc),
      `\n## Running it\n\n\`\`\`bash\nnpm run build && npm test\nshop serve --port 8080 --verbose\nshop import items.csv --dry-run\nrelay serve -p 80 --config relay.yml\nmake build\n./scripts/setup.sh\n\`\`\`\n\nOr \`shop --config shop.yml serve\`.\n`,
    );
  }
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'generated corpus with programs');
  return dir;
}

/** CPU (user + sys) and wall seconds of one run, from /usr/bin/time. */
function timed(command: string[], cwd: string): { cpu: number; wall: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %U %S %e', ...command], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /@@time (\S+) (\S+) (\S+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${command.join(' ')}: ${r.stderr.slice(-500)}`);
  return { cpu: Number(m[1]) + Number(m[2]), wall: Number(m[3]) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const corpus = corpusWithPrograms();
mkdirSync(WORK, { recursive: true });
const configs = { with: join(WORK, 'cli-rules-on.yml'), without: join(WORK, 'cli-rules-off.yml') };
writeFileSync(configs.with, '# every rule on its defaults: commands and cli-flags included\nrules: {}\n');
writeFileSync(configs.without, 'rules:\n  commands: off\n  cli-flags: off\n');
const bundles: Record<string, string> = { '': join(REPO, 'dist-action', 'cli.js') };
if (values.before) bundles['before '] = resolve(values.before);
type Sample = { cpu: number; wall: number };
const times = new Map<string, Sample[]>();
for (let round = 0; round < runs; round++) {
  // Alternate which goes first, so that neither always meets a warmer disk cache.
  const order = round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
  for (const [label, cli] of Object.entries(bundles)) {
    for (const name of order) {
      const key = `${label}${name}`;
      if (!times.has(key)) times.set(key, []);
      times.get(key)!.push(timed([process.execPath, cli, '--root', corpus, '--config', configs[name], '--no-cache', '--format', 'json', '--output', '/dev/null'], corpus));
    }
  }
}
const summary = new Map([...times].map(([key, t]) => [key, { cpu: median(t.map((x) => x.cpu)), wall: median(t.map((x) => x.wall)) }]));
for (const [key, t] of times) {
  const s = summary.get(key)!;
  process.stdout.write(`${key.padEnd(15)} cpu ${t.map((x) => x.cpu.toFixed(2)).join(' ')}  median ${s.cpu.toFixed(2)} s; wall median ${s.wall.toFixed(2)} s\n`);
}
for (const label of Object.keys(bundles)) {
  const on = summary.get(`${label}with`)!;
  const off = summary.get(`${label}without`)!;
  process.stdout.write(`${label}ratio with/without: cpu ${(on.cpu / off.cpu).toFixed(3)}, wall ${(on.wall / off.wall).toFixed(3)} (${docCount} docs, ${runs} rounds)\n`);
}
