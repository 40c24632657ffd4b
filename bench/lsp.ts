/**
 * `npm run bench:lsp`: how long `docwarden lsp` takes from a didOpen or a didChange of one doc to that doc's
 * publishDiagnostics, in a generated repository of 1,000 docs (bench/corpus.ts), once the server's first run
 * has read the tree (its workspace stays in memory). Before each measured request the server is quiet: the
 * full run that follows a focused one (FULL_RUN_DELAY_MS after it) has published. Prints the cold first
 * publish and, for opens and for edits, the median, min and max wall time with the debounce subtracted, and
 * the server's CPU time (user+sys, from /proc) over the measured requests.
 * Options: --docs N (default 1000), --edits N (default 15), --bundle PATH (default dist-action/cli.js).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
const waiters = new Map<string, () => void>();
connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
  const w = waiters.get(p.uri);
  waiters.delete(p.uri);
  w?.();
});
connection.listen();
/** The next publishDiagnostics of `uri`. */
const published = (u: string): Promise<void> => new Promise((res) => waiters.set(u, res));
/** The server's CPU time so far (user+sys, ms), from /proc on Linux; NaN elsewhere. */
function serverCpu(): number {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
const DEBOUNCE = 150;
const FULL_DELAY = 1000;

await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {} });
let t = performance.now();
await connection.sendNotification(InitializedNotification.type, {});
let first = published(uri);
await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
await first;
const cold = performance.now() - t;
// The open's focused run, then the full run when idle: wait until the server has been quiet for a while.
for (let quiet = false; !quiet;) quiet = await Promise.race([published(uri).then(() => false), new Promise<boolean>((res) => setTimeout(() => res(true), FULL_DELAY + 1500))]);

/** Sends `send`, waits for `u`'s diagnostics (the focused run), then for the full run's; returns the first wait, debounce excluded. */
async function measure(u: string, send: () => Promise<void>): Promise<{ focused: number; full: number; cpu: number }> {
  const next = published(u);
  const start = performance.now();
  const cpuStart = serverCpu();
  await send();
  await next;
  const focused = performance.now() - start - DEBOUNCE;
  const cpu = serverCpu() - cpuStart;
  const refreshed = performance.now();
  await published(u);
  return { focused, full: performance.now() - refreshed - FULL_DELAY, cpu };
}

const edits = Number(values.edits);
const opens: number[] = [];
const changes: number[] = [];
const fulls: number[] = [];
const cpus: number[] = [];
const cpu0 = serverCpu();
for (let i = 0; i < edits; i++) {
  const other = pathToFileURL(join(root, `docs/area-${(i + 1) % 25}/topic-${Math.floor((i + 1) / 25) % 40}/page-${i + 1}.md`)).href;
  const otherText = readFileSync(fileURLToPath(other), 'utf8');
  const o = await measure(other, () => connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'markdown', version: 1, text: otherText } }));
  opens.push(o.focused);
  cpus.push(o.cpu);
  fulls.push(o.full);
  // Every other edit adds a dead link, so the diagnostics change each time.
  const c = await measure(uri, () =>
    connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: i % 2 ? text : `${text}\n[gone](./missing-${i}.md)\n` }] }),
  );
  changes.push(c.focused);
  cpus.push(c.cpu);
  fulls.push(c.full);
}
const cpu = serverCpu() - cpu0;
const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[s.length >> 1].toFixed(0)} ms, min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}`;
};
console.log(`${summary.docs} docs, ${summary.sources} sources: first publish (cold) ${cold.toFixed(0)} ms`);
console.log(`warm didOpen → publishDiagnostics (debounce excluded): ${stats(opens)} (${opens.length} opens)`);
console.log(`warm didChange → publishDiagnostics (debounce excluded): ${stats(changes)} (${changes.length} edits)`);
console.log(`full refresh run after each (its ${FULL_DELAY} ms idle delay excluded): ${stats(fulls)}`);
console.log(`server CPU (user+sys) from each measured request to its diagnostics: ${stats(cpus)}`);
console.log(`server CPU (user+sys) over the ${opens.length + changes.length} measured requests and their refresh runs: ${cpu.toFixed(0)} ms`);
child.kill();
process.exit(0);
