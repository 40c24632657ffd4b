/**
 * The env-docs readers alone, cold, on every file of one language in a corpus:
 * today's syntax-tree readers beside the text-pattern readers they replaced.
 * `npm run bench` runs both modes as cases; by hand:
 *
 *   npx tsx bench/env-readers.ts DIR trees|patterns [go]
 *
 * Prints the files, the bytes, the names found and the time in the readers
 * (grammar loading included for trees; process start-up not).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvNames, type PatternReader } from '../src/facts/env-readers.js';
import { extractEnvCodeFacts, joinEnvReads, treeLanguageOf, type TreeReader } from '../src/facts/env-trees.js';
import { commentSpans, commentFamilyOf, inSpans } from '../src/facts/source.js';
import { loadGrammars } from '../src/facts/syntax.js';

const EXTENSIONS: Record<string, RegExp> = { go: /\.go$/, node: /\.(?:[cm]?[jt]sx?)$/, python: /\.py$/ };

const [corpus, mode, reader = 'go'] = process.argv.slice(2);
if (!corpus || (mode !== 'trees' && mode !== 'patterns') || !EXTENSIONS[reader]) {
  process.stderr.write('usage: tsx bench/env-readers.ts DIR trees|patterns [go|node|python]\n');
  process.exit(2);
}
const listed = spawnSync('git', ['ls-files', '-z'], { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\0');
const paths = listed.filter((p) => EXTENSIONS[reader].test(p));
const texts = paths.map((p) => readFileSync(join(corpus, p), 'utf8'));
const bytes = texts.reduce((sum, t) => sum + t.length, 0);

const started = performance.now();
const cpu = process.cpuUsage();
const names = new Set<string>();
if (mode === 'trees') {
  await loadGrammars(new Set(paths.map((p) => treeLanguageOf(reader as TreeReader, p))));
  const facts = paths.map((p, i) => extractEnvCodeFacts(p, texts[i], reader as TreeReader));
  const full = (f: { path: string }) => extractEnvCodeFacts(f.path, texts[paths.indexOf(f.path)], reader as TreeReader, true);
  for (const r of joinEnvReads(facts, full)) names.add(r.name);
} else {
  // What a cold run did before: each file's comment spans, then the reader's patterns, reads in comments dropped.
  paths.forEach((p, i) => {
    const comments = commentSpans(texts[i], commentFamilyOf(p, texts[i]), p);
    for (const r of readEnvNames(reader as PatternReader, texts[i])) if (!inSpans(comments, r.start)) names.add(r.name);
  });
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(
  `${mode} ${reader}: ${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${names.size} names, ${ms.toFixed(0)} ms in the readers (${((used.user + used.system) / 1000).toFixed(0)} ms CPU)`,
);
