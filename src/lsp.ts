/**
 * `docwarden lsp`: a Language Server Protocol server over stdio. It lints the workspace folder as the CLI
 * does, with the editor's open buffers in place of the files they edit, and publishes every finding as a
 * diagnostic of its file: the open doc, and the docs a saved source file affects (a rename in code shows
 * in the doc that names the old name). Findings that carry a fix are quick fixes. Runs are debounced and
 * never overlap. The engine keeps the workspace in memory between runs (src/lint-session.ts): an edit
 * re-reads only the edited buffer and reports only it and the docs that may depend on it, at once; a full
 * run follows when the editor is idle, for the findings elsewhere the edit may have changed.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lsp from 'vscode-languageserver/node';
import type { CodeAction, Connection, Diagnostic, InitializeParams, InitializeResult, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SessionRequest, SessionResult } from './lint-session.js';
import type { Finding, Level, RunResult } from './types.js';

/**
 * What the server needs from the engine, handed in by the CLI: this module is bundled on its own
 * (dist-action/lsp.js, loaded only by `docwarden lsp`), so it imports no engine code.
 */
export interface LanguageServerEngine {
  /** A run of the session (createLintSession): its workspace is derived from the previous run's when it can be. */
  lint(request: SessionRequest): Promise<SessionResult>;
  /** A configuration or usage problem as the user should read it; null for an internal error. */
  explain(err: unknown): string | null;
  version: string;
}

const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, CodeActionKind } = lsp;

const SEVERITY: Record<Level, lsp.DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information };

/** How long the server waits after the last edit before it lints (typing does not start a run per key). */
export const DEBOUNCE_MS = 150;

/** How long the editor must be idle after a focused run before the full run that refreshes every other file. */
export const FULL_RUN_DELAY_MS = 1000;

/** A finding as the editor shows it: 0-based positions, the rule as the code, its page as the link. */
export function diagnosticOf(finding: Finding, root: string, helpUri: string | undefined): Diagnostic {
  const { start, end } = finding.location.range;
  return {
    range: { start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } },
    severity: SEVERITY[finding.level],
    source: 'docwarden',
    code: finding.ruleId,
    ...(helpUri ? { codeDescription: { href: helpUri } } : {}),
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({
      location: {
        uri: uriOf(root, r.path),
        range: { start: { line: r.range.start.line - 1, character: r.range.start.column - 1 }, end: { line: r.range.end.line - 1, character: r.range.end.column - 1 } },
      },
      message: r.message,
    })),
  };
}

function uriOf(root: string, path: string): string {
  return pathToFileURL(isAbsolute(path) ? path : resolve(root, path)).href;
}

/** The repository-relative path of a `file:` URI inside `root`, or null. */
function pathIn(root: string, uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  const rel = relative(root, fileURLToPath(uri));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : null;
}

/** The state of one server: the workspace root, the open buffers, the last run's findings by file. */
class DocwardenServer {
  private root: string | null = null;
  private readonly documents = new TextDocuments(TextDocument);
  private published = new Set<string>();
  private findingsByUri = new Map<string, Finding[]>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  /** The files whose text changed since the last run, or `all` (the first run, a file created or deleted). */
  private changed: Set<string> | 'all' = 'all';
  /** Does the next run report only the changed files and their dependents? */
  private focused = false;

  constructor(
    private readonly connection: Connection,
    private readonly engine: LanguageServerEngine,
  ) {
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.schedule(0, false));
    connection.onCodeAction((params) => this.codeActions(params.textDocument.uri, params.range));
    connection.onShutdown(() => clearTimeout(this.timer));
    // Opening a document is a change of its content too (the buffer may differ from the file).
    this.documents.onDidChangeContent((e) => this.edited(e.document.uri, DEBOUNCE_MS));
    this.documents.onDidSave((e) => this.edited(e.document.uri, 0));
    this.documents.onDidClose((e) => this.edited(e.document.uri, DEBOUNCE_MS));
    connection.onDidChangeWatchedFiles(() => {
      this.changed = 'all';
      this.schedule(DEBOUNCE_MS, false);
    });
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    this.root = folder ? fileURLToPath(folder) : (params.rootPath ?? null);
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } },
      serverInfo: { name: 'docwarden', version: this.engine.version },
    };
  }

  /** A buffer's text changed (or is the file's again): a focused run after `delay`. */
  private edited(uri: string, delay: number): void {
    const path = this.root ? pathIn(this.root, uri) : null;
    if (!path) return;
    if (this.changed !== 'all') this.changed.add(path);
    this.schedule(delay, true);
  }

  /** The next run after `delay`; a focused request never narrows a full run already asked for. */
  private schedule(delay: number, focused: boolean): void {
    clearTimeout(this.timer);
    // The last request wins: a change that forces a full run says so with `changed = 'all'`, which the session honours.
    this.focused = focused;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.lintNow();
    }, delay);
  }

  /** One run at a time: an edit during a run asks for one more run after it. */
  private async lintNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.lintOnce().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule(0, this.focused);
      }
    });
    await this.running;
  }

  private async lintOnce(): Promise<void> {
    const root = this.root;
    if (!root) return;
    const overlay = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const path = pathIn(root, doc.uri);
      if (path) overlay.set(path, doc.getText());
    }
    const request: SessionRequest = { root, overlay, changed: this.changed === 'all' ? 'all' : [...this.changed].sort(), focused: this.focused };
    this.changed = new Set();
    this.focused = false;
    let outcome: SessionResult;
    try {
      outcome = await this.engine.lint(request);
    } catch (err) {
      // The next run reads everything again: this one may have failed half-way through a change.
      this.changed = 'all';
      const explained = this.engine.explain(err);
      if (explained !== null) {
        void this.connection.window.showErrorMessage(`docwarden: ${explained}`);
        return;
      }
      this.connection.console.error(`docwarden: ${(err as Error)?.stack ?? String(err)}`);
      return;
    }
    if (outcome.reported) {
      this.publishSome(outcome.result, outcome.reported);
      // The edit may have changed findings elsewhere (a doc that now links to an orphan): refresh them when idle.
      if (this.timer === undefined && !this.again) this.schedule(FULL_RUN_DELAY_MS, false);
    } else this.publish(outcome.result);
  }

  /** Diagnostics for every open doc and every file with findings, and an empty list for each file that had some and has none now. */
  private publish(result: RunResult): void {
    const help = new Map(result.rules.map((r) => [r.id, r.helpUri]));
    const byUri = new Map<string, Finding[]>();
    for (const doc of this.documents.all()) if (pathIn(result.root, doc.uri)) byUri.set(doc.uri, []);
    for (const f of result.findings) {
      const uri = uriOf(result.root, f.location.path);
      const list = byUri.get(uri) ?? [];
      list.push(f);
      byUri.set(uri, list);
    }
    for (const uri of this.published) if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, findings] of byUri) {
      const diagnostics = findings.map((f) => diagnosticOf(f, result.root, help.get(f.ruleId) ?? help.get(f.ruleId.split('/')[0])));
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    this.published = new Set([...byUri].filter(([, findings]) => findings.length > 0).map(([uri]) => uri));
    this.findingsByUri = byUri;
  }

  /** Diagnostics of the files a focused run is complete for; every other file keeps what it showed. */
  private publishSome(result: RunResult, reported: readonly string[]): void {
    const help = new Map(result.rules.map((r) => [r.id, r.helpUri]));
    const byUri = new Map<string, Finding[]>(reported.map((p) => [uriOf(result.root, p), []]));
    for (const f of result.findings) byUri.get(uriOf(result.root, f.location.path))?.push(f);
    for (const [uri, findings] of byUri) {
      const had = this.published.has(uri);
      if (findings.length) this.published.add(uri);
      else this.published.delete(uri);
      this.findingsByUri.set(uri, findings);
      if (findings.length || had || this.documents.get(uri)) {
        const diagnostics = findings.map((f) => diagnosticOf(f, result.root, help.get(f.ruleId) ?? help.get(f.ruleId.split('/')[0])));
        void this.connection.sendDiagnostics({ uri, diagnostics });
      }
    }
  }

  /** Quick fixes for the findings with a fix that touch `range` of the document. */
  private codeActions(uri: string, range: lsp.Range): CodeAction[] {
    const root = this.root;
    if (!root) return [];
    const actions: CodeAction[] = [];
    for (const f of this.findingsByUri.get(uri) ?? []) {
      if (!f.fix || !overlaps(f, range)) continue;
      const changes: Record<string, LspTextEdit[]> = {};
      for (const edit of f.fix.edits) {
        const editUri = uriOf(root, edit.path);
        const doc = this.documents.get(editUri) ?? documentOnDisk(editUri);
        if (!doc) continue;
        (changes[editUri] ??= []).push({ range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, newText: edit.text });
      }
      actions.push({ title: f.fix.description, kind: CodeActionKind.QuickFix, diagnostics: [diagnosticOf(f, root, undefined)], edit: { changes }, isPreferred: true });
    }
    return actions;
  }
}

function overlaps(f: Finding, range: lsp.Range): boolean {
  const { start, end } = f.location.range;
  const before = end.line - 1 < range.start.line || (end.line - 1 === range.start.line && end.column - 1 < range.start.character);
  const after = start.line - 1 > range.end.line || (start.line - 1 === range.end.line && start.column - 1 > range.end.character);
  return !before && !after;
}

function documentOnDisk(uri: string): TextDocument | null {
  try {
    return TextDocument.create(uri, 'markdown', 0, readFileSync(fileURLToPath(uri), 'utf8'));
  } catch {
    return null;
  }
}

/** Serves the protocol on stdin/stdout until the client exits. */
export function runLanguageServer(engine: LanguageServerEngine, connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): void {
  new DocwardenServer(connection, engine);
  connection.listen();
}
