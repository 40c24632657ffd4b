// The floor docwarden is measured against: read every Markdown file under a folder
// and parse it with docwarden's own parser in N worker threads, building nothing
// else: the fast extractor's (@lezer/markdown with GFM), or with `remark` the
// reference's (remark-parse + GFM + front matter).
// Usage: node bench/bare-parse.mjs DIR [WORKERS] [lezer|remark]
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const parserName = (isMainThread ? process.argv[4] : workerData?.parser) === 'remark' ? 'remark' : 'lezer';
const parserUrl = new URL(parserName === 'remark' ? '../dist/src/facts/markdown.js' : '../dist/src/facts/markdown-fast.js', import.meta.url);

/**
 * The Markdown files docwarden reads: git's list in a repository (a symlinked
 * folder is one entry, not a second copy of its files), else a folder walk.
 */
export function markdownFilesOf(dir) {
  const git = spawnSync('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', '-c', '-o', '--exclude-standard'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const listed = git.status === 0 ? git.stdout.split('\0').filter(Boolean) : readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return listed
    .filter((p) => /\.(md|markdown|mdown)$/i.test(p) && !p.split('/').includes('node_modules') && !p.split('/').includes('.git'))
    .filter((p) => !lstatSync(join(dir, p)).isSymbolicLink() && lstatSync(join(dir, p)).isFile())
    .sort();
}

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  const workers = Number(process.argv[3] ?? availableParallelism());
  const files = markdownFilesOf(dir);
  const shares = Array.from({ length: workers }, (_, i) => files.filter((_, j) => j % workers === i).map((f) => join(dir, f)));
  let nodes = 0;
  await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: { files: share, parser: parserName } });
          w.on('message', (n) => {
            nodes += n;
            resolve();
          });
          w.on('error', reject);
        }),
    ),
  );
  process.stdout.write(`${files.length} files parsed with ${parserName}, ${nodes} top-level nodes\n`);
} else if (!isMainThread) {
  const parsers = await import(parserUrl.href);
  const count = parserName === 'remark' ? (text) => parsers.parseMarkdown(text).children.length : (text) => {
          let n = 0;
          for (let c = parsers.fastMarkdownParser.parse(text).topNode.firstChild; c; c = c.nextSibling) n++;
          return n;
        };
  let nodes = 0;
  for (const file of workerData.files) nodes += count(readFileSync(file, 'utf8'));
  parentPort.postMessage(nodes);
}
