import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/registry.js';
import { generateCorpus } from '../bench/corpus.js';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { run, unreadOptionalFacts } from '../src/engine/run.js';
import { findSection, sectionEntries } from '../src/facts/sections.js';
import { LineIndex } from '../src/facts/lines.js';
import { extractMarkdownFacts } from '../src/facts/markdown.js';
import { extractStructuredFacts } from '../src/facts/structured.js';
import { deserializeFacts, serializeFacts } from '../src/facts/pack.js';
import type { DocFacts } from '../src/facts/types.js';
import { formatSarif } from '../src/formatters/sarif.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { defaultCacheLocation, extractionKeyOf, FactsStore, workerCountOf, type FactsStoreOptions } from '../src/workspace/facts-store.js';
import { Workspace } from '../src/workspace/workspace.js';
import { extractInWorkers } from '../src/workspace/parallel.js';
import { cli, FIXTURES, REPO } from './helpers.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'docwarden-cache-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of the demo repository (outside any git work tree, so files come from the file system). */
function demoCopy(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(FIXTURES, 'demo'), dir, { recursive: true });
  return dir;
}

/** The keys of every entry in a cache folder: the pack's lines and the loose entry files. */
function entriesOf(cacheDir: string): string[] {
  const files = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).map((p) => p.split('\\').join('/'));
  const keys: string[] = [];
  for (const f of files) {
    if (f.endsWith('.json')) keys.push(`loose:${f.replace('/', '').replace(/\.json$/, '')}`);
    if (f.endsWith('.pack')) for (const line of readFileSync(join(cacheDir, f), 'utf8').split('\n').slice(1)) if (line) keys.push(`pack:${(JSON.parse(line) as { key: string }).key}`);
  }
  return keys.sort();
}

function packOf(cacheDir: string): string {
  const packs = readdirSync(cacheDir).filter((f) => f.endsWith('.pack'));
  expect(packs).toHaveLength(1);
  return join(cacheDir, packs[0]);
}

async function runWith(dir: string, options: Partial<FactsStoreOptions> & { location: string | null }, reportPaths: string[] = []) {
  const config = loadConfig(join(dir, 'docwarden.yml'), 'docwarden.yml', RULES);
  const facts = new FactsStore({ extractionKey: extractionKeyOf(config), ...options });
  const result = await run({ root: dir, config, rules: RULES, facts, reportPaths, now: '2026-05-13' });
  // The engine never writes: the caller persists the cache, as the CLI and lint() do.
  facts.flush();
  return { result, facts, sarif: formatSarif(result, { includeSuppressed: true }) };
}

describe('facts cache', () => {
  it('gives byte-identical SARIF without a cache, with a cold cache and with a warm one', async () => {
    const dir = demoCopy('identical');
    const cache = join(tmp, 'identical-cache');
    const args = ['--format', 'sarif', '--now', '2026-05-13'];
    const uncached = await cli([...args, '--no-cache'], dir);
    const cold = await cli([...args, '--cache-location', cache], dir);
    const entries = entriesOf(cache);
    const warm = await cli([...args, '--cache-location', cache], dir);
    expect(uncached.stderr).toBe('');
    expect(uncached.code).toBe(1); // the demo has findings, so the comparison means something
    expect(JSON.parse(uncached.stdout).runs[0].results.length).toBeGreaterThan(0);
    expect(cold.stdout).toBe(uncached.stdout);
    expect(warm.stdout).toBe(uncached.stdout);
    expect(entries.length).toBeGreaterThan(0);
    expect(entriesOf(cache)).toEqual(entries);
  });

  it('never caches inside the tree by default, even with node_modules/ (issue 15, item 2), and --no-cache writes nothing', async () => {
    const dir = demoCopy('default-location');
    mkdirSync(join(dir, 'node_modules'));
    const home = join(tmp, 'xdg-default');
    await cli(['--no-cache'], dir, { XDG_CACHE_HOME: home });
    expect(readdirSync(join(dir, 'node_modules'))).toEqual([]);
    expect(existsSync(home)).toBe(false);
    await cli([], dir, { XDG_CACHE_HOME: home });
    expect(readdirSync(join(dir, 'node_modules'))).toEqual([]);
    expect(entriesOf(defaultCacheLocation(dir, { XDG_CACHE_HOME: home })).length).toBeGreaterThan(0);
  });

  it('without node_modules, caches in the user cache folder: never a new folder in the repository', async () => {
    const dir = demoCopy('no-node-modules');
    const home = join(tmp, 'xdg-cache');
    const location = defaultCacheLocation(dir, { XDG_CACHE_HOME: home });
    expect(location.startsWith(join(home, 'docwarden'))).toBe(true);
    expect(defaultCacheLocation(dir, { XDG_CACHE_HOME: home })).toBe(location);
    await cli(['--cache-location', location], dir);
    expect(readdirSync(dir)).not.toContain('node_modules');
    expect(entriesOf(location).length).toBeGreaterThan(0);
  });

  it('leaves a cache folder inside the tree out of the files it reads', async () => {
    const dir = demoCopy('cache-in-tree');
    const first = await cli(['--format', 'json', '--cache-location', 'cache-here'], dir);
    const second = await cli(['--format', 'json', '--cache-location', 'cache-here'], dir);
    expect(entriesOf(join(dir, 'cache-here')).length).toBeGreaterThan(0);
    expect(second.stdout).toBe(first.stdout);
    const config = loadConfig(join(dir, 'docwarden.yml'), 'docwarden.yml', RULES);
    const store = new FactsStore({ location: join(dir, 'cache-here'), extractionKey: extractionKeyOf(config) });
    expect(new Workspace({ root: dir, config }).files.some((f) => f.startsWith('cache-here/'))).toBe(true);
    expect(new Workspace({ root: dir, config, facts: store }).files.some((f) => f.startsWith('cache-here/'))).toBe(false);
  });

  it('reads a warm cache without parsing, and survives corrupt and truncated entries by rewriting them', async () => {
    const dir = demoCopy('corrupt');
    const cache = join(tmp, 'corrupt-cache');
    const cold = await runWith(dir, { location: cache, workers: 1 });
    expect(cold.facts.stats.markdownParsed).toBeGreaterThan(1);
    const warm = await runWith(dir, { location: cache, workers: 1 });
    expect(warm.facts.stats.markdownParsed).toBe(0);
    expect(warm.facts.stats.sourceScanned).toBe(0);
    // env-docs' syntax trees too: a warm run parses no source file again.
    expect(cold.facts.stats.sourceParsed).toBeGreaterThan(0);
    expect(warm.facts.stats.sourceParsed).toBe(0);
    expect(warm.sarif).toBe(cold.sarif);

    // One entry's line cut short and another's replaced by an entry for some other key.
    const pack = packOf(cache);
    const lines = readFileSync(pack, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^docwarden-facts-pack \d+$/);
    lines[1] = lines[1].slice(0, Math.floor(lines[1].length / 2));
    lines[2] = `{"key":"${lines[2].slice(8, 72)}","facts":{"kind":"markdown"}}`;
    // Only a line's facts are parsed (its key is what indexes it): a line around them that is not an entry's is damage too.
    expect(lines.length).toBeGreaterThan(5);
    lines[3] = lines[3].replace('","facts":', '","fact$":');
    lines[4] = `${lines[4]} `;
    writeFileSync(pack, lines.join('\n'));
    const survived = await runWith(dir, { location: cache, workers: 1 });
    expect(survived.facts.stats.cacheCorrupt).toBe(4);
    expect(survived.facts.stats.markdownParsed + survived.facts.stats.sourceScanned + survived.facts.stats.sourceParsed).toBe(4);
    expect(survived.sarif).toBe(cold.sarif);
    // Rewritten whole: the next run reads them again.
    const again = await runWith(dir, { location: cache, workers: 1 });
    expect(again.facts.stats.cacheCorrupt).toBe(0);
    expect(again.facts.stats.markdownParsed + again.facts.stats.sourceScanned).toBe(0);
  });

  it('reads a pack larger than the 64 MB cap of other files (200,000 small docs make about 120 MB; issue 15)', async () => {
    const dir = demoCopy('big-pack');
    const cache = join(tmp, 'big-pack-cache');
    await runWith(dir, { location: cache, workers: 1 });
    // The entry of a file that is gone, 65 MB of it: the pack passes the cap its own entries never reach.
    appendFileSync(packOf(cache), `{"key":"${'0'.repeat(64)}","facts":{"kind":"markdown","text":"${'x'.repeat(65 * 1024 * 1024)}"}}\n`);
    const warm = await runWith(dir, { location: cache, workers: 1 });
    expect(warm.facts.stats.markdownParsed).toBe(0);
    expect(warm.facts.stats.cacheHits).toBeGreaterThan(1);
  });

  it('re-parses exactly the changed file (incremental runs narrowed to it parse one doc)', async () => {
    const dir = demoCopy('changed');
    const cache = join(tmp, 'changed-cache');
    const cold = await runWith(dir, { location: cache, workers: 1 });
    const before = entriesOf(cache);
    const docs = cold.facts.stats.markdownParsed;
    const install = join(dir, 'docs', 'install.md');
    writeFileSync(install, `${readFileSync(install, 'utf8')}\nSee [the missing page](missing.md).\n`);

    const narrowed = await runWith(dir, { location: cache, workers: 1 }, ['docs/install.md']);
    expect(narrowed.facts.stats.markdownParsed).toBe(1);
    expect(narrowed.facts.stats.sourceScanned).toBe(0);
    expect(narrowed.facts.stats.cacheHits).toBeGreaterThanOrEqual(docs - 1);
    const after = entriesOf(cache);
    expect(after.filter((e) => !before.includes(e))).toHaveLength(1);
    expect(before.filter((e) => !after.includes(e))).toHaveLength(0);
    expect(formatTextPlain(narrowed.result.findings)).toContain('missing.md');

    const uncached = await runWith(dir, { location: null }, ['docs/install.md']);
    expect(narrowed.sarif).toBe(uncached.sarif);
  });

  it('trusts an unchanged doc on its stamp without reading it, and reads one whose size and mtime hide an edit (issue 15)', async () => {
    const dir = demoCopy('stamps');
    const cache = join(tmp, 'stamps-cache');
    const options = { location: cache, workers: 1, racyWindowMs: 0 };
    const install = join(dir, 'docs', 'install.md');
    utimesSync(install, 1_700_000_000, 1_700_000_000); // a whole second: put back exactly below
    const cold = await runWith(dir, options);
    expect(readdirSync(cache).filter((f) => f.endsWith('.stamps'))).toHaveLength(1);
    const docs = cold.facts.stats.markdownParsed;
    await new Promise((r) => setTimeout(r, 20)); // every stamp strictly older than the next run's clock

    const warm = await runWith(dir, options);
    expect(warm.facts.stats.trustedStamps).toBe(docs);
    expect(warm.facts.stats.markdownParsed).toBe(0);
    expect(warm.sarif).toBe((await runWith(dir, { location: null })).sarif);

    // The same size and the old mtime put back, as `touch -r` or a checkout can: only the ctime tells, and it does.
    const before = statSync(install);
    const edited = readFileSync(install, 'utf8').replace('(configuration.md#', '(configurxtion.md#');
    expect(edited.length).toBe(before.size);
    writeFileSync(install, edited);
    utimesSync(install, 1_700_000_000, 1_700_000_000);
    expect(statSync(install).mtimeMs).toBe(before.mtimeMs);
    const after = await runWith(dir, options);
    expect(after.facts.stats.trustedStamps).toBe(docs - 1);
    expect(after.facts.stats.markdownParsed).toBe(1);
    expect(formatTextPlain(after.result.findings)).toContain('configurxtion.md');
    expect(after.sarif).toBe((await runWith(dir, { location: null })).sarif);
  });

  it('records no stamp younger than the racy window: a file written just before the run is read and hashed next time too', async () => {
    const dir = demoCopy('racy');
    const cache = join(tmp, 'racy-cache');
    const options = { location: cache, workers: 1, racyWindowMs: 3_600_000 };
    await runWith(dir, options);
    const warm = await runWith(dir, options);
    expect(warm.facts.stats.trustedStamps).toBe(0);
    expect(warm.facts.stats.cacheHits).toBeGreaterThan(0);
    expect(readdirSync(cache).filter((f) => f.endsWith('.stamps'))).toEqual([]);
  });

  it('invalidates every entry when the docwarden version or the configuration changes', async () => {
    const dir = demoCopy('invalidate');
    const cache = join(tmp, 'invalidate-cache');
    const cold = await runWith(dir, { location: cache, workers: 1, toolVersion: '1.0.0' });
    const parsed = cold.facts.stats.markdownParsed + cold.facts.stats.sourceScanned + cold.facts.stats.sourceParsed;
    expect((await runWith(dir, { location: cache, workers: 1, toolVersion: '1.0.0' })).facts.stats.cacheHits).toBe(parsed);

    const newVersion = await runWith(dir, { location: cache, workers: 1, toolVersion: '1.0.1' });
    expect(newVersion.facts.stats.cacheHits).toBe(0);
    expect(newVersion.facts.stats.markdownParsed + newVersion.facts.stats.sourceScanned + newVersion.facts.stats.sourceParsed).toBe(parsed);

    const configFile = join(dir, 'docwarden.yml');
    writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}\nignore: ["docs/archive/**"]\n`);
    const newConfig = await runWith(dir, { location: cache, workers: 1, toolVersion: '1.0.0' });
    expect(newConfig.facts.stats.cacheHits).toBe(0);
    expect(newConfig.facts.stats.markdownParsed + newConfig.facts.stats.sourceScanned + newConfig.facts.stats.sourceParsed).toBe(parsed);
  });

  it('returns from the cache exactly the facts it parsed, front matter data untouched', () => {
    const text = '---\nrange: [1, 2, 3, 4]\ntitle: x\n---\n# T\n\n| a | `b` |\n| - | - |\n| [c](d.md) | e |\n\n- `f` [g](h.md)\n\n<!-- note -->\n<a id="x"></a>\n[r][missing]\n';
    const lines = new LineIndex(text);
    const location = join(tmp, 'roundtrip-cache');
    const writer = new FactsStore({ location, extractionKey: 'k' });
    const first = writer.markdown('a.md', text, lines);
    writer.flush();
    const second = new FactsStore({ location, extractionKey: 'k' });
    expect(second.markdown('copy/a.md', text, lines)).toEqual({ ...extractMarkdownFacts('copy/a.md', text, lines) });
    expect(second.stats.cacheHits).toBe(1);
    expect(first.frontMatter?.data).toEqual({ range: [1, 2, 3, 4], title: 'x' });
  });

  it('keeps the data of a structured file by content: a warm run reads it without parsing, a damaged file stays a fact', () => {
    const text = 'info:\n  version: 1.2.3\npaths:\n  /a:\n    get: { operationId: getA }\n';
    const location = join(tmp, 'structured-cache');
    const writer = new FactsStore({ location, extractionKey: 'k' });
    writer.structured('api/openapi.yaml', text);
    writer.structured('broken.yaml', 'a: [1, 2\n');
    writer.flush();
    const second = new FactsStore({ location, extractionKey: 'k' });
    expect(second.structured('copy/openapi.yaml', text)).toEqual(extractStructuredFacts('copy/openapi.yaml', text));
    expect(second.structured('broken.yaml', 'a: [1, 2\n')).toEqual(extractStructuredFacts('broken.yaml', 'a: [1, 2\n'));
    expect(second.stats.cacheHits).toBe(2);
    // The format is part of the key: the same text as JSON is its own entry.
    expect(second.structured('openapi.json', text).format).toBe('json');
    expect(second.stats.cacheHits).toBe(2);
  });

  it('adds a few entries as loose files, folds them into a new pack when many, and drops entries of files gone', () => {
    const location = join(tmp, 'pack-cache');
    const doc = (i: number) => `# Doc ${i}\n\n[next](doc-${i + 1}.md)\n`;
    const parse = (range: number[]) => {
      const store = new FactsStore({ location, extractionKey: 'k' });
      for (const i of range) store.markdown(`doc-${i}.md`, doc(i), new LineIndex(doc(i)));
      store.flush();
      return store.stats;
    };
    const kinds = () => entriesOf(location).map((e) => e.split(':')[0]);
    const count = (kind: string) => kinds().filter((k) => k === kind).length;
    // First run: no pack yet, so even a few entries make one.
    expect(parse([0, 1, 2]).markdownParsed).toBe(3);
    expect(kinds()).toEqual(['pack', 'pack', 'pack']);
    // A few new entries (a developer's edit) are loose files beside the pack.
    expect(parse([0, 1, 2, 3, 4]).markdownParsed).toBe(2);
    expect(count('pack')).toBe(3);
    expect(count('loose')).toBe(2);
    // Many new entries: one new pack with everything used, the loose files folded in and removed.
    const many = Array.from({ length: 100 }, (_, i) => i);
    const stats = parse(many);
    expect(stats.markdownParsed).toBe(95);
    expect(stats.cacheHits).toBe(5);
    expect(count('pack')).toBe(100);
    expect(count('loose')).toBe(0);
    expect(parse(many).markdownParsed).toBe(0);
    // The repository loses most docs and gains 70 new ones: the 90 unused entries outnumber the 80 used, so they go.
    const changed = [...many.slice(0, 10), ...Array.from({ length: 70 }, (_, i) => 1000 + i)];
    expect(parse(changed).markdownParsed).toBe(70);
    expect(count('pack')).toBe(80);
    expect(parse(changed).markdownParsed).toBe(0);
  });

  it('rewrites a pack whose header is not its own, and leaves no temporary files', () => {
    const location = join(tmp, 'pack-header');
    const text = '# A\n';
    const first = new FactsStore({ location, extractionKey: 'k' });
    first.markdown('a.md', text, new LineIndex(text));
    first.flush();
    const pack = packOf(location);
    writeFileSync(pack, readFileSync(pack, 'utf8').replace(/^docwarden-facts-pack \d+/, 'something else'));
    const second = new FactsStore({ location, extractionKey: 'k' });
    second.markdown('a.md', text, new LineIndex(text));
    second.flush();
    expect(second.stats.markdownParsed).toBe(1);
    expect(readFileSync(pack, 'utf8')).toMatch(/^docwarden-facts-pack \d+\n/);
    const third = new FactsStore({ location, extractionKey: 'k' });
    third.markdown('a.md', text, new LineIndex(text));
    expect(third.stats.cacheHits).toBe(1);
    expect(readdirSync(location).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('keeps working when the cache folder cannot be written', async () => {
    const dir = demoCopy('unwritable');
    const blocker = join(tmp, 'a-file-not-a-folder');
    writeFileSync(blocker, 'x');
    const blocked = await runWith(dir, { location: join(blocker, 'cache'), workers: 1 });
    const uncached = await runWith(dir, { location: null });
    expect(blocked.facts.stats.cacheWrites).toBe(0);
    expect(blocked.sarif).toBe(uncached.sarif);
  });
});

describe('parallel extraction', () => {
  let corpus: string;
  beforeAll(() => {
    corpus = join(tmp, 'corpus');
    generateCorpus(corpus, 60);
    writeFileSync(join(corpus, 'docwarden.yml'), 'rules:\n  links: error\n');
  });

  it('finds exactly the same with 1 worker and with N workers, cold and warm', async () => {
    const cache = join(tmp, 'parallel-cache');
    const everything = { files: 1, bytes: 0 };
    const single = await runWith(corpus, { location: null, workers: 1, parallelThreshold: everything });
    const parallel = await runWith(corpus, { location: cache, workers: 3, parallelThreshold: everything });
    const warm = await runWith(corpus, { location: cache, workers: 3, parallelThreshold: everything });
    expect(single.facts.stats.workers).toBe(0);
    expect(parallel.facts.stats.workers).toBe(3);
    expect(parallel.facts.stats.markdownParsed).toBe(61);
    expect(warm.facts.stats.markdownParsed).toBe(0);
    expect(single.result.findings.length).toBeGreaterThan(0);
    expect(parallel.sarif).toBe(single.sarif);
    expect(warm.sarif).toBe(single.sarif);
  });

  it('parses copies of one document once (versioned docs), reporting each copy under its own path', async () => {
    const dir = join(tmp, 'copies');
    cpSync(corpus, dir, { recursive: true });
    const doc = readdirSync(join(dir, 'docs'), { recursive: true, encoding: 'utf8' }).find((p) => p.endsWith('.md'))!;
    // A versioned copy of a doc with a dead link: the finding must appear once per copy.
    const text = `${readFileSync(join(dir, 'docs', doc), 'utf8')}\n[gone](./no-such-file.md)\n`;
    writeFileSync(join(dir, 'docs', doc), text);
    for (const v of ['1.0', '2.0']) {
      mkdirSync(join(dir, 'versioned', v, 'docs', doc, '..'), { recursive: true });
      writeFileSync(join(dir, 'versioned', v, 'docs', doc), text);
    }
    const everything = { files: 1, bytes: 0 };
    for (const workers of [1, 2]) {
      const r = await runWith(dir, { location: null, workers, parallelThreshold: everything });
      expect(r.facts.stats.markdownParsed).toBe(61);
      expect(r.facts.stats.copies).toBe(2);
      const dead = r.result.findings.filter((f) => f.message.includes('no-such-file.md')).map((f) => f.location.path);
      expect(dead.sort()).toEqual([`docs/${doc}`, `versioned/1.0/docs/${doc}`, `versioned/2.0/docs/${doc}`]);
    }
  });

  it('parses in this thread below the threshold', async () => {
    const small = await runWith(corpus, { location: null, workers: 4, parallelThreshold: { files: 10_000, bytes: 1e9 } });
    expect(small.facts.stats.workers).toBe(0);
    expect(small.facts.stats.markdownParsed).toBe(61);
  });

  it('returns the facts of each file in input order from the TypeScript sources', async () => {
    const jobs = ['# A\n\n[x](b.md#c)\n', '| a |\n| - |\n| `b` |\n', '---\nx: 1\n---\n## Two\n'].map((text, i) => ({ path: `d${i}.md`, text }));
    const packed = await extractInWorkers(jobs, 2);
    expect(packed.map((p) => deserializeFacts(p!))).toEqual(jobs.map((j) => extractMarkdownFacts(j.path, j.text)));
  });

  it('unpacks every empty list of cached facts as one shared, frozen list', () => {
    // 200,000 small docs' own empty arrays were a fifth of a warm run's live facts.
    const [a, b] = ['# A\n', '[x](y.md)\n'].map((text, i) => deserializeFacts<DocFacts>(serializeFacts(extractMarkdownFacts(`d${i}.md`, text))));
    expect(a.links).toEqual([]);
    expect(a.links).toBe(b.headings);
    expect(a.tables).toBe(b.tables);
    expect(Object.isFrozen(a.links)).toBe(true);
    expect(b.links).toHaveLength(1);
  });

  it('runs the worker from compiled JavaScript too', () => {
    // The published package runs dist/…/extract-worker.js: build and use it in a plain node process.
    const out = join(REPO, 'node_modules', '.cache', 'docwarden-test-build');
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', out], { cwd: REPO });
    const script = `
      import { extractInWorkers } from ${JSON.stringify(new URL(`file://${join(out, 'src', 'workspace', 'parallel.js')}`).href)};
      const facts = await extractInWorkers([{ path: 'a.md', text: '# Title\\n\\n[y](z.md)\\n' }, { path: 'b.md', text: '## B\\n' }], 2);
      process.stdout.write(JSON.stringify(facts));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect((JSON.parse(stdout) as string[]).map((p) => deserializeFacts(p))).toEqual([extractMarkdownFacts('a.md', '# Title\n\n[y](z.md)\n'), extractMarkdownFacts('b.md', '## B\n')]);
    // A whole tsc build: 75 s on a shared 2-core machine under load, so the default 60 s is not a bound but a coin toss.
  }, 300_000);
});

describe('shared points', () => {
  it('ranges at the same line and column share one frozen point, parsed or read from the cache', () => {
    const text = '# Title\n\n[a](b.md) `c`\n';
    const one = extractMarkdownFacts('one.md', text);
    const two = extractMarkdownFacts('two.md', `${text}\nmore\n`);
    expect(two.headings[0].range.start).toBe(one.headings[0].range.start);
    expect(two.links[0].range.end).toBe(one.links[0].range.end);
    expect(Object.isFrozen(one.codeSpans[0].range.start)).toBe(true);
    expect(() => {
      'use strict';
      (one.headings[0].range.start as { line: number }).line = 99;
    }).toThrow(TypeError);
    const location = join(tmp, 'points-cache');
    const writer = new FactsStore({ location, extractionKey: 'k' });
    writer.markdown('one.md', text, new LineIndex(text));
    writer.flush();
    const cached = new FactsStore({ location, extractionKey: 'k' }).markdown('copy.md', text, new LineIndex(text));
    expect(cached.links[0].range.start).toBe(one.links[0].range.start);
  });

  it('facts read from the cache share one frozen range per span and one omitted list, and keep the values of large ones', () => {
    const a = '# Title\n\n[a](b.md)\n';
    const b = '# Title\n\n[x](y.md) more\n';
    const long = `# ${'T'.repeat(9000)}\n`;
    const location = join(tmp, 'ranges-cache');
    const writer = new FactsStore({ location, extractionKey: 'k', omit: ['tables', 'listItems'] });
    for (const [path, text] of [
      ['a.md', a],
      ['b.md', b],
      ['long.md', long],
    ])
      writer.markdown(path, text, new LineIndex(text));
    writer.flush();
    const reader = new FactsStore({ location, extractionKey: 'k', omit: ['tables', 'listItems'] });
    const [one, two, big] = [a, b, long].map((text, i) => reader.markdown(`${i}.md`, text, new LineIndex(text)));
    expect(reader.stats.cacheHits).toBe(3);
    // The heading of both docs, and each doc's heading and its anchor, are one object.
    expect(two.headings[0].range).toBe(one.headings[0].range);
    expect(one.anchors[0].range).toBe(one.headings[0].range);
    expect(two.links[0].range).toBe(one.links[0].range);
    expect(Object.isFrozen(one.links[0].range)).toBe(true);
    expect(two.omitted).toBe(one.omitted);
    expect(one.omitted).toEqual(['listItems', 'tables']);
    // Past the shared key's 13 bits a range is its own, with its exact values.
    expect(big.headings[0].range).toEqual({ start: { line: 1, column: 1 }, end: { line: 1, column: 9003 } });
    expect(big).toEqual(extractMarkdownFacts('2.md', long, undefined, { omit: ['tables', 'listItems'] }));
  });
});

describe('optional facts', () => {
  const config = (text: string) => parseConfig(text, 'docwarden.yml', RULES);

  it('are left out when no rule that will run reads them', () => {
    // commands and cli-flags are on by default: they read code blocks (and cli-flags the first cells of option tables, not whole tables).
    expect(unreadOptionalFacts(RULES, config('{}'))).toEqual(['listItems', 'tables']);
    expect(unreadOptionalFacts(RULES, config('rules:\n  cli-flags: off\n'))).toEqual(['firstCells', 'listItems', 'tables']);
    expect(unreadOptionalFacts(RULES, config('rules:\n  cli-flags: off\n  commands: off\n'))).toEqual(['codeBlocks', 'firstCells', 'listItems', 'tables']);
    const counting = config('rules:\n  counts:\n    claims:\n      - id: n\n        phrase: "(?<count>\\\\d+) things"\n        equals: { glob: "*.md" }\n');
    expect(unreadOptionalFacts(RULES, counting)).toEqual([]);
    // --rule narrows the run: counts is configured but will not run.
    expect(unreadOptionalFacts(RULES, counting, ['links'])).toEqual(['codeBlocks', 'firstCells', 'listItems', 'tables']);
    expect(unreadOptionalFacts(RULES, config('{}'), ['inventory'])).toEqual(['firstCells']);
  });

  it('a rule reading facts the run left out fails loudly instead of seeing no entries', () => {
    const text = '## Things\n\n| Name |\n| - |\n| `a` |\n';
    const partial = extractMarkdownFacts('t.md', text, undefined, { omit: ['tables', 'listItems'] });
    const section = findSection(partial, 'things')!;
    expect(() => sectionEntries(partial, section)).toThrow(/t\.md was parsed without tables, listItems/);
    const full = extractMarkdownFacts('t.md', text);
    expect(sectionEntries(full, findSection(full, 'things')!).entries.map((e) => e.key)).toEqual(['a']);
  });

  it('are part of the cache key: a run that needs them never reads facts parsed without them', async () => {
    const location = join(tmp, 'omit-cache');
    const text = '| a |\n| - |\n| b |\n';
    const without = new FactsStore({ location, extractionKey: 'k', omit: ['tables'] });
    expect(without.markdown('a.md', text, new LineIndex(text)).tables).toEqual([]);
    without.flush();
    const withTables = new FactsStore({ location, extractionKey: 'k' });
    expect(withTables.markdown('a.md', text, new LineIndex(text)).tables).toHaveLength(1);
    expect(withTables.stats.cacheHits).toBe(0);
  });
});

describe('worker count', () => {
  it('takes the option, else DOCWARDEN_WORKERS, else one per core', () => {
    expect(workerCountOf(undefined, { DOCWARDEN_WORKERS: '1' })).toBe(1);
    expect(workerCountOf(undefined, { DOCWARDEN_WORKERS: '3' })).toBe(3);
    expect(workerCountOf(2, { DOCWARDEN_WORKERS: '1' })).toBe(2);
    expect(workerCountOf(undefined, { DOCWARDEN_WORKERS: 'many' })).toBe(availableParallelism());
    expect(workerCountOf('auto', {})).toBe(availableParallelism());
  });
});
