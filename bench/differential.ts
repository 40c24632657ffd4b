/**
 * `npm run bench -- --differential [--corpus DIR]`: the fast Markdown extractor
 * against the reference (remark) on every Markdown file of a corpus, as the
 * differential test does on the spec examples and fixtures: facts byte for
 * byte, with every optional fact omitted (what default and links-only runs
 * parse) and with none (inventory, counts), and why each document the fast
 * extractor hands to the reference goes there. Then docwarden's JSON report, with
 * each extractor and no cache. Prints what differs; exit code 1 when anything does.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractMarkdownFacts } from '../src/facts/markdown.js';
import { extractMarkdownFactsFast } from '../src/facts/markdown-fast.js';
import { OPTIONAL_FACTS, type OptionalFact } from '../src/facts/types.js';

export function runDifferential(corpus: string, files: readonly string[], cli: string[]): number {
  let failures = 0;
  for (const omit of [OPTIONAL_FACTS, []] as Array<readonly OptionalFact[]>) {
    let handled = 0;
    let fastMs = 0;
    let referenceMs = 0;
    const differ: string[] = [];
    const handOffs = new Map<string, { docs: number; bytes: number }>();
    for (const file of files) {
      let text = readFileSync(join(corpus, file), 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let t = performance.now();
      const onHandOff = (reason: string) => {
        const seen = handOffs.get(reason) ?? { docs: 0, bytes: 0 };
        seen.docs++;
        seen.bytes += text.length;
        handOffs.set(reason, seen);
      };
      const fast = extractMarkdownFactsFast(file, text, undefined, { omit, onHandOff });
      fastMs += performance.now() - t;
      if (!fast) continue;
      handled++;
      t = performance.now();
      const reference = extractMarkdownFacts(file, text, undefined, { omit });
      referenceMs += performance.now() - t;
      if (JSON.stringify(fast) === JSON.stringify(reference)) continue;
      const fields = Object.keys(reference).filter((k) => JSON.stringify(reference[k as keyof typeof reference]) !== JSON.stringify(fast[k as keyof typeof fast]));
      differ.push(`  ${file}: ${fields.join(', ')}`);
    }
    failures += differ.length;
    console.log(
      `facts, omitting [${omit.join(', ')}]: ${files.length} files, ${handled} by the fast extractor (${files.length - handled} handed to the reference), ${differ.length} differ; ` +
        `on the files it handled: fast ${(fastMs / 1000).toFixed(2)} s, reference ${(referenceMs / 1000).toFixed(2)} s (one thread)`,
    );
    for (const [reason, { docs, bytes }] of [...handOffs].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  to the reference: ${docs} docs (${(bytes / 1e6).toFixed(2)} MB): ${reason}`);
    for (const d of differ.slice(0, 50)) console.log(d);
  }
  const report = (extractor: string) =>
    spawnSync(cli[0], [...cli.slice(1), '--no-cache', '--format', 'json'], { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, DOCWARDEN_MARKDOWN_EXTRACTOR: extractor } });
  const fast = report('fast');
  const reference = report('reference');
  const same = fast.stdout === reference.stdout && fast.status === reference.status;
  const count = (out: string) => {
    try {
      return (JSON.parse(out) as { findings?: unknown[] }).findings?.length ?? 0;
    } catch {
      return 'unreadable';
    }
  };
  console.log(`report (default rules, --no-cache): fast ${count(fast.stdout)} findings, reference ${count(reference.stdout)}: ${same ? 'byte-identical' : 'DIFFERENT'}`);
  if (!same) failures++;
  return failures ? 1 : 0;
}
