import {
  LINK_RESOLUTION_SCHEMA,
  type LinkResolutionOptions,
  globList,
  codePathOf,
  compileUserRegex,
  defineRule,
  type DocFacts,
  type Fix,
  globMatcher,
  GLOBS_SCHEMA,
  type LastCommit,
  type Level,
  type LineIndex,
  linkResolution,
  MARKDOWN_EXTENSION,
  matchInputs,
  MISSING_SCHEMA,
  type Range,
  type RelatedLocation,
  resolveLink,
  type ResolveOptions,
  type RuleContext,
  UNTIL_SCHEMA,
  type UserRegex,
  WHY_SCHEMA,
} from '../src/api/index.js';

export interface ReviewAllowEntry {
  files: string | string[];
  why: string;
  until?: string;
}

export interface LastReviewedOptions {
  files: string[];
  pattern: string;
  'warn-after': number;
  'error-after': number;
  'linked-code': boolean;
  allow: ReviewAllowEntry[];
  missing?: 'report' | 'ignore';
  'link-resolution'?: LinkResolutionOptions;
}

/** Front matter keys that hold a review date, in the order they are looked for. */
export const FRONT_MATTER_KEYS = ['last_reviewed', 'last-reviewed', 'reviewed', 'last_reviewed_on'];

/** The review line the rule reads when `pattern` is not configured (init proposes only what this rule reads). */
export const DEFAULT_PATTERN = '^[ \\t]*(?:>[ \\t]*)?(?:\\*\\*|__)?Last [Rr]eviewed:?(?:\\*\\*|__)?:?[ \\t]+(?<date>[^\\s*_<>]+)';
const FRONT_MATTER_DATE = new RegExp(`^(${FRONT_MATTER_KEYS.join('|')})[ \\t]*[:=][ \\t]*(["']?)([^"'\\r\\n#]*?)\\2[ \\t]*(?:#.*)?$`, 'gmd');
/** g3doc: `<!--* freshness: { owner: 'x' reviewed: '2026-05-13' } *-->`. */
const G3DOC_FRESHNESS = /<!--\*[\s\S]*?\bfreshness\s*:\s*\{[^}]*?\breviewed\s*:\s*(["']?)([^"',}\s]*)\1[\s\S]*?\*-->/dg;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** Changed files named in one message; the rest are counted (all are related locations). */
const LISTED_FILES = 5;

/** Where a doc's review date sits: the value's offsets in the text, and where it was found. */
interface ReviewDate {
  value: string;
  start: number;
  end: number;
  source: 'pattern' | 'front matter' | 'g3doc freshness';
}

/** The review date of a doc: the configured pattern first, then front matter, then a g3doc freshness block. Regexes carry the `d` flag. */
export function findReviewDate(text: string, lines: LineIndex, doc: DocFacts, pattern: UserRegex): ReviewDate | null {
  const frontMatterEnd = doc.frontMatter ? lines.offsetAt(doc.frontMatter.range.end) : 0;
  for (const m of pattern.matchAll(text)) {
    const span = m.indices?.groups?.date;
    // Front matter has its own keys (below); a pattern line there is not the prose convention.
    if (!span || span[0] < frontMatterEnd) continue;
    return { value: text.slice(span[0], span[1]), start: span[0], end: span[1], source: 'pattern' };
  }
  if (doc.frontMatter) {
    const fmStart = lines.offsetAt(doc.frontMatter.range.start);
    const raw = text.slice(fmStart, lines.offsetAt(doc.frontMatter.range.end));
    const found = [...raw.matchAll(FRONT_MATTER_DATE)].sort((a, b) => FRONT_MATTER_KEYS.indexOf(a[1]) - FRONT_MATTER_KEYS.indexOf(b[1]));
    const span = found[0]?.indices?.[3];
    if (span) return { value: raw.slice(span[0], span[1]), start: fmStart + span[0], end: fmStart + span[1], source: 'front matter' };
  }
  for (const m of text.matchAll(G3DOC_FRESHNESS)) {
    const span = m.indices?.[2];
    if (span) return { value: text.slice(span[0], span[1]), start: span[0], end: span[1], source: 'g3doc freshness' };
  }
  return null;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, or why it is not one. */
export function parseReviewDate(value: string): { day: number } | { malformed: true } | { impossible: string } {
  const m = ISO_DATE.exec(value);
  if (!m) return { malformed: true };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return { impossible: `there is no month ${m[2]}` };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return { impossible: `${m[1]}-${m[2]} has ${daysInMonth} days` };
  return { day: Date.UTC(year, month - 1, day) / DAY_MS };
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** Per doc: what was found before git is asked about linked code. */
interface DocReview {
  path: string;
  date: ReviewDate | null;
  /** Days since the epoch, when the date is a real date. */
  day: number | null;
  /** Linked repository files and where the doc first links to each. */
  linked: Map<string, Range>;
}

interface Pending {
  path: string;
  range: Range;
  messageId: string;
  data: Record<string, string | number>;
  level?: Level;
  related?: RelatedLocation[];
  dependsOn?: string[];
  fix?: Fix;
  fingerprintKey?: string;
}

/** Repository files a doc links to or names in inline code, resolved as `links` resolves them; Markdown docs are not code. */
function linkedFiles(ctx: RuleContext<LastReviewedOptions>, resolveOptions: ResolveOptions, doc: DocFacts, rootEntries: ReadonlySet<string>): Map<string, Range> {
  const ws = ctx.facts;
  const linked = new Map<string, Range>();
  const add = (path: string, range: Range) => {
    if (path === doc.path || MARKDOWN_EXTENSION.test(path) || ws.isDoc(path) || ws.isIgnored(path)) return;
    if (!linked.has(path)) linked.set(path, range);
  };
  for (const link of doc.links) {
    if (link.kind === 'image') continue;
    const resolved = resolveLink(ctx, doc.path, link.url, resolveOptions);
    if (resolved.kind === 'local' && resolved.targetKind === 'file' && resolved.target) add(resolved.target, link.range);
  }
  for (const span of doc.codeSpans) {
    const codePath = codePathOf(span.value, doc.path, rootEntries, (p) => ws.isFile(p) || ws.isDir(p));
    if (codePath && ws.isFile(codePath.path)) add(codePath.path, span.range);
  }
  return linked;
}

/** `docs/archive/**` or `a.md, b.md`: how an allowlist entry is named in messages. */
const entryName = (entry: ReviewAllowEntry): string => globList(entry.files).join(', ');

/** What the rule collects before git is asked: the docs it checks, the allowlist, each doc's review and linked files. */
interface Collected {
  nowIso: string;
  nowDay: number;
  candidates: string[];
  entries: Array<{ entry: ReviewAllowEntry; index: number; matches: (path: string) => boolean; expired: boolean; matchedDoc: boolean }>;
  reviews: DocReview[];
  /** Every linked file of every doc, sorted: the paths whose last commits the rule reads. */
  linkedPaths: string[];
}

/** Collected once per run (the engine asks `gitPaths` before `check`, with the same context). */
const collected = new WeakMap<RuleContext<LastReviewedOptions>, Collected>();

/** The rule's collected reviews for this context: collected on the first ask, the same object after. */
function reviewsOf(ctx: RuleContext<LastReviewedOptions>): Collected {
  let c = collected.get(ctx);
  if (!c) collected.set(ctx, (c = collect(ctx)));
  return c;
}

/** The docs to check, the allowlist entries, and each doc's review date and linked repository files. */
function collect(ctx: RuleContext<LastReviewedOptions>): Collected {
  const ws = ctx.facts;
  const options = ctx.options;
  const pattern = compileUserRegex(options.pattern, 'gmd');
  const nowIso = isoDay(ctx.now);
  const nowDay = Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth(), ctx.now.getUTCDate()) / DAY_MS;
  const required = new Set(
    matchInputs(ctx, options.files, { at: ['rules', 'last-reviewed', 'files'], what: 'last-reviewed files (Markdown)', missing: options.missing }, (p) => MARKDOWN_EXTENSION.test(p)),
  );
  const candidates = [...new Set([...ws.docs(), ...required])].sort();
  const rootEntries = new Set(ws.entriesOf(''));
  let resolveOptions: ResolveOptions | undefined;

  // Allowlist: an active entry drops every finding of the docs it matches; expired entries do not apply.
  const entries = options.allow.map((entry, index) => {
    const globs = globList(entry.files);
    const expired = entry.until !== undefined && entry.until < nowIso;
    return { entry, index, matches: globMatcher(globs), expired, matchedDoc: false };
  });
  const exempt = (path: string) => entries.some((e) => !e.expired && e.matches(path));

  const reviews: DocReview[] = [];
  for (const path of candidates) {
    const doc = ws.doc(path);
    const t = ws.text(path);
    if (!doc || !t) continue;
    const date = findReviewDate(t.text, t.lines, doc, pattern);
    if (!date && !required.has(path)) continue;
    const parsed = date ? parseReviewDate(date.value) : null;
    const day = parsed && 'day' in parsed ? parsed.day : null;
    const linked =
      options['linked-code'] && day !== null && day <= nowDay && !exempt(path)
        ? linkedFiles(ctx, (resolveOptions ??= linkResolution(ctx, options['link-resolution'])), doc, rootEntries)
        : new Map<string, Range>();
    reviews.push({ path, date, day, linked });
  }
  const linkedPaths = [...new Set(reviews.flatMap((r) => [...r.linked.keys()]))].sort();
  return { nowIso, nowDay, candidates, entries, reviews, linkedPaths };
}

export default defineRule<LastReviewedOptions>({
  id: 'last-reviewed',
  git: ['lastCommits'],
  description:
    'Review dates of docs (`> Last reviewed: YYYY-MM-DD`, front matter, g3doc freshness): missing, malformed, in the future, too old, or older than the last change of the code the doc links to.',
  defaultLevel: 'off',
  optionsSchema: {
    'link-resolution': LINK_RESOLUTION_SCHEMA,
    files: {
      type: 'array',
      items: { type: 'string' },
      default: [],
      description: 'docs that must carry a review date (globs); other docs are checked only when they have one',
    },
    pattern: {
      type: 'string',
      regex: true,
      pattern: '\\(\\?<date>',
      default: DEFAULT_PATTERN,
      description: 'a JavaScript regular expression with a named group `date` (matched per line, `^`/`$` at line ends)',
    },
    'warn-after': { type: 'integer', minimum: 0, default: 90, description: 'a review this many days old or older is a warning' },
    'error-after': { type: 'integer', minimum: 0, default: 120, description: "a review this many days old or older is reported at the rule's level" },
    missing: MISSING_SCHEMA,
    'linked-code': { type: 'boolean', default: true, description: 'report repository files the doc links to (or names in inline code) whose last commit is after the review date' },
    allow: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'why'],
        properties: {
          files: { ...GLOBS_SCHEMA, description: 'docs exempt from every check of this rule (globs)' },
          why: { ...WHY_SCHEMA, description: 'the justification' },
          until: { ...UNTIL_SCHEMA, description: 'YYYY-MM-DD after which the entry is expired (an error)' },
        },
      },
    },
  },
  messages: {
    missing: 'No review date; after reviewing the doc, add one such as `> Last reviewed: {now}` or front matter `last_reviewed: {now}`',
    malformed: 'Review date `{value}` ({source}) is not a YYYY-MM-DD date; write it like `{now}`',
    impossible: 'Review date `{value}` ({source}) does not exist: {why}',
    future: 'Review date {date} is {days} day(s) after now ({now}); a review cannot come from the future',
    stale: 'Last reviewed {date}, {age} days before now ({now}); the limit is {limit} days: re-read the doc against the code and update the date',
    linkedCode: 'Reviewed {date}, but {count} file(s) it links to changed since: {files}; re-read the doc against them and update the date',
    allowExpired: 'Allowlist entry for `{files}` expired on {until} (now {now}); review those docs or extend `until` with a reason',
    allowUnused: 'Allowlist entry for `{files}` exempts nothing: {reason}; remove it',
  },
  gitPaths: (ctx) => reviewsOf(ctx).linkedPaths,
  check(ctx) {
    const { nowIso, nowDay, candidates, entries, reviews, linkedPaths } = reviewsOf(ctx);
    // The engine asked git once, for every linked file of every doc (gitPaths).
    const commits: ReadonlyMap<string, LastCommit> = linkedPaths.length ? ctx.gitLastCommits(linkedPaths) : new Map();

    const findingsByDoc = new Map<string, Pending[]>();
    for (const review of reviews) findingsByDoc.set(review.path, checkReview(ctx, review, commits, nowDay, nowIso));

    const kept: Pending[] = [];
    for (const path of candidates) {
      const pending = findingsByDoc.get(path) ?? [];
      const active = entries.filter((e) => e.matches(path));
      for (const e of active) e.matchedDoc = true;
      if (!active.some((e) => !e.expired)) kept.push(...pending);
    }
    for (const e of entries) {
      if (e.expired) kept.push(...allowFinding(ctx, e.index, 'allowExpired', { files: entryName(e.entry), until: e.entry.until ?? '', now: nowIso }));
      // A frozen folder whose docs are fine today will age into findings: only an entry that matches no doc has rotted.
      else if (!e.matchedDoc) kept.push(...allowFinding(ctx, e.index, 'allowUnused', { files: entryName(e.entry), reason: 'it matches no doc' }));
    }
    for (const p of kept) ctx.report(p);
  },
});

function checkReview(ctx: RuleContext<LastReviewedOptions>, review: DocReview, commits: ReadonlyMap<string, LastCommit>, nowDay: number, nowIso: string): Pending[] {
  const ws = ctx.facts;
  const t = ws.text(review.path)!;
  const options = ctx.options;
  const out: Pending[] = [];
  const { date } = review;
  if (!date) {
    out.push({ path: review.path, range: t.lines.rangeOf(0, 0), messageId: 'missing', data: { now: nowIso } });
    return out;
  }
  const range = t.lines.rangeOf(date.start, date.end);
  // Setting the date is a person's statement that they reviewed the doc: only on docs named on the command line, with --rule last-reviewed.
  const fix: Fix | undefined = ws.isNamed(review.path)
    ? { description: `Set the review date to ${nowIso}`, edits: [{ path: review.path, start: date.start, end: date.end, text: nowIso }], onRequest: true }
    : undefined;
  const base = { path: review.path, range, ...(fix ? { fix } : {}) };
  const parsed = parseReviewDate(date.value);
  if ('malformed' in parsed) {
    out.push({ ...base, messageId: 'malformed', data: { value: date.value, source: date.source, now: nowIso } });
    return out;
  }
  if ('impossible' in parsed) {
    out.push({ ...base, messageId: 'impossible', data: { value: date.value, source: date.source, why: parsed.impossible } });
    return out;
  }
  const age = nowDay - parsed.day;
  if (age < 0) {
    out.push({ ...base, messageId: 'future', data: { date: date.value, days: -age, now: nowIso } });
    return out;
  }
  if (age >= options['error-after']) {
    out.push({ ...base, messageId: 'stale', data: { date: date.value, age, now: nowIso, limit: options['error-after'] } });
  } else if (age >= options['warn-after']) {
    const level: Level = ctx.level === 'note' ? 'note' : 'warning';
    out.push({ ...base, level, messageId: 'stale', data: { date: date.value, age, now: nowIso, limit: options['warn-after'] } });
  }
  const changed: { path: string; commit: LastCommit; range: Range }[] = [];
  for (const [path, linkRange] of review.linked) {
    const commit = commits.get(path);
    if (commit && isoDay(commit.date) > date.value) changed.push({ path, commit, range: linkRange });
  }
  if (changed.length) {
    // Most recent change first: the one most likely to have made the doc wrong.
    changed.sort((a, b) => b.commit.date.getTime() - a.commit.date.getTime() || (a.path < b.path ? -1 : 1));
    const listed = changed.slice(0, LISTED_FILES).map((c) => `\`${c.path}\` (${isoDay(c.commit.date)}, ${c.commit.hash})`);
    if (changed.length > LISTED_FILES) listed.push(`and ${changed.length - LISTED_FILES} more`);
    const level: Level = ctx.level === 'note' ? 'note' : 'warning';
    out.push({
      ...base,
      level,
      messageId: 'linkedCode',
      data: { date: date.value, count: changed.length, files: listed.join(', ') },
      related: changed.map((c) => ({ path: review.path, range: c.range, message: `links to ${c.path}, last changed ${isoDay(c.commit.date)} in ${c.commit.hash}` })),
      dependsOn: changed.map((c) => c.path),
    });
  }
  return out;
}

/** A finding about an allowlist entry, at the entry in the configuration file; a notice when that file is not part of the workspace. */
function allowFinding(ctx: RuleContext<LastReviewedOptions>, index: number, messageId: 'allowExpired' | 'allowUnused', data: Record<string, string>): Pending[] {
  const at = ['rules', 'last-reviewed', 'allow', index];
  const where = ctx.configLocation(at);
  if (!where) {
    const message =
      ctx.ruleId + ': ' + (messageId === 'allowExpired' ? `allowlist entry for ${data.files} expired on ${data.until}` : `allowlist entry for ${data.files} exempts nothing (${data.reason})`);
    ctx.notice({ level: 'warning', message, at });
    return [];
  }
  return [{ ...where, messageId, data, fingerprintKey: data.files }];
}
