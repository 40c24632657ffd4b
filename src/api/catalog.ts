import { compileUserRegex } from '../config/regex.js';
import type { JsonSchema, ReportDescriptor } from './rule.js';
import { UNTIL_SCHEMA, WHY_SCHEMA } from '../config/schema.js';
import type { Level, Notice, Range, RelatedLocation } from '../types.js';
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
  /** The allowlist; an entry suppresses the names it matches in both directions. */
  allow?: readonly CatalogAllowEntry[];
  /** "Now" as YYYY-MM-DD, for the allowlist's `until`. */
  today: string;
  /** Names the code spells without defining them (a map of settings): a mention of one is not phantom. */
  known?: ReadonlySet<string>;
  /** Default: the closest name by edit distance. */
  suggest?: Suggest;
  /** Words of the related-location messages: "`X` is read here", "`X` is also set here". */
  verbs?: { defined: string; exported: string };
  /** The rule id, for notices. */
  label: string;
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
  /** The level of an expired allowlist entry (default error) and of an unused one (default warning). */
  allowLevels?: { expired: Level; unused: Level };
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

interface Allowlist {
  allowed(name: string): boolean;
  /** The expired and unused entries, once every group is joined. */
  report(reports: CatalogReport[], notices: Notice[]): void;
}

function allowlist(options: CatalogOptions): Allowlist {
  const allow = (options.allow ?? []).map((entry) => ({ entry, re: compileUserRegex(`^(?:${entry.name})$`), used: false }));
  return {
    allowed(name) {
      const hit = allow.find((a) => a.re.test(name));
      if (hit) hit.used = true;
      return hit !== undefined;
    },
    // Allowlists cannot rot: an expired entry is an error, one that suppresses nothing a warning.
    report(reports, notices) {
      const levels = options.allowLevels ?? { expired: 'error', unused: 'warning' };
      for (const { entry, used } of allow) {
        const expired = entry.until !== undefined && entry.until < options.today;
        if (!expired && used) continue;
        const level = expired ? levels.expired : levels.unused;
        if (!entry.at) {
          notices.push({ level, message: `${options.label}: allowlist entry ${entry.name} ${expired ? `expired on ${entry.until}` : 'suppresses nothing'}` });
          continue;
        }
        reports.push({
          path: entry.at.path,
          range: entry.at.range,
          ...(options.subRule ? { subRule: options.subRule } : {}),
          messageId: expired ? 'allowExpired' : 'allowUnused',
          data: { name: entry.name, until: entry.until ?? '', why: entry.why },
          level,
          fingerprintKey: `${options.keyPrefix ?? ''}allow:${entry.name}`,
        });
      }
    },
  };
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
  const allow = allowlist(options);
  for (const group of groups) {
    const from = reports.length;
    joinGroup(group.defined, group.mentioned, { ...options, ...definedOnly(group) }, allow.allowed, reports);
    if (group.data) for (const r of reports.slice(from)) r.data = { ...group.data, ...r.data };
  }
  allow.report(reports, notices);
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

function joinGroup(defined: readonly DefinedName[], mentioned: readonly MentionedName[], options: CatalogOptions, allowed: (name: string) => boolean, reports: CatalogReport[]): void {
  const maxRelated = options.maxRelated ?? 10;
  const verbs = options.verbs ?? { defined: 'read', exported: 'set' };
  const suggest = options.suggest ?? defaultSuggest;
  const keyOf = (key: string) => `${options.keyPrefix ?? ''}${key}`;
  const sub = options.subRule ? { subRule: options.subRule } : {};
  const related = (sites: readonly CatalogSite[], message: string): RelatedLocation[] => sites.slice(0, maxRelated).map((s) => ({ path: s.path, range: s.range, message }));

  const all = merge(defined.filter((d) => !d.exported));
  const exports = merge(defined.filter((d) => d.exported && !all.has(d.name)));
  const names = [...all.keys()].sort();
  const prefixes = names.filter((n) => all.get(n)!.prefix);
  const plainNames = names.filter((n) => !all.get(n)!.prefix);
  const mentions = options.families === 'off' ? mentioned.filter((m) => !m.family) : mentioned;

  const isDefined = (m: MentionedName): boolean => {
    if (m.family) return plainNames.some((n) => m.family!.test(n)) || prefixes.some((p) => m.name.startsWith(p) || p.startsWith(m.family!.prefix));
    return all.has(m.name) || exports.has(m.name) || prefixes.some((p) => m.name.startsWith(p));
  };
  // By default a family documents the names built from its prefix at run time; a name the code spells out needs its own mention.
  const familyDocuments = (m: MentionedName, name: string): boolean => options.families === 'prefix' && m.family !== undefined && m.family.test(name);
  const isDocumented = (name: string, prefix = false): boolean =>
    prefix ? mentions.some((m) => m.name.startsWith(name) || (m.family !== undefined && name.startsWith(m.family.prefix))) : mentions.some((m) => m.name === name || familyDocuments(m, name));
  const undocumentedPlain = (n: string) => !isDocumented(n);

  const undocumented = plainNames
    .concat(prefixes)
    .filter((n) => !isDocumented(n, all.get(n)!.prefix))
    .filter((n) => !allowed(n));
  const undocumentedExports = options.reportExported
    ? [...exports.keys()]
        .sort()
        .filter((n) => !isDocumented(n, exports.get(n)!.prefix))
        .filter((n) => !allowed(n))
    : [];
  // An allowlisted prefix (`APP_TLS_`) covers the families written with it (`APP_TLS_*`).
  const phantoms = mentions.filter((m) => !isDefined(m) && !options.known?.has(m.name)).filter((m) => !allowed(m.name) && !(m.family && allowed(m.family.prefix)));
  const phantomNames = [...new Set(phantoms.filter((m) => !m.family).map((m) => m.name))].sort();

  if (options.direction !== 'phantom') {
    const dependsOnDocs = depends(options.mentionedIn);
    for (const name of undocumented.sort()) {
      const entry = all.get(name)!;
      const [first, ...others] = entry.sites;
      const also = related(others, `\`${name}\` is also ${verbs.defined} here`);
      // Only a mutual best match is worth calling a rename.
      const candidate = entry.prefix ? null : suggest(name, phantomNames, () => false);
      const renamedFrom = candidate && suggest(candidate, plainNames, undocumentedPlain) === name ? candidate : null;
      const base = { path: first.path, range: first.range, ...sub, fingerprintKey: keyOf(name), ...dependsOnDocs };
      if (renamedFrom) {
        const where = phantoms.find((m) => m.name === renamedFrom)!;
        reports.push({ ...base, messageId: 'undocumentedRenamed', data: { name, phantom: renamedFrom }, related: [...related([where.site], `\`${renamedFrom}\` is mentioned here`), ...also] });
      } else reports.push({ ...base, messageId: entry.prefix ? 'undocumentedPrefix' : 'undocumented', data: { name }, related: also });
    }
    for (const name of undocumentedExports) {
      const [first, ...others] = exports.get(name)!.sites;
      reports.push({
        path: first.path,
        range: first.range,
        ...sub,
        messageId: 'undocumentedExported',
        data: { name },
        related: related(others, `\`${name}\` is also ${verbs.exported} here`),
        fingerprintKey: keyOf(`exported:${name}`),
        ...dependsOnDocs,
      });
    }
  }

  if (options.direction !== 'undocumented') {
    const dependsOnCode = depends(options.definedIn);
    for (const m of phantoms) {
      const base = { path: m.site.path, range: m.site.range, ...sub, fingerprintKey: keyOf(m.name), ...dependsOnCode };
      if (m.family) {
        reports.push({ ...base, messageId: 'phantomFamily', data: { ...m.data, name: m.name } });
        continue;
      }
      const suggestion = suggest(m.name, plainNames, undocumentedPlain);
      if (suggestion) {
        reports.push({
          ...base,
          messageId: 'phantomDidYouMean',
          data: { ...m.data, name: m.name, suggestion },
          related: related(all.get(suggestion)!.sites, `\`${suggestion}\` is ${verbs.defined} here`),
        });
      } else reports.push({ ...base, messageId: 'phantom', data: { ...m.data, name: m.name } });
    }
  }
}
