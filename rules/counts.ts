import {
  didYouMean,
  closest,
  codeMatches,
  compileUserRegex,
  type ConfigPath,
  defineRule,
  evaluateExpression,
  findCountClaims,
  findSection,
  formatNumberLike,
  globList,
  GLOBS_SCHEMA,
  lineWindow,
  matchInputs,
  MISSING_SCHEMA,
  nonProseSpans,
  parseDataPath,
  parseExpression,
  type Range,
  type RelatedLocation,
  reportUnreadableInput,
  type RepositoryFacts,
  type RuleContext,
  scalarText,
  sectionEntries,
  selectData,
  splitDocRef,
  WINDOW_SCHEMA,
} from '../src/api/index.js';

/** Something counted in the tree. */
export type CountSource =
  | { glob: string | string[] }
  | { files: string | string[]; pattern: string; 'exempt-lines'?: string; window?: number | { before?: number; after?: number } }
  | { table: string }
  | { file: string | string[]; path: string };

/** A number read from a file: a baseline (`{ file }`, `{ file, pattern }`) or a value in YAML/JSON/TOML (`{ file, value }`). */
export type NumberInFile = { file: string; pattern?: string } | { file: string; value: string };

/** What a count is compared with: a number, an expression over named counts, another count, or a number in a file. */
export type Bound = number | string | CountSource | NumberInFile;

export interface CountClaimConfig {
  id: string;
  description?: string;
  /** A regular expression with a named group `count`: the number written in the docs. */
  phrase?: string;
  /** The docs searched; default every doc. */
  docs?: string | string[];
  /** Instead of a phrase: a count of the tree, compared with the bounds (a ratchet, a floor). */
  count?: CountSource;
  /** Named counts an expression bound can use (`routes - excluded - 40`). */
  counts?: Record<string, CountSource>;
  equals?: Bound;
  tolerance?: number;
  'at-most'?: Bound;
  'at-least'?: Bound;
  /** How many counted sites a finding lists. */
  'max-sites'?: number;
  missing?: 'report' | 'ignore';
}

export interface CountsOptions {
  claims: CountClaimConfig[];
}

interface Site {
  path: string;
  range: Range;
}

/** A configuration that cannot work: what is wrong, the text to find in the claim's entry, and the file it is about, if any (a change of it may fix it). */
interface Problem {
  problem: string;
  needle: string;
  about?: string;
}

/** The real number and how it was counted, or a configuration problem. */
/** `missing`: a configured input is absent and was reported where it is configured. */
type Counted = { value: number; how: string; counts: string[]; sites: Site[] } | Problem | { missing: true };

const ONE_ONE: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

function isCountSource(b: object): b is CountSource {
  return 'glob' in b || 'files' in b || 'table' in b || ('file' in b && 'path' in b);
}

/** A count of `source`, configured at `at` (for findings about missing inputs) under `setting` (for messages). */
function count(ctx: RuleContext<CountsOptions>, source: CountSource, at: ConfigPath, setting: string, claim: CountClaimConfig): Counted {
  const ws: RepositoryFacts = ctx.facts;
  const input = { subRule: claim.id, missing: claim.missing };
  const kinds = ['glob', 'pattern', 'table', 'path'].filter((k) => k in source);
  if (kinds.length > 1) return { problem: `${setting} takes one of { glob }, { files, pattern }, { table } or { file, path }, not ${kinds.join(' and ')} together`, needle: setting };
  if ('glob' in source) {
    const globs = globList(source.glob);
    // A glob ending in `/` counts folders only; otherwise files and folders both.
    const foldersOnly = globs.filter((g) => !g.startsWith('!')).every((g) => g.endsWith('/'));
    const dirs = ws.matchDirs(globs);
    const files = foldersOnly ? [] : ws.match(globs);
    const what = foldersOnly ? 'folders' : dirs.length ? 'files and folders' : 'files';
    return { value: dirs.length + files.length, how: `${what} matching ${globs.join(', ')}`, counts: globs, sites: files.map((path) => ({ path, range: ONE_ONE })) };
  }
  if ('files' in source) {
    const globs = globList(source.files);
    const exempt = source['exempt-lines'] !== undefined ? { pattern: compileUserRegex(source['exempt-lines'], 'm'), window: lineWindow(source.window) } : undefined;
    const files = matchInputs(ctx, source.files, { ...input, at: [...at, 'files'], what: `files counted by claim ${claim.id}` });
    const matches = codeMatches(ws, files, source.pattern, exempt);
    const sites = matches.map((m) => ({ path: m.path, range: ws.text(m.path)!.lines.rangeOf(m.start, m.end) }));
    return { value: matches.length, how: `matches of /${source.pattern}/ outside comments${exempt ? ` and exempt lines` : ''} in ${globs.join(', ')}`, counts: globs, sites };
  }
  if ('path' in source) {
    const globs = globList(source.file);
    const steps = parseDataPath(source.path);
    if (typeof steps === 'string') return { problem: `path \`${source.path}\`: ${steps}`, needle: source.path };
    const files = matchInputs(ctx, source.file, { ...input, at: [...at, 'file'], what: `files counted by claim ${claim.id}` });
    const sites: Site[] = [];
    for (const path of files) {
      const data = ws.structured(path);
      if (!data) continue;
      if (data.error && data.roots.length === 0) return { problem: `\`${path}\` is not valid ${data.format}: ${data.error.message}`, needle: globs[0], about: path };
      const t = ws.text(path)!;
      for (const m of selectData(data.roots, steps)) sites.push({ path, range: t.lines.rangeOf(m.keyStart ?? m.node.start, m.keyEnd ?? m.node.end) });
    }
    return { value: sites.length, how: `values at \`${source.path}\` in ${globs.join(', ')}`, counts: globs, sites };
  }
  const { path, slug } = splitDocRef(source.table);
  const doc = ws.isFile(path) ? ws.doc(path) : undefined;
  if (!doc) {
    reportUnreadableInput(ctx, { ...input, at: [...at, 'table'], what: `table of claim ${claim.id}` }, path, ws.isFile(path) ? 'cannot be read' : 'does not exist');
    return { missing: true };
  }
  const section = findSection(doc, slug);
  if (!section) {
    const near = closest(
      slug,
      doc.headings.map((h) => h.slug),
    );
    return { problem: `\`${path}\` has no heading \`#${slug}\`${didYouMean(near && `#${near}`)}`, needle: source.table, about: path };
  }
  const { entries, tables } = sectionEntries(doc, section);
  return {
    value: entries.length,
    how: tables.length ? `rows of the table${tables.length > 1 ? 's' : ''} in ${source.table}` : `entries of the list in ${source.table}`,
    counts: [path],
    sites: entries.map((e) => ({ path, range: e.range })),
  };
}

/** A bound's number, where it is written when that is a file (a baseline the fix can tighten), and how it was found. */
interface BoundValue {
  value: number;
  how: string;
  counts: string[];
  written?: { path: string; start: number; end: number; text: string };
}
type Resolved = BoundValue | Problem | { missing: true };

function numberInFile(ctx: RuleContext<CountsOptions>, source: NumberInFile, at: ConfigPath, claim: CountClaimConfig): Resolved {
  const ws = ctx.facts;
  const file = source.file;
  const t = ws.isFile(file) ? ws.text(file) : undefined;
  if (!t) {
    reportUnreadableInput(
      ctx,
      { at: [...at, 'file'], what: `number file of claim ${claim.id}`, subRule: claim.id, missing: claim.missing },
      file,
      ws.isFile(file) ? 'cannot be read' : 'does not exist',
    );
    return { missing: true };
  }
  if ('value' in source) {
    const steps = parseDataPath(source.value);
    if (typeof steps === 'string') return { problem: `value \`${source.value}\`: ${steps}`, needle: source.value };
    const data = ws.structured(file);
    const found = data ? selectData(data.roots, steps) : [];
    if (found.length !== 1) return { problem: `\`${source.value}\` selects ${found.length} values in \`${file}\`; a bound needs exactly one`, needle: source.value, about: file };
    const text = scalarText(found[0].node);
    const n = text === null ? NaN : Number(text);
    if (!Number.isFinite(n)) return { problem: `\`${source.value}\` in \`${file}\` is \`${text ?? 'a map or list'}\`, not a number`, needle: source.value, about: file };
    const node = found[0].node;
    return {
      value: n,
      how: `${file}: ${source.value}`,
      counts: [file],
      written: typeof node.value === 'number' ? { path: file, start: node.start, end: node.end, text: t.text.slice(node.start, node.end) } : undefined,
    };
  }
  const re = compileUserRegex(source.pattern ?? '-?\\d+', 'm');
  const m = re.exec(t.text);
  if (!m) return { problem: `\`${file}\` has no number${source.pattern ? ` matching /${source.pattern}/` : ''}`, needle: file, about: file };
  const written = m.groups?.count ?? m[1] ?? m[0];
  const offset = m.index + m[0].indexOf(written);
  const value = Number(written);
  if (!Number.isFinite(value)) return { problem: `\`${written}\` in \`${file}\` is not a number`, needle: file, about: file };
  return { value, how: `the baseline in ${file}`, counts: [file], written: { path: file, start: offset, end: offset + written.length, text: written } };
}

type Named = (name: string) => Counted | undefined;

function resolveBound(ctx: RuleContext<CountsOptions>, bound: Bound, at: ConfigPath, setting: string, named: Named, claim: CountClaimConfig): Resolved {
  if (typeof bound === 'number') return { value: bound, how: 'as configured', counts: [] };
  if (typeof bound === 'string') {
    const expr = parseExpression(bound);
    if ('problem' in expr) return { problem: `expression \`${bound}\`: ${expr.problem}`, needle: bound };
    const used: string[] = [];
    const parts: string[] = [];
    let absent = false;
    const result = evaluateExpression(expr.expression, (name) => {
      const c = named(name);
      // A named count whose input is missing was reported there; the expression is not evaluated.
      if (c && 'missing' in c) {
        absent = true;
        return 0;
      }
      if (!c || 'problem' in c) return undefined;
      used.push(...c.counts);
      parts.push(`${name} = ${c.value}`);
      return c.value;
    });
    if (absent) return { missing: true };
    if ('problem' in result) {
      const c = result.name ? named(result.name) : undefined;
      return c && 'problem' in c ? { problem: c.problem, needle: bound, about: c.about } : { problem: `expression \`${bound}\`: ${result.problem}`, needle: bound };
    }
    return { value: result.value, how: `${bound} with ${[...new Set(parts)].join(', ')}`, counts: used };
  }
  if (isCountSource(bound)) {
    const c = count(ctx, bound, at, setting, claim);
    return 'problem' in c || 'missing' in c ? c : { value: c.value, how: c.how, counts: c.counts };
  }
  return numberInFile(ctx, bound, at, claim);
}

type Relation = 'equals' | 'at-most' | 'at-least';
const RELATIONS: readonly Relation[] = ['equals', 'at-most', 'at-least'];

function holds(relation: Relation, value: number, bound: number, tolerance: number): boolean {
  if (relation === 'equals') return Math.abs(value - bound) <= tolerance;
  return relation === 'at-most' ? value <= bound : value >= bound;
}

/** Reports a configuration problem of `claim`: at the text it is about in the claim's entry of `docwarden.yml`, else as a notice. */
type ReportProblem = (problem: Problem) => void;

function checkClaim(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, index: number, all: readonly CountClaimConfig[]): void {
  const at: ConfigPath = ['rules', 'counts', 'claims', index];
  const problem = problemReporter(ctx, claim, at);
  const shape = shapeProblem(claim);
  if (shape) {
    problem(shape);
    return;
  }
  const bounds = resolveBounds(ctx, claim, at, namedCounts(ctx, claim, at, all), problem);
  if (!bounds) return;
  const tolerance = claim.tolerance ?? 0;
  if (claim.count === undefined) {
    checkPhrase(ctx, claim, at, bounds, tolerance);
    return;
  }
  const counted = count(ctx, claim.count, [...at, 'count'], 'count', claim);
  if ('missing' in counted) return;
  if ('problem' in counted) problem(counted);
  else if (bounds.size) checkCount(ctx, claim, counted, bounds, tolerance);
}

/** The reporter of `claim`'s configuration problems; a problem about a file depends on it (`--changed` of that file shows it). */
function problemReporter(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, at: ConfigPath): ReportProblem {
  return ({ problem, needle, about }) => {
    const where = ctx.configLocation(at, needle) ?? ctx.configLocation(at);
    if (where) ctx.report({ ...where, messageId: 'badSource', data: { id: claim.id, problem }, subRule: claim.id, ...(about !== undefined ? { dependsOn: [about] } : {}) });
    else ctx.notice({ level: ctx.level, message: `counts/${claim.id}: ${problem}` });
  };
}

/** What is wrong with the claim's shape (phrase or count, a bound, tolerance with equals), or null. */
function shapeProblem(claim: CountClaimConfig): Problem | null {
  if ((claim.phrase === undefined) === (claim.count === undefined)) {
    return { problem: 'a claim has either `phrase` (a number in the docs) or `count` (a number of the tree), not both or neither', needle: claim.id };
  }
  // A count without bounds is a named count other claims' expressions use.
  if (claim.count === undefined && !RELATIONS.some((r) => claim[r] !== undefined)) return { problem: 'a claim needs `equals`, `at-most` or `at-least`', needle: claim.id };
  if (claim.tolerance !== undefined && claim.equals === undefined) return { problem: '`tolerance` applies to `equals`', needle: 'tolerance' };
  return null;
}

/** The named counts an expression bound of `claim` can use: its own `counts`, then other claims' `count`, each counted once. */
function namedCounts(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, at: ConfigPath, all: readonly CountClaimConfig[]): Named {
  const memo = new Map<string, Counted>();
  return (name) => {
    if (memo.has(name)) return memo.get(name);
    const own = claim.counts?.[name];
    const other = all.findIndex((c) => c.id === name && c.id !== claim.id);
    const source = own ?? (other >= 0 ? all[other].count : undefined);
    if (!source) return undefined;
    const c = own ? count(ctx, own, [...at, 'counts', name], `counts.${name}`, claim) : count(ctx, source, ['rules', 'counts', 'claims', other, 'count'], `counts.${name}`, all[other]);
    memo.set(name, c);
    return c;
  };
}

/** The claim's bounds by relation, or null when one cannot be resolved (reported as a problem, or its input is missing and was reported there). */
function resolveBounds(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, at: ConfigPath, named: Named, problem: ReportProblem): Map<Relation, BoundValue> | null {
  const bounds = new Map<Relation, BoundValue>();
  for (const relation of RELATIONS.filter((r) => claim[r] !== undefined)) {
    const b = resolveBound(ctx, claim[relation]!, [...at, relation], relation, named, claim);
    if ('missing' in b) return null;
    if ('problem' in b) {
      problem(b);
      return null;
    }
    bounds.set(relation, b);
  }
  return bounds;
}

/** The numbers the claim's phrase writes in its docs against its bounds; an equality that fails has a fix. */
function checkPhrase(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, at: ConfigPath, bounds: Map<Relation, BoundValue>, tolerance: number): void {
  const ws = ctx.facts;
  const docs = claim.docs === undefined ? ws.docs() : matchInputs(ctx, globList(claim.docs), { at: [...at, 'docs'], what: `docs of claim ${claim.id}`, subRule: claim.id, missing: claim.missing });
  for (const path of docs) {
    const t = ws.text(path);
    // Parse only the docs the phrase occurs in: most docs make no claim, and parsing is the cost.
    if (!t || findCountClaims(t.text, claim.phrase!, []).length === 0) continue;
    const doc = ws.doc(path);
    if (!doc) continue;
    for (const found of findCountClaims(
      t.text,
      claim.phrase!,
      nonProseSpans(doc, (p) => t.lines.offsetAt(p)),
    )) {
      for (const [relation, bound] of bounds) {
        if (holds(relation, found.value, bound.value, tolerance)) continue;
        // Only an equality has one right number to write.
        const replacement = relation === 'equals' ? formatNumberLike(bound.value, found.written) : null;
        ctx.report({
          path,
          range: t.lines.rangeOf(found.start, found.end),
          messageId: relation === 'equals' ? (tolerance ? 'wrongCountTolerance' : 'wrongCount') : relation === 'at-most' ? 'claimAboveBound' : 'claimBelowBound',
          data: { id: claim.id, phrase: found.phrase, claimed: found.written, actual: bound.value, how: bound.how, tolerance },
          subRule: claim.id,
          fingerprintKey: found.phrase,
          // A new folder or match elsewhere makes an unchanged doc's number wrong: --changed must show it.
          dependsOnGlobs: bound.counts,
          ...(replacement !== null ? { fix: { description: `replace ${found.written} with ${replacement}`, edits: [{ path, start: found.start, end: found.end, text: replacement }] } } : {}),
        });
      }
    }
  }
}

/** A count of the tree against its bounds: a ceiling that holds is tightened when the count fell, never raised. */
function checkCount(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, counted: Extract<Counted, { value: number }>, bounds: Map<Relation, BoundValue>, tolerance: number): void {
  const ws = ctx.facts;
  const maxSites = claim['max-sites'] ?? ctx.maxSites;
  const claimAt = ['rules', 'counts', 'claims', ctx.options.claims.indexOf(claim)];
  for (const [relation, bound] of bounds) {
    const at = bound.written
      ? { path: bound.written.path, range: ws.text(bound.written.path)!.lines.rangeOf(bound.written.start, bound.written.end) }
      : (ctx.configLocation(claimAt, `${relation}:`) ?? ctx.configLocation(claimAt, claim.id));
    const data = { id: claim.id, actual: counted.value, how: counted.how, bound: bound.value, boundHow: bound.how, tolerance, more: '' };
    if (holds(relation, counted.value, bound.value, tolerance)) {
      // A ratchet whose number is in a file follows the count down (up, for a floor), so the gain cannot be lost.
      const tighter = bound.written && ((relation === 'at-most' && counted.value < bound.value) || (relation === 'at-least' && counted.value > bound.value));
      if (tighter && at) {
        ctx.report({
          ...at,
          level: 'note',
          messageId: relation === 'at-most' ? 'ratchetLower' : 'ratchetRaise',
          data,
          subRule: claim.id,
          fingerprintKey: `ratchet:${relation}`,
          dependsOnGlobs: counted.counts,
          fix: { description: `set the baseline to ${counted.value}`, edits: [{ path: bound.written!.path, start: bound.written!.start, end: bound.written!.end, text: String(counted.value) }] },
        });
      }
      continue;
    }
    // The sites that break the bound: for a ceiling, the ones past it are the newest in file order; list what helps find them.
    const listed = counted.sites.slice(0, maxSites);
    const related: RelatedLocation[] = listed.map((s) => ({ ...s, message: `counted: ${counted.how}` }));
    if (counted.sites.length > listed.length) data.more = ` (${listed.length} of ${counted.sites.length} sites listed)`;
    const messageId = relation === 'equals' ? 'countNotEqual' : relation === 'at-most' ? 'countAboveBound' : 'countBelowBound';
    // Without a place in the configuration (it is outside the root), the first counted site carries the finding.
    const where = at ?? (counted.sites[0] ? { path: counted.sites[0].path, range: counted.sites[0].range } : null);
    if (where) ctx.report({ ...where, messageId, data, related, subRule: claim.id, fingerprintKey: `bound:${relation}`, dependsOnGlobs: counted.counts });
    else ctx.notice({ level: 'error', message: `counts/${claim.id}: ${counted.value} ${counted.how}, bound ${bound.value}` });
  }
}

const globs = GLOBS_SCHEMA;

const SOURCE_PROPERTIES = {
  glob: { ...globs, description: 'files or folders (a glob ending in / counts folders); `!` negates' },
  files: { ...globs, description: 'the files searched for pattern' },
  pattern: { type: 'string', regex: true, description: 'counted outside comments; in a number file, the number (its (?<count>…) group, else its first group, else the match)' },
  table: { type: 'string', pattern: '^[^#]+#.+$', description: 'path.md#heading-slug: the rows of its tables' },
  file: { ...globs, description: 'a YAML, JSON or TOML file (with path), or a file holding a number (a baseline)' },
  path: { type: 'string', description: 'with file: the values at this data path (`paths.*.*.operationId`) are counted' },
  value: { type: 'string', description: 'with file: the number at this data path is the bound' },
  'exempt-lines': { type: 'string', regex: true, description: 'with files and pattern: a match on a line matching this (or within window lines of it) is not counted' },
  window: WINDOW_SCHEMA,
};

const COUNT_SCHEMA = {
  description: 'what is counted: { glob }, { files, pattern }, { table: doc.md#slug } or { file, path }',
  type: 'object',
  additionalProperties: false,
  properties: {
    glob: SOURCE_PROPERTIES.glob,
    files: SOURCE_PROPERTIES.files,
    pattern: SOURCE_PROPERTIES.pattern,
    table: SOURCE_PROPERTIES.table,
    file: SOURCE_PROPERTIES.file,
    path: SOURCE_PROPERTIES.path,
    'exempt-lines': SOURCE_PROPERTIES['exempt-lines'],
    window: SOURCE_PROPERTIES.window,
  },
  minProperties: 1,
  dependencies: { files: ['pattern'], path: ['file'], 'exempt-lines': ['pattern'], window: ['exempt-lines'] },
};

// One schema for the three forms (keywords apply only to their type), so a wrong key is named as such.
const BOUND_SCHEMA = {
  description: 'a number, an expression over named counts (`routes - excluded - 40`), a count, or a number in a file ({ file }, { file, pattern }, { file, value })',
  type: ['number', 'string', 'object'],
  minLength: 1,
  additionalProperties: false,
  properties: SOURCE_PROPERTIES,
  minProperties: 1,
  dependencies: { files: ['pattern'], path: ['file'], value: ['file'] },
};

export default defineRule<CountsOptions>({
  id: 'counts',
  description: 'Numeric claims in prose ("13 issuer connectors") and bounds on counts of the tree (ratchets, floors), against folders, files, pattern matches, table rows or data paths.',
  defaultLevel: 'off',
  facts: ['codeBlocks', 'listItems', 'tables'],
  optionsSchema: {
    claims: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lower-case id; the SARIF rule is counts/<id>' },
          description: { type: 'string', description: 'shown in SARIF for counts/<id>' },
          phrase: { type: 'string', regex: true, pattern: '\\(\\?<count>', description: 'a regular expression for the claim, with a named group (?<count>…) around the number (digits or words)' },
          docs: { ...globs, description: 'the docs searched (default: every doc)' },
          missing: MISSING_SCHEMA,
          count: COUNT_SCHEMA,
          counts: {
            type: 'object',
            description: 'named counts that expression bounds use',
            additionalProperties: COUNT_SCHEMA,
            propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$' },
          },
          equals: BOUND_SCHEMA,
          tolerance: { type: 'number', minimum: 0, description: 'equals holds within this distance' },
          'at-most': BOUND_SCHEMA,
          'at-least': BOUND_SCHEMA,
          'max-sites': { type: 'integer', minimum: 0, description: 'how many counted sites a bound finding lists as related locations (default: --max-sites, 10)' },
        },
      },
    },
  },
  messages: {
    wrongCount: '"{phrase}" claims {claimed}, but there are {actual} ({how})',
    wrongCountTolerance: '"{phrase}" claims {claimed}, but there are {actual} ({how}), more than {tolerance} away',
    claimAboveBound: '"{phrase}" claims {claimed}, more than the {actual} there are ({how})',
    claimBelowBound: '"{phrase}" claims {claimed}, fewer than the {actual} it must be at least ({how})',
    countNotEqual: 'Count {id}: {actual} {how}, but it must equal {bound} ({boundHow}){more}',
    countAboveBound: 'Count {id}: {actual} {how}, more than the allowed {bound} ({boundHow}); remove the new ones, or raise the bound with a reason{more}',
    countBelowBound: 'Count {id}: {actual} {how}, fewer than the required {bound} ({boundHow}){more}',
    ratchetLower: 'Count {id} fell to {actual} ({how}); lower the baseline from {bound} to {actual} so it cannot come back',
    ratchetRaise: 'Count {id} rose to {actual} ({how}); raise the floor from {bound} to {actual} so it cannot fall back',
    badSource: 'Count claim {id}: {problem}',
  },
  subRules(options) {
    return options.claims.map((c) => ({ id: c.id, description: c.description ?? (c.phrase !== undefined ? `count claims /${c.phrase}/` : `bounds on count ${c.id}`) }));
  },
  check(ctx) {
    ctx.options.claims.forEach((claim, i) => checkClaim(ctx, claim, i, ctx.options.claims));
  },
});
