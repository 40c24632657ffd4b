import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractOptions } from '../facts/markdown.js';

export interface ExtractJob {
  path: string;
  text: string;
}

export interface ExtractBatch {
  id: number;
  files: ExtractJob[];
  options: ExtractOptions;
}

export interface ExtractBatchResult {
  id: number;
  /** Packed facts JSON (see facts/pack.ts) per file, or null when the file could not be parsed. */
  facts: Array<string | null>;
}

/** Small batches keep every worker busy to the end; large ones save messages. About 256 KB each. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

/**
 * The worker entry sits next to this module with this module's extension: `.js`
 * in dist; `.ts` when running from sources (vitest, tsx). The test runner's
 * transform does not reach into worker threads and Node 20 ignores `--import`
 * loaders in a worker's execArgv, so from sources a small bootstrap registers
 * tsx's loader inside the worker first, then imports the TypeScript entry.
 */
function startWorker(): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./extract-worker${fromSources ? '.ts' : '.js'}`, import.meta.url);
  // A worker inherits the parent's node flags; --input-type (from `node -e`) is refused for file entries.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
  if (!fromSources) return new Worker(entry, { execArgv });
  // require() resolves the CommonJS flavour of tsx's API; the worker imports its ES module twin.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv });
}

function batchesOf(jobs: readonly ExtractJob[]): ExtractJob[][] {
  const batches: ExtractJob[][] = [];
  let current: ExtractJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    current.push(job);
    bytes += job.text.length;
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Parses Markdown files in `workerCount` worker threads, handing out batches as
 * workers become free. Returns facts in the order of `jobs`, whatever order the
 * workers finish in, so the result is the same as parsing in one thread.
 */
export async function extractInWorkers(
  jobs: readonly ExtractJob[],
  workerCount: number,
  options: ExtractOptions = {},
  /** Sees each file's result as it arrives; what it returns is kept in the result (default: the result itself). */
  onResult: (index: number, packed: string | null) => string | null = (_i, packed) => packed,
): Promise<Array<string | null>> {
  const batches = batchesOf(jobs);
  const starts: number[] = [];
  let offset = 0;
  for (const b of batches) {
    starts.push(offset);
    offset += b.length;
  }
  const results: Array<string | null> = new Array<string | null>(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolvePool, rejectPool) => {
      let pending = batches.length;
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        rejectPool(err instanceof Error ? err : new Error(String(err)));
      };
      const feed = (worker: Worker) => {
        if (next >= batches.length) return;
        const id = next++;
        const batch: ExtractBatch = { id, files: batches[id], options };
        worker.postMessage(batch);
      };
      const count = Math.max(1, Math.min(workerCount, batches.length));
      for (let i = 0; i < count; i++) {
        const worker = startWorker();
        workers.push(worker);
        worker.on('message', (reply: ExtractBatchResult) => {
          const start = starts[reply.id];
          for (let j = 0; j < reply.facts.length; j++) results[start + j] = onResult(start + j, reply.facts[j]);
          if (--pending === 0) resolvePool();
          else feed(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (pending > 0) fail(new Error(`a parsing worker exited with code ${code} before finishing`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
