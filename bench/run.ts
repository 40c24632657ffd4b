/**
 * `npm run bench`: docwarden (cold, warm, one changed file) beside the peers on
 * one corpus folder, several runs each, medians of wall time and peak memory,
 * and the ratios docwarden/peer. Not a test: numbers depend on the machine.
 *
 *   npm run bench                                 # generated 5,000-doc corpus in .bench/
 *   npm run bench -- --corpus DIR --runs 3        # any folder, e.g. a fetched repository
 *   npm run bench -- --only docwarden-cold,markdownlint-cli2 --timeout 600
 *   npm run bench -- --corpus DIR --differential  # fast extractor vs remark on the corpus (bench/differential.ts)
 *   npm run bench -- --changelog 1000000 --only docwarden-cold   # one generated 1 MB changelog
 *   npm run bench -- --before /tmp/perf-before/dist-action/cli.js  # each docwarden case also with another build (`before-*`)
 *   npm run bench -- --many-files 200000 --only docwarden-cold,docwarden-warm   # 200,000 small docs (bench/many-files.ts)
 *   npm run bench -- --rules links,unused-directive,baseline   # docwarden runs only these rules (`--rule` each), e.g. an older build's set
 *
 * Every tool runs as its own process under /usr/bin/time (peak memory is the
 * largest resident set of the tool's processes). Runs are interleaved: round i
 * runs every selected case once, so a noisy neighbour slows all cases of a
 * round alike and the ratios of medians stay fair. No tool touches the network:
 * markdown-link-check skips http(s) and mailto links; rumdl checks only its
 * offline link rules (MD051 fragments, MD057 relative files, MD052 references),
 * beside a docwarden run with only `links` on (`docwarden-links-*`).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateChangelog, generateCorpus } from './corpus.js';
import { markdownFilesOf } from './bare-parse.mjs';
import { runDifferential } from './differential.js';
import { ensureManyFilesCorpus } from './many-files.js';
import { RULES } from '../src/registry.js';

const REPO = resolve(import.meta.dirname, '..');
const MODULES = join(REPO, 'node_modules');
const WORK = join(REPO, '.bench');

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    docs: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    timeout: { type: 'string', default: '900' },
    changed: { type: 'string' },
    differential: { type: 'boolean', default: false },
    changelog: { type: 'string' },
    before: { type: 'string' },
    'many-files': { type: 'string' },
    rules: { type: 'string' },
  },
});
const runs = Number(values.runs);
const timeoutMs = Number(values.timeout) * 1000;

function git(cwd: string, ...args: string[]): string {
  return spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();
}

/** A generated corpus is a git repository with a remote, like the fetched ones (remark-validate-links wants a remote). */
function ensureGeneratedCorpus(docCount: number): string {
  const dir = join(WORK, `corpus-${docCount}`);
  if (existsSync(join(dir, '.git'))) return dir;
  const summary = generateCorpus(dir, docCount);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'generated corpus');
  git(dir, 'remote', 'add', 'origin', 'https://github.com/example/generated-corpus');
  process.stderr.write(`generated ${summary.docs} docs, ${summary.sources} sources, ${(summary.bytes / 1e6).toFixed(1)} MB in ${dir}\n`);
  return dir;
}

/** One large document (item 3 of issue 17): a generated changelog of about `bytes` bytes and the doc it links to. */
function ensureChangelogCorpus(bytes: number): string {
  const dir = join(WORK, `changelog-${bytes}`);
  if (existsSync(join(dir, '.git'))) return dir;
  const summary = generateChangelog(dir, bytes);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'generated changelog');
  git(dir, 'remote', 'add', 'origin', 'https://github.com/example/tool');
  process.stderr.write(`generated a ${(summary.bytes / 1e6).toFixed(2)} MB CHANGELOG.md in ${dir}\n`);
  return dir;
}

const corpus = values.corpus
  ? resolve(values.corpus)
  : values['many-files']
    ? ensureManyFilesCorpus(WORK, Number(values['many-files']))
    : values.changelog
      ? ensureChangelogCorpus(Number(values.changelog))
      : ensureGeneratedCorpus(Number(values.docs));
const markdownFiles = markdownFilesOf(corpus);
const markdownBytes = markdownFiles.reduce((sum, f) => sum + readFileSync(join(corpus, f)).length, 0);
if (values.differential) process.exit(runDifferential(corpus, markdownFiles, [process.execPath, join(REPO, 'dist-action', 'cli.js'), '--root', corpus]));
const changedDoc = values.changed ?? markdownFiles[Math.floor(markdownFiles.length / 2)];
const cacheDir = join(WORK, 'cache');
const linksCacheDir = join(WORK, 'cache-links');
const rumdlCacheDir = join(WORK, 'cache-rumdl');
const linkCheckConfig = join(WORK, 'markdown-link-check.json');
const linksOnlyConfig = join(WORK, 'links-only.yml');
mkdirSync(WORK, { recursive: true });
writeFileSync(linkCheckConfig, JSON.stringify({ ignorePatterns: [{ pattern: '^https?://' }, { pattern: '^mailto:' }] }));
// The same job as rumdl's link rules: links alone, every other rule off (commands and cli-flags are on by default).
writeFileSync(linksOnlyConfig, `rules:\n${RULES.map((r) => `  ${r.id}: ${r.id === 'links' ? 'error' : 'off'}\n`).join('')}`);

interface Case {
  name: string;
  command: string[];
  /** Runs before every measured run (not timed). */
  prepare?: () => void;
  /** Runs after every measured run (not timed). */
  cleanup?: () => void;
}

/** A warm case's cache, filled by one untimed run when a cold case (or nothing yet) left it empty. */
function warmUp(dir: string, command: string[]): () => void {
  return () => {
    if (!existsSync(dir)) spawnSync(command[0], command.slice(1), { cwd: corpus, timeout: timeoutMs, stdio: 'ignore' });
  };
}

// The shipped command: package.json's bin is the bundle (one file to load, which starts faster than dist/'s modules).
// `--rules`: only these rules, in every docwarden case (to compare with a build that had fewer rules).
const onlyRules = values.rules ? values.rules.split(',').flatMap((id) => ['--rule', id.trim()]) : [];
const docwarden = [process.execPath, join(REPO, 'dist-action', 'cli.js'), '--root', corpus, '--format', 'json', '--output', '/dev/null', ...onlyRules];
const docwardenLinks = [...docwarden, '--config', linksOnlyConfig];
/**
 * rumdl's prebuilt binary (npm package `rumdl`, pinned), installed on first use into .bench/peers: as a
 * devDependency its per-platform optional packages did not all reach package-lock.json, which broke `npm ci`.
 */
const RUMDL_VERSION = '0.2.75';
function rumdlBinary(): string {
  const peers = join(WORK, 'peers');
  const bin = join(peers, 'node_modules', '.bin', 'rumdl');
  const installed = existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.includes(RUMDL_VERSION);
  if (!installed) {
    mkdirSync(peers, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', peers, '--no-save', '--no-audit', '--no-fund', `rumdl@${RUMDL_VERSION}`], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`could not install rumdl@${RUMDL_VERSION} into ${peers}`);
  }
  return bin;
}
const wantsRumdl = !values.only || values.only.split(',').some((n) => n.startsWith('rumdl'));
// Its offline link rules only, no configuration, nothing printed.
const rumdl = [wantsRumdl ? rumdlBinary() : 'rumdl', 'check', '--no-config', '--enable', 'MD051,MD057,MD052', '--silent', '.'];
const original = readFileSync(join(corpus, changedDoc), 'utf8');
const CASES: Case[] = [
  { name: 'bare-parse-2-workers', command: [process.execPath, join(REPO, 'bench', 'bare-parse.mjs'), corpus, '2'] },
  { name: 'bare-parse-remark-2-workers', command: [process.execPath, join(REPO, 'bench', 'bare-parse.mjs'), corpus, '2', 'remark'] },
  { name: 'docwarden-cold', command: [...docwarden, '--cache-location', cacheDir], prepare: () => rmSync(cacheDir, { recursive: true, force: true }) },
  { name: 'docwarden-warm', command: [...docwarden, '--cache-location', cacheDir], prepare: warmUp(cacheDir, [...docwarden, '--cache-location', cacheDir]) },
  {
    // A developer's pre-commit run: one doc edited and staged, warm cache, `--staged`.
    name: 'docwarden-one-changed',
    command: [...docwarden, '--cache-location', cacheDir, '--staged'],
    prepare: () => {
      warmUp(cacheDir, [...docwarden, '--cache-location', cacheDir])();
      writeFileSync(join(corpus, changedDoc), `${original}\nAn edit made by the benchmark (run ${Date.now()}).\n`);
      git(corpus, 'add', '--', changedDoc);
    },
    cleanup: () => {
      writeFileSync(join(corpus, changedDoc), original);
      git(corpus, 'add', '--', changedDoc);
    },
  },
  // env-docs' readers alone, cold, on the corpus's Go files: syntax trees beside the text patterns they replaced.
  { name: 'env-readers-trees', command: [process.execPath, join(MODULES, 'tsx', 'dist', 'cli.mjs'), join(REPO, 'bench', 'env-readers.ts'), corpus, 'trees', 'go'] },
  { name: 'env-readers-patterns', command: [process.execPath, join(MODULES, 'tsx', 'dist', 'cli.mjs'), join(REPO, 'bench', 'env-readers.ts'), corpus, 'patterns', 'go'] },
  { name: 'markdownlint-cli2', command: [process.execPath, join(MODULES, 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), '**/*.{md,markdown}', '#node_modules'] },
  {
    name: 'remark-validate-links',
    command: [process.execPath, join(MODULES, 'remark-cli', 'cli.js'), '.', '--ext', 'md,markdown', '--use', join(MODULES, 'remark-validate-links', 'index.js'), '--quiet', '--no-stdout'],
  },
  { name: 'markdown-link-check', command: [process.execPath, join(MODULES, 'markdown-link-check', 'markdown-link-check'), '-q', '-c', linkCheckConfig, '.'] },
  { name: 'docwarden-links-cold', command: [...docwardenLinks, '--cache-location', linksCacheDir], prepare: () => rmSync(linksCacheDir, { recursive: true, force: true }) },
  { name: 'docwarden-links-warm', command: [...docwardenLinks, '--cache-location', linksCacheDir], prepare: warmUp(linksCacheDir, [...docwardenLinks, '--cache-location', linksCacheDir]) },
  { name: 'rumdl-cold', command: [...rumdl, '--no-cache'] },
  { name: 'rumdl-warm', command: [...rumdl, '--cache-dir', rumdlCacheDir], prepare: warmUp(rumdlCacheDir, [...rumdl, '--cache-dir', rumdlCacheDir]) },
];

interface Sample {
  seconds: number;
  /** User + system CPU seconds: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakMb: number;
  exit: number | null;
}

function measure(c: Case): Sample {
  c.prepare?.();
  const started = performance.now();
  // GNU time's %M is the peak resident set in KB of the largest process it waited for; %U + %S its CPU time.
  const r = spawnSync('/usr/bin/time', ['-f', '@@peak %M %U %S', ...c.command], { cwd: corpus, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  c.cleanup?.();
  const peak = /@@peak (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  if (r.error || !peak) return { seconds: r.error ? Number.NaN : seconds, cpuSeconds: Number.NaN, peakMb: Number.NaN, exit: null };
  return { seconds, cpuSeconds: Number(peak[2]) + Number(peak[3]), peakMb: Number(peak[1]) / 1024, exit: r.status };
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `--before CLI`: every docwarden case once more with another build's bundle (e.g. main's, built in another
 * folder), as `before-*` with caches of its own, interleaved with the others: a before/after table from one run.
 */
if (values.before) {
  const before = resolve(values.before);
  const ours = join(REPO, 'dist-action', 'cli.js');
  for (const c of CASES.filter((x) => x.name.startsWith('docwarden-'))) {
    const swap = (arg: string) => (arg === ours ? before : arg === cacheDir ? `${cacheDir}-before` : arg === linksCacheDir ? `${linksCacheDir}-before` : arg);
    const command = c.command.map(swap);
    const name = c.name.replace(/^docwarden-/, 'before-');
    const cache = c.command.includes(cacheDir) ? `${cacheDir}-before` : `${linksCacheDir}-before`;
    const prepare = c.name.endsWith('-cold')
      ? () => rmSync(cache, { recursive: true, force: true })
      : c.name === 'docwarden-one-changed'
        ? () => {
            warmUp(
              cache,
              command.filter((a) => a !== '--staged'),
            )();
            writeFileSync(join(corpus, changedDoc), `${original}\nAn edit made by the benchmark (run ${Date.now()}).\n`);
            git(corpus, 'add', '--', changedDoc);
          }
        : warmUp(cache, command);
    CASES.push({ name, command, prepare, cleanup: c.cleanup });
  }
}
const wanted = (name: string) => !values.only || values.only.split(',').some((n) => n === name || (values.before !== undefined && n.replace(/^docwarden-/, 'before-') === name));
const selected = CASES.filter((c) => wanted(c.name));
const head = git(corpus, 'rev-parse', 'HEAD') || '(not a git repository)';
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores available, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
console.log(
  `corpus ${corpus} @ ${head}\n${markdownFiles.length} Markdown files, ${(markdownBytes / 1e6).toFixed(1)} MB; changed doc: ${changedDoc}\n${machine}\n${runs} runs per case, timeout ${values.timeout} s\n`,
);

const samples = new Map<string, Sample[]>(selected.map((c) => [c.name, []]));
const timedOut = new Set<string>();
for (let i = 0; i < runs; i++) {
  for (const c of selected) {
    if (timedOut.has(c.name)) continue; // a timed-out tool is not run again
    const s = measure(c);
    samples.get(c.name)!.push(s);
    process.stderr.write(
      `round ${i + 1} ${c.name}: ${Number.isNaN(s.seconds) ? 'timed out' : `${s.seconds.toFixed(2)} s, ${s.cpuSeconds.toFixed(2)} s CPU, ${s.peakMb.toFixed(0)} MB, exit ${s.exit}`}\n`,
    );
    if (Number.isNaN(s.seconds)) timedOut.add(c.name);
  }
}
const results = new Map<string, { seconds: number; cpuSeconds: number; peakMb: number; samples: Sample[] }>();
for (const [name, ss] of samples) {
  results.set(name, { seconds: median(ss.map((s) => s.seconds)), cpuSeconds: median(ss.map((s) => s.cpuSeconds)), peakMb: median(ss.map((s) => s.peakMb)), samples: ss });
}

const fmt = (x: number, digits = 2) => (Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
const lines = ['| case | median wall (s) | median CPU (s) | median peak RSS (MB) | runs | exit codes |', '|---|---:|---:|---:|---:|---|'];
for (const [name, r] of results)
  lines.push(`| ${name} | ${fmt(r.seconds)} | ${fmt(r.cpuSeconds)} | ${fmt(r.peakMb, 0)} | ${r.samples.length} | ${r.samples.map((s) => s.exit ?? 'timeout').join(' ')} |`);
const ratios: string[] = ['', '| ratio of medians | wall time | CPU time |', '|---|---:|---:|'];
const ratio = (a: string, b: string) => {
  const x = results.get(a);
  const y = results.get(b);
  if (x && y) ratios.push(`| ${a} / ${b} | ${fmt(x.seconds / y.seconds, 3)} | ${fmt(x.cpuSeconds / y.cpuSeconds, 3)} |`);
};
ratio('env-readers-trees', 'env-readers-patterns');
for (const dw of ['docwarden-cold', 'docwarden-warm', 'docwarden-one-changed']) {
  for (const peer of ['bare-parse-2-workers', 'bare-parse-remark-2-workers', 'markdownlint-cli2', 'remark-validate-links', 'markdown-link-check']) ratio(dw, peer);
}
for (const dw of ['docwarden-links-cold', 'docwarden-links-warm']) {
  for (const peer of ['rumdl-cold', 'rumdl-warm']) ratio(dw, peer);
}
for (const name of results.keys()) if (name.startsWith('docwarden-')) ratio(name, name.replace(/^docwarden-/, 'before-'));
const report = `${lines.join('\n')}\n${ratios.join('\n')}\n`;
console.log(report);
appendFileSync(join(WORK, 'results.md'), `\n## ${new Date().toISOString()} ${corpus} @ ${head}\n\n${machine}\n\n${report}`);
