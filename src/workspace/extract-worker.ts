import { parentPort } from 'node:worker_threads';
import { extractDocFacts } from '../facts/markdown-extract.js';
import { serializeFacts } from '../facts/pack.js';
import type { ExtractBatch, ExtractBatchResult } from './parallel.js';

/** Worker thread entry: parses batches of Markdown files and sends their facts back as packed JSON. */
parentPort!.on('message', (batch: ExtractBatch) => {
  const reply: ExtractBatchResult = {
    id: batch.id,
    facts: batch.files.map((f) => {
      try {
        return serializeFacts(extractDocFacts(f.path, f.text, undefined, batch.options));
      } catch {
        return null; // parsed again on the main thread, where the failure becomes a note
      }
    }),
  };
  parentPort!.postMessage(reply);
});
