/**
 * `npm run bench:lsp`: how long `docwarden lsp` takes from an edit of one open doc to its diagnostics, in a
 * generated repository of 1,000 docs (bench/corpus.ts), after a first (cold) run has filled the facts cache.
 * Prints the cold first publish and the median, min and max of the warm edit → publishDiagnostics times.
 * Options: --docs N (default 1000), --edits N (default 15), --bundle PATH (default dist-action/cli.js).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { generateCorpus } from './corpus.js';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '1000' }, edits: { type: 'string', default: '15' }, bundle: { type: 'string', default: join(import.meta.dirname, '..', 'dist-action', 'cli.js') } },
});
const root = mkdtempSync(join(tmpdir(), 'docwarden-bench-lsp-'));
const summary = generateCorpus(root, Number(values.docs));
const doc = join(root, 'docs/area-0/topic-0/page-0.md');
const uri = pathToFileURL(doc).href;
const text = readFileSync(doc, 'utf8');

const child = spawn(process.execPath, [values.bundle!, 'lsp'], { cwd: root, env: { ...process.env, XDG_CACHE_HOME: join(root, '.cache') }, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let waiter: (() => void) | null = null;
connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
  if (p.uri === uri && waiter) waiter();
});
connection.listen();
const published = (): Promise<void> => new Promise((res) => (waiter = res));

await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
let t = performance.now();
const first = published();
await connection.sendNotification(InitializedNotification.type, {});
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
await first;
const cold = performance.now() - t;

const times: number[] = [];
for (let i = 0; i < Number(values.edits); i++) {
  // Every other edit adds a dead link, so the diagnostics change each time.
  const next = published();
  t = performance.now();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: i + 2 },
    contentChanges: [{ text: i % 2 ? text : `${text}\n[gone](./missing-${i}.md)\n` }],
  });
  await next;
  // The server waits DEBOUNCE_MS (150 ms) after the last edit before it lints: subtract it, that is the editor's wait for typing to stop.
  times.push(performance.now() - t - 150);
}
times.sort((a, b) => a - b);
console.log(
  `${summary.docs} docs, ${summary.sources} sources: first publish (cold) ${cold.toFixed(0)} ms; warm edit → diagnostics (debounce excluded) median ${times[times.length >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)} (${times.length} edits)`,
);
child.kill();
process.exit(0);
