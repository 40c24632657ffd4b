import {
  didYouMean,
  closest,
  type CodeMatch,
  codeMatches,
  commentsOf,
  cutText,
  dataKeyOf,
  type DataMatch,
  defineRule,
  dirOf,
  type DocFacts,
  editDistance,
  findCountClaims,
  findSection,
  formatNumberLike,
  globList,
  GLOBS_SCHEMA,
  inSpans,
  type InventoryEntry,
  matchInputs,
  MISSING_SCHEMA,
  nonProseSpans,
  normalizePath,
  parseDataPath,
  type Range,
  type RelatedLocation,
  type RepositoryFacts,
  type RuleContext,
  safeDecode,
  sectionEntries,
  selectData,
  splitDocRef,
  suggestMovedPath,
} from '../src/api/index.js';

export type InventoryKeyMode = 'path' | 'location' | 'capture' | 'annotation';

/** Values in structured files: a scalar is its own key, a map or list is keyed by its key (`paths.*` keys routes). */
export interface DataSource {
  file: string;
  path: string;
  /** How a value is keyed: `{1}`, `{2}`, … the wildcards' keys, `{key}`, `{value}` (default: a scalar's text, else its key). */
  key?: string;
}

export interface Inventory {
  id: string;
  description?: string;
  /** `docs/x.md#slug`: the tables (or lists) of that section; or `{ file, path }`: the values at a data path of a YAML, JSON or TOML file. */
  doc: string | DataSource | DataSource[];
  /** Header of the key column; default the first column. */
  column?: string;
  /** Call sites: matches of `pattern` in `files`, or (keyed like capture) the values at `path` in YAML, JSON or TOML `files`. */
  code: { files: string | string[]; pattern?: string; path?: string; key: InventoryKeyMode; template?: string };
  /** A count claim in the doc, with a named group `count`. */
  claim?: string;
  missing?: 'report' | 'ignore';
}

export interface InventoryOptions {
  inventories: Inventory[];
}

/** How annotation mode ties a call site to a row: `docwarden: <inventory-id> <row key>` in a comment. */
const ANNOTATION = /docwarden:[ \t]+([a-z0-9][a-z0-9-]*)[ \t]+(.*?)[ \t]*(?:\*\/|-->)?[ \t]*$/;

const normalizeKey = (key: string) => key.replace(/\s+/g, ' ').trim().toLowerCase();

/** A row as the matcher sees it. */
interface Row {
  entry: InventoryEntry;
  /** The key normalised for comparison (capture, annotation) or the repository path it names (path, location). */
  key: string;
  /** location mode: the line the key names. */
  line?: number;
  covered: boolean;
  /** A data row's file (a doc section's rows are in the doc). */
  file?: string;
}

/** A call site and the key it is filed under (annotation mode: the annotated key; capture: the captured key). */
interface CallSite {
  match: CodeMatch;
  key: string | null;
  /** annotation mode: where the annotation is. */
  annotation?: { path: string; start: number; end: number; written: string };
}

/** The repository path a key cell names: inline code, then a link (relative to the doc), then the text. */
function keyPath(entry: InventoryEntry, docPath: string, ws: RepositoryFacts, location: boolean): { path: string; line?: number; written: string } {
  const candidates: string[] = [...entry.code];
  for (const url of entry.links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) continue;
    const bare = safeDecode(url.replace(/[?#].*$/, ''));
    const joined = bare.startsWith('/') ? bare : `${dirOf(docPath)}/${bare}`;
    const norm = normalizePath(joined);
    // A GitHub line anchor (`file.go#L12`) names the line in location mode.
    const lineAnchor = /#L(\d+)(?:-L\d+)?$/.exec(url);
    if (norm !== null) candidates.push(location && lineAnchor ? `${norm}:${lineAnchor[1]}` : norm);
  }
  candidates.push(entry.key);
  const parsed = candidates.map((written) => {
    let path = written.trim().replace(/^\.\//, '');
    let line: number | undefined;
    const m = location ? /^(.*?):(\d+)$/.exec(path) : null;
    if (m) {
      path = m[1];
      line = Number(m[2]);
    }
    return { path: path.replace(/\/+$/, ''), line, written };
  });
  const usable = location ? parsed.filter((p) => p.line !== undefined) : parsed;
  return usable.find((p) => ws.isFile(p.path) || ws.isDir(p.path)) ?? usable[0] ?? parsed[0];
}

/** The annotation on the call-site line, or on a comment-only line directly above it. */
function findAnnotation(ws: RepositoryFacts, match: CodeMatch, inventoryId: string): CallSite['annotation'] | null {
  const t = ws.text(match.path);
  if (!t) return null;
  const comments = commentsOf(ws, match.path);
  for (const line of [match.line, match.line - 1]) {
    if (line < 1) continue;
    const text = t.lines.lineText(line);
    const at = text.indexOf('docwarden:');
    if (at < 0) continue;
    const offset = t.lines.starts[line - 1] + at;
    if (!inSpans(comments, offset)) continue;
    // A comment above counts only when it is the whole line; otherwise it belongs to the code on that line.
    if (line !== match.line && !inSpans(comments, t.lines.starts[line - 1] + text.length - text.trimStart().length)) continue;
    const m = ANNOTATION.exec(text.slice(at));
    if (!m || m[1] !== inventoryId) continue;
    return { path: match.path, start: offset, end: offset + m[0].replace(/[ \t]*(?:\*\/|-->)?[ \t]*$/, '').length, written: m[2] };
  }
  return null;
}

/** A file or folder of the same name elsewhere (it moved), else a near name in its folder (a typo): the rule API's one path suggestion. */
function suggestPath(ws: RepositoryFacts, missing: string): string | null {
  return suggestMovedPath(ws, missing);
}

/** The selected values of a data path in files, or a problem. */
function dataMatches(ws: RepositoryFacts, files: readonly string[], path: string): { path: string; match: DataMatch }[] | string {
  const steps = parseDataPath(path);
  if (typeof steps === 'string') return `path \`${path}\`: ${steps}`;
  const out: { path: string; match: DataMatch }[] = [];
  for (const file of files) {
    const data = ws.structured(file);
    if (!data) continue;
    if (data.error && data.roots.length === 0) return `\`${file}\` is not valid ${data.format}: ${data.error.message}`;
    for (const match of selectData(data.roots, steps)) out.push({ path: file, match });
  }
  return out;
}

/** What the parts of one inventory's check share: the inventory, its doc, and how a configuration problem is reported. */
interface InventoryRun {
  ctx: RuleContext<InventoryOptions>;
  ws: RepositoryFacts;
  inv: Inventory;
  index: number;
  subRule: string;
  /** The data sources when the rows come from YAML, JSON or TOML files (empty for a doc section). */
  dataDocs: DataSource[];
  /** The doc the rows are in (the first data file for data rows) and the section's slug. */
  docPath: string;
  slug: string;
  /** Reports a configuration problem at the inventory's `doc` in docwarden.yml (a notice without a configuration file). */
  configProblem(messageId: string, data: Record<string, string>): void;
}

/** The rows an inventory lists and where they are. */
interface ListedRows {
  entries: InventoryEntry[];
  /** The file of each data row (rows of a doc section are in the doc). */
  entryFiles: Map<InventoryEntry, string>;
  /** Where the inventory is, for related locations. */
  inventoryRange: Range;
  /** The doc, when the rows are a doc section (count claims are read there). */
  doc?: DocFacts;
  /** The inventory as messages name it: `docs/x.md#slug`, or `file: path` of the data sources. */
  where: string;
}

function checkInventory(ctx: RuleContext<InventoryOptions>, inv: Inventory, index: number): void {
  const run = inventoryRun(ctx, inv, index);
  if ((inv.code.pattern === undefined) === (inv.code.path === undefined)) return run.configProblem('badData', { id: inv.id, problem: 'code takes either `pattern` or `path`' });
  const listed = typeof inv.doc === 'string' ? sectionRows(run) : dataRows(run);
  if (!listed) return;
  const related: RelatedLocation[] = [{ path: run.docPath, range: listed.inventoryRange, message: `the inventory ${inv.id}` }];
  // Data values carry their own key: they join like captures.
  const mode: InventoryKeyMode = inv.code.path !== undefined ? 'capture' : inv.code.key;
  const files = matchInputs(ctx, inv.code.files, {
    at: ['rules', 'inventory', 'inventories', index, 'code', 'files'],
    what: `code files of inventory ${inv.id}`,
    subRule: run.subRule,
    missing: inv.missing,
  });
  const sites = callSites(run, files, mode);
  if (!sites) return;
  const rows = checkedRows(run, listed, mode);
  const codeKeys = joinSites(run, { sites, rows, mode, where: listed.where, related });
  if (mode === 'annotation') reportStrayAnnotations(run, sites, files);
  reportUnusedRows(run, rows, { sites, files, mode });
  if (inv.claim && listed.doc) reportClaims(run, listed.doc, { rowCount: listed.entries.length, codeCount: codeKeys.size, mode, related });
}

/** The pattern (or data path) of the call sites, as messages show it. */
const sitePattern = (inv: Inventory): string => inv.code.pattern ?? inv.code.path!;

/** The shared parts of one inventory's check. */
function inventoryRun(ctx: RuleContext<InventoryOptions>, inv: Inventory, index: number): InventoryRun {
  const dataDocs = typeof inv.doc === 'string' ? [] : globList(inv.doc);
  const { path: docPath, slug } = typeof inv.doc === 'string' ? splitDocRef(inv.doc) : { path: dataDocs[0]?.file ?? '', slug: '' };
  return {
    ctx,
    ws: ctx.facts,
    inv,
    index,
    subRule: inv.id,
    dataDocs,
    docPath,
    slug,
    configProblem(messageId, data) {
      // `missing: ignore` quiets a document that is absent, not a configuration that cannot work.
      if (inv.missing === 'ignore' && messageId !== 'badData') return;
      const at =
        ctx.configLocation(['rules', 'inventory', 'inventories', index, 'doc'], typeof inv.doc === 'string' ? inv.doc : (dataDocs[0]?.path ?? inv.id)) ??
        ctx.configLocation(['rules', 'inventory', 'inventories', index, 'doc']);
      if (at) ctx.report({ ...at, messageId, data, subRule: inv.id, dependsOn: [data.doc ?? docPath] });
      else
        ctx.notice({
          level: ctx.level,
          message: `inventory/${inv.id}: ${messageId === 'missingDoc' ? `cannot read ${data.doc ?? docPath}` : messageId === 'badData' ? data.problem : `no heading #${slug} in ${docPath}`}`,
        });
    },
  };
}

/** Rows from data: each selected value of each source is a row, keyed by its text or the source's key template; null (reported) when a source is missing or unusable. */
function dataRows(run: InventoryRun): ListedRows | null {
  const { ws, inv } = run;
  const entries: InventoryEntry[] = [];
  const entryFiles = new Map<InventoryEntry, string>();
  for (const source of run.dataDocs) {
    const found = ws.isFile(source.file) ? dataMatches(ws, [source.file], source.path) : null;
    if (found === null) {
      run.configProblem('missingDoc', { id: inv.id, doc: source.file });
      return null;
    }
    if (typeof found === 'string') {
      run.configProblem('badData', { id: inv.id, problem: found });
      return null;
    }
    const t = ws.text(source.file)!;
    for (const { path, match } of found) {
      const onKey = match.keyStart !== undefined && (match.node.value === undefined || source.key !== undefined);
      const range = t.lines.rangeOf(onKey ? match.keyStart! : match.node.start, onKey ? match.keyEnd! : match.node.end);
      const key = dataKeyOf(match, source.key);
      const entry: InventoryEntry = { key, code: [key], links: [], range, container: range };
      entryFiles.set(entry, path);
      entries.push(entry);
    }
  }
  const inventoryRange = entries[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return { entries, entryFiles, inventoryRange, where: run.dataDocs.map((d) => `${d.file}: ${d.path}`).join(' and ') };
}

/** Rows of a doc section's tables (or lists); null when the doc or the section is missing, or no table has the key column (all reported). */
function sectionRows(run: InventoryRun): ListedRows | null {
  const { ws, inv, docPath, slug } = run;
  const doc = ws.isFile(docPath) ? ws.doc(docPath) : undefined;
  if (!doc) {
    run.configProblem('missingDoc', { id: inv.id, doc: docPath });
    return null;
  }
  const section = findSection(doc, slug);
  if (!section) {
    const near = closest(
      slug,
      doc.headings.map((h) => h.slug),
    );
    run.configProblem('missingSection', { id: inv.id, doc: docPath, slug, suggestion: didYouMean(near && `#${near}`) });
    return null;
  }
  const sectioned = sectionEntries(doc, section, inv.column);
  for (const table of sectioned.tablesWithoutColumn) {
    run.ctx.report({
      path: docPath,
      range: { start: table.header[0].range.start, end: table.header[table.header.length - 1].range.end },
      messageId: 'missingColumn',
      data: { id: inv.id, column: inv.column ?? '', columns: table.header.map((c) => c.text).join(', ') },
      subRule: run.subRule,
    });
  }
  // A column name that no table has is a configuration mistake: every call site would be reported for it.
  if (sectioned.tablesWithoutColumn.length && sectioned.entries.length === 0) return null;
  const inventoryRange = sectioned.tables[0]?.range ?? sectioned.entries[0]?.container ?? section.heading.range;
  return { entries: sectioned.entries, entryFiles: new Map(), inventoryRange, doc, where: `${docPath}#${slug}` };
}

/** The call sites in the code files with the key each is filed under; null when the data path is unusable (reported). */
function callSites(run: InventoryRun, files: readonly string[], mode: InventoryKeyMode): CallSite[] | null {
  const { ws, inv } = run;
  if (inv.code.path === undefined) {
    return codeMatches(ws, files, inv.code.pattern!).map((match) => {
      if (mode === 'capture') return { match, key: normalizeKey(match.groups.key ?? '') };
      if (mode === 'annotation') {
        const annotation = findAnnotation(ws, match, inv.id);
        return annotation ? { match, key: normalizeKey(annotation.written), annotation } : { match, key: null };
      }
      return { match, key: null };
    });
  }
  const found = dataMatches(ws, files, inv.code.path);
  if (typeof found === 'string') {
    run.configProblem('badData', { id: inv.id, problem: found });
    return null;
  }
  return found.map(({ path, match }) => {
    const key = dataKeyOf(match, inv.code.template);
    const scalar = match.node.value !== undefined && inv.code.template === undefined;
    const start = scalar || match.keyStart === undefined ? match.node.start : match.keyStart;
    const end = scalar || match.keyEnd === undefined ? match.node.end : match.keyEnd;
    const line = ws.text(path)!.lines.pointAt(start).line;
    return { match: { path, start, end, line, text: key, groups: { key } }, key: normalizeKey(key) };
  });
}

/** The rows the join uses, each on its first line; where the key is a path, a row naming no `path:line` or no existing path is reported instead. */
function checkedRows(run: InventoryRun, listed: ListedRows, mode: InventoryKeyMode): Row[] {
  const { ctx, ws, inv, docPath, subRule } = run;
  const docText = ws.text(docPath)!;
  const rows: Row[] = [];
  for (const entry of listed.entries) {
    const file = listed.entryFiles.get(entry);
    const rowText = file !== undefined ? ws.text(file)! : docText;
    const range = firstLine(entry.range, rowText.lines.lineText(entry.range.start.line).length);
    if (mode !== 'path' && mode !== 'location') {
      rows.push({ entry: { ...entry, range }, key: normalizeKey(entry.key), covered: false, file });
      continue;
    }
    const named = keyPath(entry, docPath, ws, mode === 'location');
    if (mode === 'location' && named.line === undefined) {
      ctx.report({ path: docPath, range, messageId: 'notLocation', data: { id: inv.id, key: named.written }, subRule, fingerprintKey: entry.key });
      continue;
    }
    if (!ws.isFile(named.path) && !ws.isDir(named.path)) {
      const near = suggestPath(ws, named.path);
      ctx.report({
        path: docPath,
        range,
        messageId: 'missingPath',
        data: { id: inv.id, key: named.written, path: named.path, suggestion: didYouMean(near) },
        subRule,
        fingerprintKey: entry.key,
      });
      continue;
    }
    rows.push({ entry: { ...entry, range }, key: named.path, line: named.line, covered: false });
  }
  return rows;
}

/** What the join of call sites to rows needs besides the run. */
interface JoinInput {
  sites: readonly CallSite[];
  rows: readonly Row[];
  mode: InventoryKeyMode;
  where: string;
  related: RelatedLocation[];
}

/** Marks the rows each call site covers and reports the sites no row covers; returns the distinct keys of the code (for count claims). */
function joinSites(run: InventoryRun, join: JoinInput): Set<string> {
  const { rows, mode } = join;
  const rowKeys = new Map<string, Row[]>();
  for (const row of rows) rowKeys.set(row.key, [...(rowKeys.get(row.key) ?? []), row]);
  const coveringRows = (site: CallSite): readonly Row[] => {
    const m = site.match;
    if (mode === 'path') return rows.filter((r) => r.key === m.path || m.path.startsWith(`${r.key}/`) || r.key === '');
    if (mode === 'location') return rows.filter((r) => r.key === m.path && r.line === m.line);
    return site.key === null ? [] : (rowKeys.get(site.key) ?? []);
  };
  const codeKeys = new Set<string>();
  for (const site of join.sites) {
    const covering = coveringRows(site);
    for (const r of covering) r.covered = true;
    codeKeys.add(site.key ?? `${site.match.path}:${site.match.line}:${site.match.start}`);
    if (covering.length === 0) reportUncovered(run, site, join);
  }
  return codeKeys;
}

/** A call site no row covers: an annotation naming no row (with a near key), or a site the inventory does not list. */
function reportUncovered(run: InventoryRun, site: CallSite, join: JoinInput): void {
  const { ctx, ws, inv, subRule } = run;
  const { mode, rows, related } = join;
  const m = site.match;
  const t = ws.text(m.path)!;
  const data = { id: inv.id, match: cutText(m.text, 80), location: `${m.path}:${m.line}`, path: m.path, where: join.where, key: site.key ?? '' };
  if (mode === 'annotation' && site.annotation) {
    // Only a near miss is a typo; long keys that share a suffix ("(per source IP)") are not.
    const near = rows.map((r) => r.key).find((k) => editDistance(site.key ?? '', k, 2) <= 2) ?? null;
    const a = site.annotation;
    ctx.report({
      path: a.path,
      range: t.lines.rangeOf(a.start, a.end),
      messageId: 'unknownAnnotation',
      data: { ...data, key: a.written, suggestion: didYouMean(near && rows.find((r) => r.key === near)!.entry.key) },
      related: [{ path: m.path, range: t.lines.rangeOf(m.start, m.end), message: 'the call site' }, ...related],
      subRule,
      fingerprintKey: a.written,
    });
    return;
  }
  let messageId = `uncovered${mode[0].toUpperCase()}${mode.slice(1)}`;
  if (mode === 'capture' && !m.groups.key) messageId = 'uncoveredNoCapture';
  ctx.report({ path: m.path, range: t.lines.rangeOf(m.start, m.end), messageId, data, related, subRule, fingerprintKey: m.text });
}

/** Annotations of this inventory that sit on no call site name nothing: each is reported where it is written. */
function reportStrayAnnotations(run: InventoryRun, sites: readonly CallSite[], files: readonly string[]): void {
  const { ctx, ws, inv } = run;
  const used = new Set(sites.filter((s) => s.annotation).map((s) => `${s.annotation!.path}:${s.annotation!.start}`));
  const marker = new RegExp(`docwarden:[ \\t]+${inv.id.replace(/-/g, '\\-')}(?![a-z0-9-])`, 'g');
  for (const path of files) {
    const t = ws.text(path);
    if (!t || !t.text.includes('docwarden:')) continue;
    const comments = commentsOf(ws, path);
    for (const m of t.text.matchAll(marker)) {
      const start = m.index ?? 0;
      if (!inSpans(comments, start) || used.has(`${path}:${start}`)) continue;
      const lineText = t.lines.lineText(t.lines.pointAt(start).line);
      const a = ANNOTATION.exec(lineText.slice(lineText.indexOf('docwarden:')));
      const written = a ? a[0].replace(/[ \t]*(?:\*\/|-->)?[ \t]*$/, '') : m[0];
      ctx.report({
        path,
        range: t.lines.rangeOf(start, start + written.length),
        messageId: 'strayAnnotation',
        data: { id: inv.id, pattern: sitePattern(inv) },
        subRule: run.subRule,
        fingerprintKey: written,
      });
    }
  }
}

/** Reports every row no call site covered, with the reason the code gives. */
function reportUnusedRows(run: InventoryRun, rows: readonly Row[], code: { sites: readonly CallSite[]; files: readonly string[]; mode: InventoryKeyMode }): void {
  const { inv } = run;
  for (const row of rows) {
    if (row.covered) continue;
    run.ctx.report({
      path: row.file ?? run.docPath,
      range: row.entry.range,
      messageId: 'unusedRow',
      data: { id: inv.id, key: row.entry.key, pattern: sitePattern(inv), reason: unusedReason(inv, row, code) },
      subRule: run.subRule,
      fingerprintKey: row.entry.key,
      dependsOnGlobs: globList(inv.code.files),
    });
  }
}

/** Why no call site covers a row: its path is outside the code files, its file's call sites are on other lines, or no site has its key. */
function unusedReason(inv: Inventory, row: Row, code: { sites: readonly CallSite[]; files: readonly string[]; mode: InventoryKeyMode }): string {
  const { mode } = code;
  if ((mode === 'path' || mode === 'location') && !code.files.some((f) => f === row.key || f.startsWith(`${row.key}/`))) {
    return `\`${row.key}\` is not among code.files ${JSON.stringify(inv.code.files)}`;
  }
  if (mode === 'location') {
    const lines = code.sites.filter((s) => s.match.path === row.key).map((s) => s.match.line);
    return lines.length ? `the call sites in \`${row.key}\` are at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}` : `\`${row.key}\` has no call site`;
  }
  if (mode === 'path') return `\`${row.key}\` has no call site`;
  if (mode === 'capture') return 'no call site captures this key';
  return `no call site is annotated \`docwarden: ${inv.id} ${row.entry.key}\``;
}

/** Reports each count claim in the doc that disagrees with the rows or the code, with a fix when rows and code agree. */
function reportClaims(run: InventoryRun, doc: DocFacts, counts: { rowCount: number; codeCount: number; mode: InventoryKeyMode; related: RelatedLocation[] }): void {
  const { inv, docPath } = run;
  const { rowCount, codeCount, mode } = counts;
  const docText = run.ws.text(docPath)!;
  const what = mode === 'capture' ? 'distinct captured keys' : mode === 'annotation' ? 'distinct annotated keys' : 'call sites';
  for (const claim of findCountClaims(
    docText.text,
    inv.claim!,
    nonProseSpans(doc, (p) => docText.lines.offsetAt(p)),
  )) {
    if (claim.value === rowCount && claim.value === codeCount) continue;
    const agreed = rowCount === codeCount ? formatNumberLike(codeCount, claim.written) : null;
    run.ctx.report({
      path: docPath,
      range: docText.lines.rangeOf(claim.start, claim.end),
      messageId: 'wrongClaim',
      data: { id: inv.id, claimed: claim.written, phrase: claim.phrase, rows: rowCount, found: codeCount, what, pattern: sitePattern(inv) },
      related: counts.related,
      subRule: run.subRule,
      fingerprintKey: claim.phrase,
      dependsOnGlobs: globList(inv.code.files),
      ...(agreed !== null ? { fix: { description: `replace ${claim.written} with ${agreed}`, edits: [{ path: docPath, start: claim.start, end: claim.end, text: agreed }] } } : {}),
    });
  }
}

/** A row or list item is reported on its first line: the key is there, and nested lists would make the range huge. */
function firstLine(range: Range, lineLength: number): Range {
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, column: lineLength + 1 } };
}

const DATA_DOC = {
  additionalProperties: false,
  required: ['file', 'path'],
  properties: {
    file: { type: 'string' },
    path: { type: 'string', description: 'a data path: keys, *, [N], ["a.b"], ..key' },
    key: { type: 'string', description: 'how a value is keyed: {1}, {2}, … (the keys the wildcards matched), {key}, {value}' },
  },
};

const idPattern = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lower-case id; the SARIF rule is inventory/<id>' };

export default defineRule<InventoryOptions>({
  id: 'inventory',
  description: 'Doc tables and lists that claim to enumerate something in the code (rate limiters, metrics, commands, routes), checked as a set against the code, with their count claims.',
  defaultLevel: 'off',
  facts: ['codeBlocks', 'listItems', 'tables'],
  optionsSchema: {
    inventories: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'doc', 'code'],
        properties: {
          id: idPattern,
          description: { type: 'string', description: 'shown in SARIF for inventory/<id>' },
          doc: {
            description: 'the section holding the inventory (path.md#heading-slug), or { file, path, key? } (or a list of them): the values at a data path of YAML, JSON or TOML files',
            type: ['string', 'object', 'array'],
            pattern: '^[^#]+#.+$',
            ...DATA_DOC,
            items: { type: 'object', ...DATA_DOC },
          },
          column: { type: 'string', description: 'header of the key column (default: the first column)' },
          code: {
            type: 'object',
            additionalProperties: false,
            required: ['files'],
            properties: {
              files: { ...GLOBS_SCHEMA, description: 'globs of the code searched; `!` negates' },
              path: { type: 'string', description: 'instead of pattern: the values at this data path of YAML, JSON or TOML files are the call sites, keyed by their text' },
              template: { type: 'string', description: 'with path: how a value is keyed: {1}, {2}, … (the keys the wildcards matched), {key}, {value}' },
              pattern: { type: 'string', regex: true, description: 'a JavaScript regular expression matching one call site; with key: capture it needs a named group (?<key>…)' },
              key: { enum: ['path', 'location', 'capture', 'annotation'], default: 'path', description: 'how a call site is matched to a row' },
            },
            if: { properties: { key: { const: 'capture' } }, required: ['key'] },
            then: { properties: { pattern: { type: 'string', pattern: '\\(\\?<key>' } } },
          },
          claim: { type: 'string', regex: true, pattern: '\\(\\?<count>', description: 'a regular expression for count claims in the doc, with a named group (?<count>…)' },
          missing: MISSING_SCHEMA,
        },
      },
    },
  },
  messages: {
    missingDoc: 'Inventory {id}: cannot find the document `{doc}`',
    badData: 'Inventory {id}: {problem}',
    missingSection: 'Inventory {id}: `{doc}` has no heading `#{slug}`{suggestion}',
    missingColumn: 'Inventory {id}: this table has no column `{column}`; its columns are {columns}',
    uncoveredPath: '`{match}` is not in inventory {id}: no row of {where} names `{path}` or a folder above it',
    uncoveredLocation: '`{match}` at {location} is not in inventory {id}: no row of {where} names `{location}`',
    uncoveredCapture: '`{match}` is not in inventory {id}: no row of {where} has the key `{key}`',
    uncoveredNoCapture: "`{match}` captures no key, so inventory {id} cannot list it; the pattern's (?<key>…) group did not take part in the match",
    uncoveredAnnotation: '`{match}` has no `docwarden: {id} <row key>` comment on its line or the line above, so no row of {where} covers it',
    unknownAnnotation: 'Annotation names `{key}`, which is not a row of {where}{suggestion}',
    strayAnnotation: 'Annotation for inventory {id} is on no call site of /{pattern}/; put it on the call-site line or the line above',
    unusedRow: 'Row `{key}` of inventory {id} matches no call site of /{pattern}/: {reason}',
    missingPath: 'Row `{key}` of inventory {id}: cannot find `{path}` in the repository{suggestion}',
    notLocation: 'Row `{key}` of inventory {id} is not a `path:line` key',
    wrongClaim: 'Inventory {id}: "{phrase}" claims {claimed}, but the inventory lists {rows} and the code has {found} {what} of /{pattern}/',
  },
  subRules(options) {
    return options.inventories.map((inv) => ({
      id: inv.id,
      description:
        inv.description ??
        `the inventory in ${
          typeof inv.doc === 'string'
            ? inv.doc
            : globList(inv.doc)
                .map((d) => `${d.file}: ${d.path}`)
                .join(' and ')
        } against /${inv.code.pattern ?? inv.code.path}/`,
    }));
  },
  check(ctx) {
    ctx.options.inventories.forEach((inv, i) => checkInventory(ctx, inv, i));
  },
});
