import { parentPort } from 'node:worker_threads';
import { extractMarkdownFacts } from '../facts/markdown.js';
import type { ExtractBatch, ExtractBatchResult } from './parallel.js';

/** Worker thread entry: parses batches of Markdown files and sends their facts back (structured clone). */
parentPort!.on('message', (batch: ExtractBatch) => {
  const reply: ExtractBatchResult = {
    id: batch.id,
    facts: batch.files.map((f) => {
      try {
        return extractMarkdownFacts(f.path, f.text);
      } catch {
        return null; // parsed again on the main thread, where the failure becomes a note
      }
    }),
  };
  parentPort!.postMessage(reply);
});
