/**
 * `docwarden lsp`: a Language Server Protocol server over stdio. It lints the workspace folder as the CLI
 * does, with the editor's open buffers in place of the files they edit, and publishes every finding as a
 * diagnostic of its file: the open doc, and the docs a saved source file affects (a rename in code shows
 * in the doc that names the old name). Findings that carry a fix are quick fixes. Runs are debounced and
 * never overlap; the facts cache makes each one a warm run.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lsp from 'vscode-languageserver/node';
import type { CodeAction, Connection, Diagnostic, InitializeParams, InitializeResult, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintOptions } from './lint.js';
import type { Finding, Level, RunResult } from './types.js';

/**
 * What the server needs from the engine, handed in by the CLI: this module is bundled on its own
 * (dist-action/lsp.js, loaded only by `docwarden lsp`), so it imports no engine code.
 */
export interface LanguageServerEngine {
  lint(options: LintOptions): Promise<RunResult>;
  /** A configuration or usage problem as the user should read it; null for an internal error. */
  explain(err: unknown): string | null;
  version: string;
}

const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, CodeActionKind } = lsp;

const SEVERITY: Record<Level, lsp.DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information };

/** How long the server waits after the last edit before it lints (typing does not start a run per key). */
export const DEBOUNCE_MS = 150;

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

  constructor(
    private readonly connection: Connection,
    private readonly engine: LanguageServerEngine,
  ) {
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.schedule(0));
    connection.onCodeAction((params) => this.codeActions(params.textDocument.uri, params.range));
    connection.onShutdown(() => clearTimeout(this.timer));
    this.documents.onDidChangeContent(() => this.schedule(DEBOUNCE_MS));
    this.documents.onDidSave(() => this.schedule(0));
    this.documents.onDidClose(() => this.schedule(DEBOUNCE_MS));
    connection.onDidChangeWatchedFiles(() => this.schedule(DEBOUNCE_MS));
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

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.lintNow(), delay);
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
        this.schedule(0);
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
    let result: RunResult;
    try {
      result = await this.engine.lint({ cwd: root, root, overlay });
    } catch (err) {
      const explained = this.engine.explain(err);
      if (explained !== null) {
        void this.connection.window.showErrorMessage(`docwarden: ${explained}`);
        return;
      }
      this.connection.console.error(`docwarden: ${(err as Error)?.stack ?? String(err)}`);
      return;
    }
    this.publish(result);
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
