import { compileUserRegex } from '../config/regex.js';
import type { ConfigPath, JsonSchema, ReportDescriptor } from './rule.js';
import { UNTIL_SCHEMA, WHY_SCHEMA } from '../config/schema.js';
import type { Location, Notice, Range, RelatedLocation } from '../types.js';
import { allowlist, type Allowlist, type AllowlistContext } from './allowlist.js';
import { closest } from './suggest.js';

/**
 * The catalog join: names the code defines (environment variables read, npm scripts,
 * make targets, CLI flags) against names the docs mention. Pure: the caller's readers
 * give the defined names with their sites, its doc scanners give the mentions, and the
 * join returns what to report: both directions, families, allowlist (`why`, `until`,
 * expired and unused entries), did-you-mean and "renamed?", and the files each finding
 * depends on for `--changed`. A rule is a configuration of it: readers, scanners, words.
 */

/** Where a name is defined or mentioned. */
export interface CatalogSite {
  path: string;
  range: Range;
}

export interface DefinedName {
  name: string;
  /** Every site that defines it, in file order; a finding points at the first. */
  sites: CatalogSite[];
  /** The name is a prefix the code builds names from at run time (`"APP_PROFILE_" + x`): it stands for every name that starts with it. */
  prefix?: boolean;
  /** Defined for others (a variable the program sets for a child) rather than read; a name both read and exported is read. */
  exported?: boolean;
}

export interface MentionedName {
  /** The name as written (placeholders included for a family). */
  name: string;
  site: CatalogSite;
  /** A family written with placeholders (`APP_<NAME>_URL`, `APP_X_*`): the names it stands for and the literal text before its first placeholder. */
  family?: { test: (name: string) => boolean; prefix: string };
  /** Extra values for the message placeholders of a finding at this mention (`{command}`, `{file}`). */
  data?: Record<string, string>;
}

export interface CatalogAllowEntry {
  /** A regex matched against whole names. */
  name: string;
  why: string;
  /** YYYY-MM-DD: the last day the entry applies without being reported. */
  until?: string;
  /** Where the entry is written in the configuration; without it an expired or unused entry is a notice. */
  at?: CatalogSite | null;
}

export type CatalogDirection = 'both' | 'undocumented' | 'phantom';
export type CatalogFamilies = 'prefix' | 'explicit' | 'off';

/** The did-you-mean of the join: the candidate a wrong name most likely meant, preferring names `preferred` says are undocumented. */
export type Suggest = (name: string, candidates: readonly string[], preferred: (name: string) => boolean) => string | null;

export interface CatalogOptions {
  direction: CatalogDirection;
  /** What a family in the docs documents: every name it matches (prefix), only names built from its prefix at run time (explicit), or nothing (off: families are not mentions). */
  families: CatalogFamilies;
  /** Also report exported names no doc mentions. */
  reportExported?: boolean;
  /** Is this name exempt? An allowed name is reported in neither direction; `catalogAllowlist` makes this from a rule's `allow` entries, with their expired and unused findings. */
  allowed?: (name: string) => boolean;
  /** Instead of `allowed`: the entries, evaluated by the join (the same allowlist), whose expired and unused entries come back with the join's reports. */
  allow?: readonly CatalogAllowEntry[];
  /** "Now" as YYYY-MM-DD, for the `until` of `allow` entries. */
  today?: string;
  /** Names the code spells without defining them (a map of settings): a mention of one is not phantom. */
  known?: ReadonlySet<string>;
  /** Default: the closest name by edit distance. */
  suggest?: Suggest;
  /** Words of the related-location messages: "`X` is read here", "`X` is also set here". */
  verbs?: { defined: string; exported: string };
  /** The rule id, for the notices of `allow` entries. */
  label?: string;
  /** Set on every finding (`cli-flags/<program>` in SARIF). */
  subRule?: string;
  /** Namespaces the fingerprint keys when one rule joins several catalogs (`npm:app/package.json:`). */
  keyPrefix?: string;
  /** What a phantom depends on: the files that define the names (a mention in an unchanged doc is caused by the code that stopped defining it). */
  definedIn?: { paths?: readonly string[]; globs?: readonly string[] };
  /** What an undocumented name depends on: the docs that could mention it. */
  mentionedIn?: { paths?: readonly string[]; globs?: readonly string[] };
  /** How many other sites a finding lists as related locations. */
  maxRelated?: number;
}

/** The message ids the join reports with; a configuring rule gives each a template (it may leave out those its options never produce). */
/**
 * The `allow` option of a rule built on the join: entries `{ name, why, until? }`, `name` a regex matched against
 * whole names (`nameDescription` says what names, for the schema and the docs).
 */
export function catalogAllowSchema(nameDescription: string): JsonSchema {
  return {
    type: 'array',
    default: [],
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'why'],
      properties: {
        name: { type: 'string', regex: true, description: nameDescription },
        why: { ...WHY_SCHEMA, description: 'why these names are exempt' },
        until: { ...UNTIL_SCHEMA, description: 'YYYY-MM-DD; after this day the entry is an error' },
      },
    },
  };
}

/** The `allowExpired` message every rule built on the join gives (its `allowUnused` says what the rule's names are). */
export const CATALOG_ALLOW_EXPIRED = 'allowlist entry `{name}` expired on {until} ({why}); fix the drift it hides and remove it, or move `until`';

export const CATALOG_MESSAGE_IDS = [
  'undocumented',
  'undocumentedRenamed',
  'undocumentedPrefix',
  'undocumentedExported',
  'phantom',
  'phantomDidYouMean',
  'phantomFamily',
  'allowExpired',
  'allowUnused',
] as const;
export type CatalogMessageId = (typeof CATALOG_MESSAGE_IDS)[number];

export interface CatalogReport extends ReportDescriptor {
  messageId: CatalogMessageId;
}

export interface CatalogResult {
  reports: CatalogReport[];
  notices: Notice[];
}

const defaultSuggest: Suggest = (name, candidates, preferred) => {
  const best = closest(name, candidates);
  if (best === null) return null;
  // Among equally close names, prefer one that is not documented yet.
  const alternative = closest(name, candidates.filter(preferred));
  return alternative !== null && alternative.length === best.length ? alternative : best;
};

function compareSites(a: CatalogSite, b: CatalogSite): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}

/** One entry per name, sites merged, sorted and without duplicates. */
function merge(defined: readonly DefinedName[]): Map<string, DefinedName> {
  const out = new Map<string, DefinedName>();
  for (const d of defined) {
    const seen = out.get(d.name) ?? { ...d, sites: [] };
    for (const s of d.sites) if (!seen.sites.some((t) => t.path === s.path && compareSites(s, t) === 0)) seen.sites.push(s);
    seen.prefix ||= d.prefix;
    out.set(d.name, seen);
  }
  for (const d of out.values()) d.sites.sort(compareSites);
  return out;
}

const depends = (on: CatalogOptions['definedIn']): Pick<ReportDescriptor, 'dependsOn' | 'dependsOnGlobs'> => ({
  ...(on?.paths?.length ? { dependsOn: [...on.paths] } : {}),
  ...(on?.globs?.length ? { dependsOnGlobs: [...on.globs] } : {}),
});

/** One catalog of a join over several (one `package.json`'s scripts, one Makefile's targets): its names, the mentions that refer to it, and what sets it apart. */
export interface CatalogGroup extends Pick<CatalogOptions, 'keyPrefix' | 'subRule' | 'definedIn' | 'mentionedIn'> {
  defined: readonly DefinedName[];
  mentioned: readonly MentionedName[];
  /** Values for the message placeholders of every finding of the group (`{file}`, `{what}`); a mention's own data wins. */
  data?: Record<string, string>;
}

/** How a rule's catalog allowlist is written and named: `at` its place in docwarden.yml, `label` the rule id for notices. */
export interface CatalogAllowlistSpec<E extends CatalogAllowEntry> {
  at: ConfigPath;
  label: string;
  /** Where an entry's finding points; default: the entry's first line. */
  locate?(entry: E, index: number): Location | null;
  subRule?: string;
}

/**
 * A rule's `allow` entries as the join's allowlist, evaluated by the one allowlist of the rule API: each
 * entry a regex matched against whole names, a name using the first entry that matches. Give the join
 * `allowed: (name) => list.allows(name)`, then call `list.reportStale()` for the expired and unused entries.
 */
export function catalogAllowlist<E extends CatalogAllowEntry>(ctx: AllowlistContext, entries: readonly E[], spec: CatalogAllowlistSpec<E>): Allowlist {
  return allowlist(ctx, entries, {
    at: spec.at,
    matches(entry) {
      const re = compileUserRegex(`^(?:${entry.name})$`);
      return (name) => re.test(name);
    },
    firstMatchOnly: true,
    key: (entry) => entry.name,
    data: (entry) => ({ name: entry.name }),
    // An entry that says where it is written points there (null: a notice).
    locate: spec.locate ?? ((entry, i) => (entry.at !== undefined ? entry.at : ctx.configLocation([...spec.at, i]))),
    notice: (entry, expired) => `${spec.label}: allowlist entry ${entry.name} ${expired ? `expired on ${entry.until}` : 'suppresses nothing'}`,
    ...(spec.subRule ? { subRule: spec.subRule } : {}),
  });
}

/** The `allow` entries given to the join itself (each with its place `at`): the same allowlist, its findings collected into the join's result. */
function optionsAllowlist(options: CatalogOptions, reports: CatalogReport[], notices: Notice[]): Allowlist {
  if (options.allow?.length && options.today === undefined) throw new Error(`${options.label ?? 'catalog'}: an allowlist needs \`today\``);
  const sink: AllowlistContext = {
    now: new Date(`${options.today ?? '1970-01-01'}T00:00:00.000Z`),
    configLocation: () => null,
    report: (r) => void reports.push(r as CatalogReport),
    notice: (n) => void notices.push({ level: n.level ?? 'warning', message: n.message }),
  };
  return catalogAllowlist(sink, options.allow ?? [], { at: [], label: options.label ?? 'catalog', ...(options.subRule ? { subRule: options.subRule } : {}) });
}

/** Joins what the code defines with what the docs mention; see the module comment. */
export function joinCatalog(defined: readonly DefinedName[], mentioned: readonly MentionedName[], options: CatalogOptions): CatalogResult {
  return joinCatalogs([{ defined, mentioned }], options);
}

/**
 * Joins several catalogs under one set of options: each group's mentions against its own names
 * (a did-you-mean never comes from another file), one allowlist for all, so an entry used by any
 * group is used.
 */
export function joinCatalogs(groups: readonly CatalogGroup[], options: CatalogOptions): CatalogResult {
  const reports: CatalogReport[] = [];
  const notices: Notice[] = [];
  const own = options.allowed ? null : optionsAllowlist(options, reports, notices);
  const allowed = options.allowed ?? ((name: string) => own!.allows(name));
  for (const group of groups) {
    const from = reports.length;
    joinGroup(group.defined, group.mentioned, { ...options, ...definedOnly(group) }, allowed, reports);
    if (group.data) for (const r of reports.slice(from)) r.data = { ...group.data, ...r.data };
  }
  own?.reportStale();
  return { reports, notices };
}

/** The group's own settings, without the undefined ones that would hide the shared options. */
function definedOnly(group: CatalogGroup): Partial<CatalogOptions> {
  const out: Partial<CatalogOptions> = {};
  if (group.keyPrefix !== undefined) out.keyPrefix = group.keyPrefix;
  if (group.subRule !== undefined) out.subRule = group.subRule;
  if (group.definedIn !== undefined) out.definedIn = group.definedIn;
  if (group.mentionedIn !== undefined) out.mentionedIn = group.mentionedIn;
  return out;
}

/** One group's names and mentions, and the tests both directions of the join ask of them. */
interface GroupJoin {
  options: CatalogOptions;
  suggest: Suggest;
  /** The names read (a name both read and exported is read), merged and sorted by site. */
  all: Map<string, DefinedName>;
  /** The names only exported. */
  exports: Map<string, DefinedName>;
  /** The read names that are spelled out, and the prefixes names are built from at run time (both sorted). */
  plainNames: string[];
  prefixes: string[];
  /** The mentions that count (with `families: off`, a family documents nothing). */
  mentions: readonly MentionedName[];
  /** Is the name (or, with `prefix`, a name built from it) mentioned? */
  isDocumented(name: string, prefix?: boolean): boolean;
  /** The first `maxRelated` sites as related locations saying `message`. */
  related(sites: readonly CatalogSite[], message: string): RelatedLocation[];
  /** Where a finding points and what it shares with every finding of the group (sub-rule, fingerprint key). */
  base(site: CatalogSite, key: string): Pick<ReportDescriptor, 'path' | 'range' | 'subRule' | 'fingerprintKey'>;
}

function joinGroup(defined: readonly DefinedName[], mentioned: readonly MentionedName[], options: CatalogOptions, allowed: (name: string) => boolean, reports: CatalogReport[]): void {
  const join = groupJoin(defined, mentioned, options);
  const { all, exports } = join;
  // Both lists are judged whatever the direction: an allowlist entry that exempts a name is used either way.
  const undocumented = join.plainNames
    .concat(join.prefixes)
    .filter((n) => !join.isDocumented(n, all.get(n)!.prefix))
    .filter((n) => !allowed(n));
  const undocumentedExports = options.reportExported
    ? [...exports.keys()]
        .sort()
        .filter((n) => !join.isDocumented(n, exports.get(n)!.prefix))
        .filter((n) => !allowed(n))
    : [];
  // An allowlisted prefix (`APP_TLS_`) covers the families written with it (`APP_TLS_*`).
  const phantoms = join.mentions.filter((m) => !isDefined(join, m) && !options.known?.has(m.name)).filter((m) => !allowed(m.name) && !(m.family && allowed(m.family.prefix)));
  if (options.direction !== 'phantom') {
    reportUndocumented(join, undocumented.sort(), phantoms, reports);
    reportUndocumentedExports(join, undocumentedExports, reports);
  }
  if (options.direction !== 'undocumented') reportPhantoms(join, phantoms, reports);
}

/** The names and mentions of one group as the join reads them. */
function groupJoin(defined: readonly DefinedName[], mentioned: readonly MentionedName[], options: CatalogOptions): GroupJoin {
  const maxRelated = options.maxRelated ?? 10;
  const sub = options.subRule ? { subRule: options.subRule } : {};
  const all = merge(defined.filter((d) => !d.exported));
  const exports = merge(defined.filter((d) => d.exported && !all.has(d.name)));
  const names = [...all.keys()].sort();
  const mentions = options.families === 'off' ? mentioned.filter((m) => !m.family) : mentioned;
  // By default a family documents the names built from its prefix at run time; a name the code spells out needs its own mention.
  const familyDocuments = (m: MentionedName, name: string): boolean => options.families === 'prefix' && m.family !== undefined && m.family.test(name);
  return {
    options,
    suggest: options.suggest ?? defaultSuggest,
    all,
    exports,
    plainNames: names.filter((n) => !all.get(n)!.prefix),
    prefixes: names.filter((n) => all.get(n)!.prefix),
    mentions,
    isDocumented: (name, prefix = false) =>
      prefix ? mentions.some((m) => m.name.startsWith(name) || (m.family !== undefined && name.startsWith(m.family.prefix))) : mentions.some((m) => m.name === name || familyDocuments(m, name)),
    related: (sites, message) => sites.slice(0, maxRelated).map((s) => ({ path: s.path, range: s.range, message })),
    base: (site, key) => ({ path: site.path, range: site.range, ...sub, fingerprintKey: `${options.keyPrefix ?? ''}${key}` }),
  };
}

/** Does the code define what the mention names: the name itself, an exported one, a prefix it starts with, or (a family) a name it stands for? */
function isDefined(join: GroupJoin, m: MentionedName): boolean {
  const { plainNames, prefixes } = join;
  if (m.family) return plainNames.some((n) => m.family!.test(n)) || prefixes.some((p) => m.name.startsWith(p) || p.startsWith(m.family!.prefix));
  return join.all.has(m.name) || join.exports.has(m.name) || prefixes.some((p) => m.name.startsWith(p));
}

/** Reports each undocumented name at its first site, as a rename of a phantom mention when the two are each other's best match. */
function reportUndocumented(join: GroupJoin, undocumented: readonly string[], phantoms: readonly MentionedName[], reports: CatalogReport[]): void {
  const { options, suggest } = join;
  const verbs = options.verbs ?? { defined: 'read', exported: 'set' };
  const dependsOnDocs = depends(options.mentionedIn);
  const phantomNames = [...new Set(phantoms.filter((m) => !m.family).map((m) => m.name))].sort();
  const undocumentedPlain = (n: string) => !join.isDocumented(n);
  for (const name of undocumented) {
    const entry = join.all.get(name)!;
    const [first, ...others] = entry.sites;
    const also = join.related(others, `\`${name}\` is also ${verbs.defined} here`);
    // Only a mutual best match is worth calling a rename.
    const candidate = entry.prefix ? null : suggest(name, phantomNames, () => false);
    const renamedFrom = candidate && suggest(candidate, join.plainNames, undocumentedPlain) === name ? candidate : null;
    const base = { ...join.base(first, name), ...dependsOnDocs };
    if (renamedFrom) {
      const where = phantoms.find((m) => m.name === renamedFrom)!;
      reports.push({ ...base, messageId: 'undocumentedRenamed', data: { name, phantom: renamedFrom }, related: [...join.related([where.site], `\`${renamedFrom}\` is mentioned here`), ...also] });
    } else reports.push({ ...base, messageId: entry.prefix ? 'undocumentedPrefix' : 'undocumented', data: { name }, related: also });
  }
}

/** Reports each exported name no doc mentions (with `reportExported`) at its first site. */
function reportUndocumentedExports(join: GroupJoin, names: readonly string[], reports: CatalogReport[]): void {
  const verbs = join.options.verbs ?? { defined: 'read', exported: 'set' };
  const dependsOnDocs = depends(join.options.mentionedIn);
  for (const name of names) {
    const [first, ...others] = join.exports.get(name)!.sites;
    reports.push({
      ...join.base(first, `exported:${name}`),
      messageId: 'undocumentedExported',
      data: { name },
      related: join.related(others, `\`${name}\` is also ${verbs.exported} here`),
      ...dependsOnDocs,
    });
  }
}

/** Reports each mention of a name the code does not define: a family, a near name (did you mean), or nothing like it. */
function reportPhantoms(join: GroupJoin, phantoms: readonly MentionedName[], reports: CatalogReport[]): void {
  const { options } = join;
  const verbs = options.verbs ?? { defined: 'read', exported: 'set' };
  const dependsOnCode = depends(options.definedIn);
  const undocumentedPlain = (n: string) => !join.isDocumented(n);
  for (const m of phantoms) {
    const base = { ...join.base(m.site, m.name), ...dependsOnCode };
    if (m.family) {
      reports.push({ ...base, messageId: 'phantomFamily', data: { ...m.data, name: m.name } });
      continue;
    }
    const suggestion = join.suggest(m.name, join.plainNames, undocumentedPlain);
    if (suggestion) {
      reports.push({
        ...base,
        messageId: 'phantomDidYouMean',
        data: { ...m.data, name: m.name, suggestion },
        related: join.related(join.all.get(suggestion)!.sites, `\`${suggestion}\` is ${verbs.defined} here`),
      });
    } else reports.push({ ...base, messageId: 'phantom', data: { ...m.data, name: m.name } });
  }
}
