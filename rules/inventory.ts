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

function checkInventory(ctx: RuleContext<InventoryOptions>, inv: Inventory, index: number): void {
  const ws = ctx.facts;
  const subRule = inv.id;
  const dataDocs = typeof inv.doc === 'string' ? [] : globList(inv.doc);
  const docRef = typeof inv.doc === 'string' ? inv.doc : dataDocs.map((d) => `${d.file}: ${d.path}`).join(' and ');
  const { path: docPath, slug } = typeof inv.doc === 'string' ? splitDocRef(inv.doc) : { path: dataDocs[0]?.file ?? '', slug: '' };
  const configProblem = (messageId: string, data: Record<string, string>) => {
    // `missing: ignore` quiets a document that is absent, not a configuration that cannot work.
    if (inv.missing === 'ignore' && messageId !== 'badData') return;
    const at =
      ctx.configLocation(['rules', 'inventory', 'inventories', index, 'doc'], typeof inv.doc === 'string' ? inv.doc : (dataDocs[0]?.path ?? inv.id)) ??
      ctx.configLocation(['rules', 'inventory', 'inventories', index, 'doc']);
    if (at) ctx.report({ ...at, messageId, data, subRule, dependsOn: [data.doc ?? docPath] });
    else
      ctx.notice({
        level: ctx.level,
        message: `inventory/${inv.id}: ${messageId === 'missingDoc' ? `cannot read ${data.doc ?? docPath}` : messageId === 'badData' ? data.problem : `no heading #${slug} in ${docPath}`}`,
      });
  };
  if ((inv.code.pattern === undefined) === (inv.code.path === undefined)) {
    configProblem('badData', { id: inv.id, problem: 'code takes either `pattern` or `path`' });
    return;
  }
  let entries: InventoryEntry[];
  let inventoryRange: Range;
  let doc: DocFacts | undefined;
  let where: string;
  // Rows from data may come from several files; rows of a doc section are in the doc.
  const entryFiles = new Map<InventoryEntry, string>();
  if (typeof inv.doc !== 'string') {
    // Rows from data: each selected value is a row, keyed by its text or the template.
    entries = [];
    for (const source of dataDocs) {
      const found = ws.isFile(source.file) ? dataMatches(ws, [source.file], source.path) : null;
      if (found === null) {
        configProblem('missingDoc', { id: inv.id, doc: source.file });
        return;
      }
      if (typeof found === 'string') {
        configProblem('badData', { id: inv.id, problem: found });
        return;
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
    inventoryRange = entries[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    where = docRef;
  } else {
    doc = ws.isFile(docPath) ? ws.doc(docPath) : undefined;
    if (!doc) {
      configProblem('missingDoc', { id: inv.id, doc: docPath });
      return;
    }
    const section = findSection(doc, slug);
    if (!section) {
      const near = closest(
        slug,
        doc.headings.map((h) => h.slug),
      );
      configProblem('missingSection', { id: inv.id, doc: docPath, slug, suggestion: didYouMean(near && `#${near}`) });
      return;
    }
    where = `${docPath}#${slug}`;
    const sectioned = sectionEntries(doc, section, inv.column);
    entries = sectioned.entries;
    for (const table of sectioned.tablesWithoutColumn) {
      ctx.report({
        path: docPath,
        range: { start: table.header[0].range.start, end: table.header[table.header.length - 1].range.end },
        messageId: 'missingColumn',
        data: { id: inv.id, column: inv.column ?? '', columns: table.header.map((c) => c.text).join(', ') },
        subRule,
      });
    }
    // A column name that no table has is a configuration mistake: every call site would be reported for it.
    if (sectioned.tablesWithoutColumn.length && entries.length === 0) return;
    inventoryRange = sectioned.tables[0]?.range ?? entries[0]?.container ?? section.heading.range;
  }
  const docText = ws.text(docPath)!;
  const related: RelatedLocation[] = [{ path: docPath, range: inventoryRange, message: `the inventory ${inv.id}` }];
  const pattern = inv.code.pattern ?? inv.code.path!;

  // Data values carry their own key: they join like captures.
  const mode: InventoryKeyMode = inv.code.path !== undefined ? 'capture' : inv.code.key;
  const globs = globList(inv.code.files);
  const files = matchInputs(ctx, inv.code.files, { at: ['rules', 'inventory', 'inventories', index, 'code', 'files'], what: `code files of inventory ${inv.id}`, subRule, missing: inv.missing });
  let sites: CallSite[];
  if (inv.code.path !== undefined) {
    const found = dataMatches(ws, files, inv.code.path);
    if (typeof found === 'string') {
      configProblem('badData', { id: inv.id, problem: found });
      return;
    }
    sites = found.map(({ path, match }) => {
      const key = dataKeyOf(match, inv.code.template);
      const scalar = match.node.value !== undefined && inv.code.template === undefined;
      const start = scalar || match.keyStart === undefined ? match.node.start : match.keyStart;
      const end = scalar || match.keyEnd === undefined ? match.node.end : match.keyEnd;
      const line = ws.text(path)!.lines.pointAt(start).line;
      return { match: { path, start, end, line, text: key, groups: { key } }, key: normalizeKey(key) };
    });
  } else {
    sites = codeMatches(ws, files, pattern).map((match) => {
      if (mode === 'capture') return { match, key: normalizeKey(match.groups.key ?? '') };
      if (mode === 'annotation') {
        const annotation = findAnnotation(ws, match, inv.id);
        return annotation ? { match, key: normalizeKey(annotation.written), annotation } : { match, key: null };
      }
      return { match, key: null };
    });
  }

  // The rows, with paths checked where the key is a path.
  const rows: Row[] = [];
  const rowFiles = new Map<InventoryEntry, string>();
  for (const entry of entries) {
    const rowText = entryFiles.has(entry) ? ws.text(entryFiles.get(entry)!)! : docText;
    const range = firstLine(entry.range, rowText.lines.lineText(entry.range.start.line).length);
    if (mode === 'path' || mode === 'location') {
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
    } else {
      const row = { entry: { ...entry, range }, key: normalizeKey(entry.key), covered: false };
      if (entryFiles.has(entry)) rowFiles.set(row.entry, entryFiles.get(entry)!);
      rows.push(row);
    }
  }

  // Join call sites to rows.
  const rowKeys = new Map<string, Row[]>();
  for (const row of rows) rowKeys.set(row.key, [...(rowKeys.get(row.key) ?? []), row]);
  const coveringRows = (site: CallSite): Row[] => {
    const m = site.match;
    if (mode === 'path') return rows.filter((r) => r.key === m.path || m.path.startsWith(`${r.key}/`) || r.key === '');
    if (mode === 'location') return rows.filter((r) => r.key === m.path && r.line === m.line);
    return site.key === null ? [] : (rowKeys.get(site.key) ?? []);
  };
  const codeKeys = new Set<string>();
  for (const site of sites) {
    const m = site.match;
    const covering = coveringRows(site);
    for (const r of covering) r.covered = true;
    codeKeys.add(site.key ?? `${m.path}:${m.line}:${m.start}`);
    if (covering.length) continue;
    const t = ws.text(m.path)!;
    const data = { id: inv.id, match: cutText(m.text, 80), location: `${m.path}:${m.line}`, path: m.path, where, key: site.key ?? '' };
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
      continue;
    }
    let messageId = `uncovered${mode[0].toUpperCase()}${mode.slice(1)}`;
    if (mode === 'capture' && !site.match.groups.key) messageId = 'uncoveredNoCapture';
    ctx.report({ path: m.path, range: t.lines.rangeOf(m.start, m.end), messageId, data, related, subRule, fingerprintKey: m.text });
  }

  // Annotations of this inventory that sit on no call site name nothing.
  if (mode === 'annotation') {
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
          data: { id: inv.id, pattern: pattern },
          subRule,
          fingerprintKey: written,
        });
      }
    }
  }

  for (const row of rows) {
    if (row.covered) continue;
    let reason: string;
    if ((mode === 'path' || mode === 'location') && !files.some((f) => f === row.key || f.startsWith(`${row.key}/`))) {
      reason = `\`${row.key}\` is not among code.files ${JSON.stringify(inv.code.files)}`;
    } else if (mode === 'location') {
      const lines = sites.filter((s) => s.match.path === row.key).map((s) => s.match.line);
      reason = lines.length ? `the call sites in \`${row.key}\` are at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}` : `\`${row.key}\` has no call site`;
    } else if (mode === 'path') reason = `\`${row.key}\` has no call site`;
    else if (mode === 'capture') reason = 'no call site captures this key';
    else reason = `no call site is annotated \`docwarden: ${inv.id} ${row.entry.key}\``;
    ctx.report({
      path: rowFiles.get(row.entry) ?? docPath,
      range: row.entry.range,
      messageId: 'unusedRow',
      data: { id: inv.id, key: row.entry.key, pattern: pattern, reason },
      subRule,
      fingerprintKey: row.entry.key,
      dependsOnGlobs: globs,
    });
  }

  if (inv.claim && doc) {
    const rowCount = entries.length;
    const codeCount = codeKeys.size;
    const what = mode === 'capture' ? 'distinct captured keys' : mode === 'annotation' ? 'distinct annotated keys' : 'call sites';
    for (const claim of findCountClaims(
      docText.text,
      inv.claim,
      nonProseSpans(doc, (p) => docText.lines.offsetAt(p)),
    )) {
      if (claim.value === rowCount && claim.value === codeCount) continue;
      const agreed = rowCount === codeCount ? formatNumberLike(codeCount, claim.written) : null;
      ctx.report({
        path: docPath,
        range: docText.lines.rangeOf(claim.start, claim.end),
        messageId: 'wrongClaim',
        data: { id: inv.id, claimed: claim.written, phrase: claim.phrase, rows: rowCount, found: codeCount, what, pattern: pattern },
        related,
        subRule,
        fingerprintKey: claim.phrase,
        dependsOnGlobs: globs,
        ...(agreed !== null ? { fix: { description: `replace ${claim.written} with ${agreed}`, edits: [{ path: docPath, start: claim.start, end: claim.end, text: agreed }] } } : {}),
      });
    }
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
