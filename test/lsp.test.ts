/**
 * `docwarden lsp` driven over stdio by a real LSP client (vscode-languageserver-protocol), against the
 * shipped bundle: initialize, didOpen of a doc with a broken link → its diagnostic; an edit that fixes it →
 * no diagnostics; a finding with a fix → a quick fix that applies it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { REPO } from './helpers.js';

const BUNDLE = join(REPO, 'dist-action', 'cli.js');

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-lsp-'));
  mkdirSync(join(dir, 'docs'));
  mkdirSync(join(dir, 'connectors', 'acme'), { recursive: true });
  mkdirSync(join(dir, 'connectors', 'local'), { recursive: true });
  writeFileSync(join(dir, 'connectors', 'acme', 'main.go'), 'package acme\n');
  writeFileSync(join(dir, 'connectors', 'local', 'main.go'), 'package local\n');
  writeFileSync(join(dir, 'docs', 'guide.md'), '# Guide\n');
  writeFileSync(join(dir, 'README.md'), '# Project\n\nRead the [guide](docs/guid.md). It has 3 connectors.\n');
  writeFileSync(join(dir, 'docwarden.yml'), "rules:\n  counts:\n    claims:\n      - id: connectors\n        phrase: '(?<count>\\d+) connectors'\n        equals: { glob: 'connectors/*/' }\n");
  return dir;
}

let child: ChildProcess | undefined;
let connection: ProtocolConnection | undefined;

afterEach(() => {
  connection?.dispose();
  child?.kill();
});

/** Starts the server with a fresh cache and a client connected to it; diagnostics arrive on `next()`. */
async function start(root: string): Promise<{ next: (uri: string) => Promise<PublishDiagnosticsParams> }> {
  child = spawn(process.execPath, [BUNDLE, 'lsp', '--stdio'], { cwd: root, env: { ...process.env, XDG_CACHE_HOME: join(root, '.cache') }, stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, ((p: PublishDiagnosticsParams) => void)[]>();
  const arrived = new Map<string, PublishDiagnosticsParams[]>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.get(p.uri)?.shift();
    if (w) w(p);
    else arrived.set(p.uri, [...(arrived.get(p.uri) ?? []), p]);
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'repo' }],
  });
  expect(init.capabilities.codeActionProvider).toBeTruthy();
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    next: (uri) => {
      const ready = arrived.get(uri)?.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((res) => waiting.set(uri, [...(waiting.get(uri) ?? []), res]));
    },
  };
}

describe('docwarden lsp', () => {
  it('publishes diagnostics for an open doc, clears them when an edit fixes it, and offers the fix of a finding as a quick fix', async () => {
    const root = repo();
    const readme = pathToFileURL(join(root, 'README.md')).href;
    const client = await start(root);
    const text = '# Project\n\nRead the [guide](docs/guid.md). It has 3 connectors.\n';
    await connection!.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: readme, languageId: 'markdown', version: 1, text } });
    // The first run (at initialized) and the run after didOpen may both publish: take the latest.
    let diagnostics = (await client.next(readme)).diagnostics;
    if (diagnostics.length === 0) diagnostics = (await client.next(readme)).diagnostics;
    const byRule = new Map(diagnostics.map((d) => [String(d.code).split('/')[0], d]));
    const link = byRule.get('links')!;
    // The whole link, as the text report gives it (README.md:3:10-3:31), in 0-based LSP positions.
    expect(link.range).toEqual({ start: { line: 2, character: 9 }, end: { line: 2, character: 30 } });
    expect(link.severity).toBe(1);
    expect(link.message).toContain('docs/guide.md');
    const count = byRule.get('counts')!;
    expect(count.message).toContain('claims 3, but there are 2');

    const actions = (await connection!.sendRequest(CodeActionRequest.type, { textDocument: { uri: readme }, range: count.range, context: { diagnostics: [count] } })) as CodeAction[];
    expect(actions).toHaveLength(1);
    expect(actions[0].edit?.changes?.[readme]).toEqual([{ range: { start: { line: 2, character: 39 }, end: { line: 2, character: 40 } }, newText: '2' }]);

    // The buffer changes (unsaved): the link is fixed and the count too; the file on disk still has both problems.
    await connection!.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: readme, version: 2 },
      contentChanges: [{ text: '# Project\n\nRead the [guide](docs/guide.md). It has 2 connectors.\n' }],
    });
    // Runs started before the edit may still publish; the diagnostics settle on none.
    let after = (await client.next(readme)).diagnostics;
    while (after.length > 0) {
      expect(after.map((d) => d.message)).toEqual(diagnostics.map((d) => d.message));
      after = (await client.next(readme)).diagnostics;
    }
    expect(after).toEqual([]);

    await connection!.sendRequest(ShutdownRequest.type);
    await connection!.sendNotification(ExitNotification.type);
  }, 60_000);

  it('an edit of an open doc publishes the findings it causes in a doc that links into it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docwarden-lsp-'));
    writeFileSync(join(root, 'a.md'), '# A\n\nSee [setting up](b.md#setup).\n');
    writeFileSync(join(root, 'b.md'), '# B\n\n## Setup\n');
    const a = pathToFileURL(join(root, 'a.md')).href;
    const b = pathToFileURL(join(root, 'b.md')).href;
    const client = await start(root);
    await connection!.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: b, languageId: 'markdown', version: 1, text: '# B\n\n## Setup\n' } });
    await client.next(b);
    await connection!.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: b, version: 2 }, contentChanges: [{ text: '# B\n\n## Installing\n' }] });
    // a.md is not open and did not change: the edit's focused run reports it because it links into b.md.
    const published = await client.next(a);
    expect(published.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['links', { line: 2, character: 4 }]]);
    expect(published.diagnostics[0].message).toContain('#setup');
  }, 60_000);

  it('rejects arguments it does not know', async () => {
    const { cli } = await import('./helpers.js');
    const r = await cli(['lsp', '--tcp'], repo());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docwarden lsp: unknown argument --tcp');
  });
});
