import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ACTION_BUNDLE, BUNDLE_DIR, BUNDLES, bundleAction, bundledGrammarSources, LAZY_VENDORS, VENDOR_DIR } from '../scripts/bundle-action.js';
import { BUNDLED_GRAMMARS_DIR, READER_GRAMMARS } from '../src/facts/syntax.js';
import { actionCacheDir, cacheKeys, getInput, outputBlock, runAction, splitArgs, type FactsCache } from '../src/action.js';
import { TOOL_VERSION } from '../src/version.js';
import { REPO } from './helpers.js';
import { TempRepo } from './git-repo.js';

/** Parses the GITHUB_OUTPUT file: `name<<DELIM` blocks (and plain `name=value` lines). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

/** A pull request: base on main with an old broken link, head on a branch adding docs with new drift. */
function pullRequestRepo(): { repo: TempRepo; base: string } {
  const repo = new TempRepo({
    'README.md': '# Project\n\nAn old dead link: [old](docs/removed.md).\n',
    'docs/guide.md': '# Guide\n\n## Setup\n',
  });
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  const bad = Array.from({ length: 12 }, (_, i) => `- [page ${i}](missing-${String(i).padStart(2, '0')}.md)`).join('\n');
  repo.write({ 'docs/guide.md': `# Guide\n\nSee [setup](#setup) and [install](#install).\n\n${bad}\n\n## Setup\n` });
  repo.commit('head');
  return { repo, base };
}

/** Runs the committed bundle the way the runner does: `node dist-action/index.js` with INPUT_* and the env files. */
function runBundle(repo: TempRepo, inputs: Record<string, string>, event: Record<string, unknown>, eventName = 'pull_request') {
  const runner = mkdtempSync(join(tmpdir(), 'docwarden-runner-'));
  const files = { summary: join(runner, 'summary.md'), output: join(runner, 'output'), event: join(runner, 'event.json') };
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  writeFileSync(files.event, JSON.stringify(event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repo.root,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_BASE_REF: 'main',
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const res = spawnSync(process.execPath, [ACTION_BUNDLE], { cwd: repo.root, env, encoding: 'utf8' });
  return {
    status: res.status,
    stdout: res.stdout,
    stderr: res.stderr,
    summary: readFileSync(files.summary, 'utf8'),
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
  };
}

describe('the GitHub Action', () => {
  it('action.yml declares a node20 action with the documented inputs and outputs', () => {
    const action = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node20', main: 'dist-action/index.js' });
    expect(Object.keys(action.inputs).sort()).toEqual(['args', 'changed-only', 'config', 'fail-on', 'sarif-file']);
    expect(action.inputs['sarif-file'].default).toBe('docwarden.sarif');
    expect(action.inputs['fail-on'].default).toBe('error');
    expect(Object.keys(action.outputs).sort()).toEqual(['errors', 'sarif-file', 'warnings']);
  });

  it('the committed bundles are up to date with the source (npm run bundle)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'docwarden-bundle-'));
    await bundleAction(fresh);
    expect(readdirSync(join(BUNDLE_DIR, VENDOR_DIR)).sort()).toEqual(Object.keys(LAZY_VENDORS).sort());
    for (const name of [...Object.keys(BUNDLES), ...Object.keys(LAZY_VENDORS).map((file) => `${VENDOR_DIR}/${file}`)]) {
      const same = readFileSync(join(fresh, name)).equals(readFileSync(join(BUNDLE_DIR, name)));
      expect(same, `dist-action/${name} is out of date: run \`npm run bundle\` and commit it`).toBe(true);
    }
  });

  it('on a pull request: annotations for the changed files, a job summary, outputs and SARIF', () => {
    const { repo, base } = pullRequestRepo();
    const before = repo.state();
    const r = runBundle(repo, {}, { pull_request: { base: { sha: base } } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);

    // 13 errors in the changed doc; README.md's old dead link is outside the change.
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(10);
    expect(annotations[0]).toBe('::error file=docs/guide.md,line=3,endLine=3,col=25,endColumn=44,title=docwarden(links)::Cannot find heading or anchor `#install` in `docs/guide.md`');
    expect(annotations.every((l) => l.startsWith('::error file=docs/guide.md,'))).toBe(true);
    expect(r.stdout).toContain(
      'docwarden: 3 more errors not annotated (at most 10 per level, spread across rules and files); all findings are in the job summary. Not annotated: links: 3 in docs/guide.md (3).',
    );
    expect(r.stdout).not.toContain('README.md');

    expect(r.summary).toContain('## docwarden');
    expect(r.summary).toContain('| links | 13 | 0 | 0 |');
    expect(r.summary).toContain('3 more errors appear only in the table below');
    expect(r.summary).toContain('| docs/guide.md:16:3 | error | links | Cannot find `missing-11.md`');
    expect(r.summary).toContain(`_Pull-request mode: only findings in files changed since \`${base}\`, or caused by them._`);

    expect(r.outputs).toEqual({ errors: '13', warnings: '0', 'sarif-file': 'docwarden.sarif' });
    const sarif = JSON.parse(readFileSync(join(repo.root, 'docwarden.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0].results).toHaveLength(13);
    expect(new Set(sarif.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(['docs/guide.md']));
    // Only the SARIF file was added; HEAD and the tracked files are untouched.
    expect(repo.state()).toBe(`${before.split('\n')[0]}\n?? docwarden.sarif\n${before.split('\n').slice(-1)[0]}`);
  });

  it('inputs: changed-only false checks everything, fail-on never passes, sarif-file and args are honoured', () => {
    const { repo, base } = pullRequestRepo();
    const r = runBundle(repo, { 'changed-only': 'false', 'fail-on': 'never', 'sarif-file': 'out/report.sarif', args: "--rule links 'README.md'" }, { pull_request: { base: { sha: base } } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('::error file=README.md,line=3');
    expect(r.stdout).not.toContain('docs/guide.md');
    expect(r.outputs).toEqual({ errors: '1', warnings: '0', 'sarif-file': 'out/report.sarif' });
    expect(readFileSync(join(repo.root, 'out/report.sarif'), 'utf8')).toContain('"ruleId": "links"');
  });

  it('on push, changed-only defaults to off; a clean tree passes with empty annotations', () => {
    const repo = new TempRepo({ 'README.md': '# Clean\n\n[guide](docs/guide.md)\n', 'docs/guide.md': '# Guide\n' });
    repo.commit('clean');
    const r = runBundle(repo, {}, {}, 'push');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.summary).toContain('No problems found in 2 files.');
    expect(r.outputs).toEqual({ errors: '0', warnings: '0', 'sarif-file': 'docwarden.sarif' });
  });

  it('a pull request whose base is not in a shallow checkout warns and checks everything', () => {
    const { repo } = pullRequestRepo();
    const r = runBundle(repo, {}, { pull_request: { base: { sha: '0123456789012345678901234567890123456789' } } });
    expect(r.stdout).toContain('::warning title=docwarden::changed-only: the base commit 0123456789012345678901234567890123456789 is not in this checkout; use actions/checkout with fetch-depth: 0');
    expect(r.outputs.errors).toBe('14');
  });

  it('a bad input fails the step with exit 2', () => {
    const { repo } = pullRequestRepo();
    const r = runBundle(repo, { 'fail-on': 'sometimes' }, {});
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error title=docwarden::fail-on "sometimes" is not one of: error, warning, never');
  });
});

describe('action helpers', () => {
  it('reads inputs as the runner passes them', () => {
    expect(getInput({ 'INPUT_SARIF-FILE': ' x.sarif ' }, 'sarif-file')).toBe('x.sarif');
    expect(getInput({}, 'args')).toBe('');
  });

  it('splits args like a shell, quotes included', () => {
    expect(splitArgs(`docs/ --max-warnings 0 "a b.md" 'c d' e\\ f x"y z"`)).toEqual(['docs/', '--max-warnings', '0', 'a b.md', 'c d', 'e f', 'xy z']);
    expect(splitArgs('  ')).toEqual([]);
  });

  it('writes outputs in the heredoc form with a delimiter the value cannot contain', () => {
    expect(outputBlock('errors', '3', 'EOF_1')).toBe('errors<<EOF_1\n3\nEOF_1\n');
    expect(() => outputBlock('x', 'a\nEOF_1\n', 'EOF_1')).toThrow(/delimiter/);
    expect(outputBlock('x', 'multi\nline')).toMatch(/^x<<ghadelimiter_[0-9a-f-]{36}\nmulti\nline\nghadelimiter_[0-9a-f-]{36}\n$/);
  });

  it('keys the facts cache by docwarden version and configuration content', () => {
    const a = cacheKeys('rules:\n  links: error\n');
    expect(a.primary).toMatch(new RegExp(`^docwarden-facts-${TOOL_VERSION.replace(/\./g, '\\.')}-[0-9a-f]{16}$`));
    expect(a.restore).toEqual([`docwarden-facts-${TOOL_VERSION}-`]);
    expect(cacheKeys('rules:\n  links: error\n').primary).toBe(a.primary);
    expect(cacheKeys('rules:\n  links: warning\n').primary).not.toBe(a.primary);
    expect(cacheKeys(null).primary).not.toBe(a.primary);
  });

  it('restores the facts cache before the run and saves it after, unless the exact key was restored', async () => {
    const repo = new TempRepo({ 'README.md': '# Clean\n', 'docwarden.yml': 'rules:\n  links: error\n' });
    const runnerTemp = mkdtempSync(join(tmpdir(), 'docwarden-runner-temp-'));
    const cacheDir = actionCacheDir({ RUNNER_TEMP: runnerTemp });
    expect(cacheDir).toBe(join(runnerTemp, 'docwarden-facts'));
    const calls: string[] = [];
    const fake = (hit: string | undefined): FactsCache => ({
      restore: async (paths, key, restoreKeys) => {
        calls.push(`restore ${paths.join()} ${key} ${restoreKeys.join()}`);
        return hit;
      },
      save: async (paths, key) => {
        calls.push(`save ${paths.join()} ${key}`);
      },
    });
    const io = { env: { GITHUB_WORKSPACE: repo.root, RUNNER_TEMP: runnerTemp, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }, cwd: repo.root, stdout: () => undefined, stderr: () => undefined };
    const key = cacheKeys('rules:\n  links: error\n').primary;
    expect(await runAction(io, fake(undefined))).toBe(0);
    expect(calls).toEqual([`restore ${cacheDir} ${key} docwarden-facts-${TOOL_VERSION}-`, `save ${cacheDir} ${key}`]);
    calls.length = 0;
    expect(await runAction(io, fake(key))).toBe(0);
    expect(calls).toEqual([`restore ${cacheDir} ${key} docwarden-facts-${TOOL_VERSION}-`]);
  });

  it('a failing cache is a warning, never a failed step', async () => {
    const repo = new TempRepo({ 'README.md': '# Clean\n' });
    let stdout = '';
    const broken: FactsCache = {
      restore: async () => {
        throw new Error('cache service unavailable');
      },
      save: async () => undefined,
    };
    const code = await runAction({ env: { GITHUB_WORKSPACE: repo.root, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }, cwd: repo.root, stdout: (t) => (stdout += t), stderr: () => undefined }, broken);
    expect(code).toBe(0);
    expect(stdout).toContain('::warning title=docwarden::facts cache not restored: cache service unavailable');
  });
});

describe('the bundle reads source code with syntax trees', () => {
  it('ships each grammar the readers load, compressed, byte for byte the installed one', () => {
    const sources = bundledGrammarSources();
    expect(Object.keys(sources).sort()).toEqual(['tree-sitter.wasm', ...READER_GRAMMARS.map((l) => `tree-sitter-${l}.wasm`)].sort());
    expect(readdirSync(join(BUNDLE_DIR, BUNDLED_GRAMMARS_DIR)).sort()).toEqual(
      Object.keys(sources)
        .map((n) => `${n}.br`)
        .sort(),
    );
    for (const [name, source] of Object.entries(sources)) {
      const shipped = brotliDecompressSync(readFileSync(join(BUNDLE_DIR, BUNDLED_GRAMMARS_DIR, `${name}.br`)));
      expect(shipped.equals(readFileSync(source)), `dist-action/${BUNDLED_GRAMMARS_DIR}/${name}.br is out of date: run \`npm run bundle\``).toBe(true);
    }
  });

  it('copied away from node_modules, the CLI bundle follows a Go wrapper, which text patterns cannot', () => {
    // As on a runner or after npm pack: package.json, the bundle, its grammars and validators, no node_modules anywhere above them.
    const away = mkdtempSync(join(tmpdir(), 'docwarden-bundle-alone-'));
    cpSync(join(REPO, 'package.json'), join(away, 'package.json'));
    for (const name of Object.keys(BUNDLES)) cpSync(join(BUNDLE_DIR, name), join(away, 'dist-action', name));
    cpSync(join(BUNDLE_DIR, BUNDLED_GRAMMARS_DIR), join(away, 'dist-action', BUNDLED_GRAMMARS_DIR), { recursive: true });
    cpSync(join(BUNDLE_DIR, 'validators'), join(away, 'dist-action', 'validators'), { recursive: true });
    cpSync(join(BUNDLE_DIR, VENDOR_DIR), join(away, 'dist-action', VENDOR_DIR), { recursive: true });
    const repo = new TempRepo({
      'docwarden.yml': "rules:\n  links: off\n  env-docs:\n    names: 'APP_[A-Z0-9_]+'\n    code:\n      - files: '**/*.go'\n        reader: go\n",
      'README.md': '# App\n\nSet `APP_PORT`.\n',
      'env.go': 'package app\n\nimport "os"\n\nfunc getEnv(key, def string) string {\n\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn def\n}\n',
      'main.go': 'package app\n\nvar port = getEnv("APP_PORT", "80")\nvar host = getEnv("APP_HOST", "")\n',
    });
    repo.commit('app');
    const r = spawnSync(process.execPath, [join(away, 'dist-action', 'cli.js'), '--no-cache'], { cwd: repo.root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    // Text patterns would miss both wrapper reads: APP_PORT a phantom, APP_HOST unseen, and a warning.
    expect(r.stdout).not.toContain('syntax trees unavailable');
    expect(r.stdout).not.toContain('APP_PORT');
    expect(r.stdout).toContain('main.go\n  4:20-4:28  error  `APP_HOST` is read by the code but no doc mentions it');
    expect(r.status).toBe(1);
  });
});
