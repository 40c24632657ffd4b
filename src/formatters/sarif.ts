import type * as Sarif from 'sarif';
import { compareBySeverity, type Finding, type Location, type RuleDescriptor, type RunResult } from '../types.js';
import type { FormatContext } from './format.js';
import { relativize, runnerSafeJson, sortedFindings, sortedNotices } from './json.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/docwarden/docwarden';
/** GitHub code scanning rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;
const SRCROOT = '%SRCROOT%';

/**
 * A repository-relative POSIX path as an RFC 3986 relative reference: every segment keeps only
 * unreserved characters and sub-delims, everything else (space, #, %, ?, non-ASCII as UTF-8) is
 * percent-encoded. `:` and `@` are encoded too, so that `a:b.md` cannot read as a URI scheme.
 */
export function encodeUriPath(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=]/gu, (c) => {
        try {
          return encodeURIComponent(c);
        } catch {
          return '%EF%BF%BD'; // a lone surrogate has no UTF-8 form: U+FFFD, as Node does when it decodes file names
        }
      }),
    )
    .join('/');
}

function artifact(path: string): Sarif.ArtifactLocation {
  // Only a configuration given with --config from outside the repository has an absolute path: a file: URI.
  if (path.startsWith('/')) return { uri: `file://${encodeUriPath(path)}` };
  return { uri: encodeUriPath(path), uriBaseId: SRCROOT };
}

function physical(loc: Location): Sarif.PhysicalLocation {
  return {
    artifactLocation: artifact(loc.path),
    // Positions are 1-based with an exclusive end, exactly SARIF's convention: copied as they are.
    region: {
      startLine: loc.range.start.line,
      startColumn: loc.range.start.column,
      endLine: loc.range.end.line,
      endColumn: loc.range.end.column,
    },
  };
}

/** `env-docs` -> `EnvDocs`, `inventory/rate-limiters` -> `InventoryRateLimiters`: SARIF rule names are identifiers, distinct from ids. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** help.text is plain text: Markdown links become `text (url)`. */
function markdownToText(md: string): string {
  return md.replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 ($2)');
}

function reportingDescriptor(rule: RuleDescriptor): Sarif.ReportingDescriptor {
  const description = rule.description.trim() !== '' ? rule.description : rule.id;
  const markdown = rule.helpMarkdown.trim() !== '' ? rule.helpMarkdown : description;
  return {
    id: rule.id,
    name: ruleName(rule.id) || rule.id,
    shortDescription: { text: description },
    fullDescription: { text: description },
    help: { text: markdownToText(markdown), markdown },
    helpUri: rule.helpUri,
    // A rule turned off is described but disabled. Its level is left out rather than written as 'none':
    // GitHub documents only note/warning/error there (check-sarif --strict warns on 'none').
    defaultConfiguration: rule.defaultLevel === 'off' ? { enabled: false } : { level: rule.defaultLevel },
  };
}

/** A result's rule: the exact id, else the parent of a sub-rule id (`inventory/x` -> `inventory`). */
function buildRules(result: RunResult, findings: readonly Finding[]): { rules: Sarif.ReportingDescriptor[]; index: (id: string) => number } {
  const rules: Sarif.ReportingDescriptor[] = [];
  const byId = new Map<string, number>();
  for (const r of result.rules) {
    if (byId.has(r.id)) continue; // rules[] must hold unique items
    byId.set(r.id, rules.length);
    rules.push(reportingDescriptor(r));
  }
  const lookup = (id: string): number | undefined => byId.get(id) ?? byId.get(id.split('/')[0]);
  // A finding whose rule was not described still needs a rule entry, or GitHub cannot tie it to one.
  const missing = [...new Set(findings.map((f) => f.ruleId).filter((id) => lookup(id) === undefined))].sort();
  for (const id of missing) {
    byId.set(id, rules.length);
    rules.push({
      id,
      name: ruleName(id) || id,
      shortDescription: { text: id },
      fullDescription: { text: id },
      help: { text: `See ${INFORMATION_URI}`, markdown: `See [docwarden](${INFORMATION_URI}).` },
      helpUri: INFORMATION_URI,
    });
  }
  return { rules, index: (id) => lookup(id)! };
}

function fixOf(finding: Finding): Sarif.Fix | undefined {
  if (!finding.fix || finding.fix.edits.length === 0) return undefined;
  // One artifactChange per file, files in path order, edits in the order the rule gave them.
  const byPath = new Map<string, Sarif.Replacement[]>();
  for (const e of finding.fix.edits) {
    const replacement: Sarif.Replacement = {
      // TextEdit offsets are UTF-16 code-unit offsets into the text: SARIF's charOffset/charLength.
      deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
      insertedContent: { text: e.text },
    };
    const list = byPath.get(e.path);
    if (list) list.push(replacement);
    else byPath.set(e.path, [replacement]);
  }
  return {
    description: { text: finding.fix.description },
    artifactChanges: [...byPath.keys()].sort().map((path) => ({ artifactLocation: artifact(path), replacements: byPath.get(path)! })),
  };
}

function resultOf(finding: Finding, ruleIndex: number): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.level,
    message: { text: finding.message },
    locations: [{ physicalLocation: physical(finding.location) }],
  };
  if (finding.related.length > 0) {
    out.relatedLocations = finding.related.map((r, i) => {
      const loc: Sarif.Location = { id: i + 1, physicalLocation: physical(r) };
      const text = r.message;
      if (text !== '') loc.message = { text };
      return loc;
    });
  }
  // The engine's content fingerprint, so alerts survive unrelated edits and GitHub need not compute one.
  out.partialFingerprints = { primaryLocationLineHash: finding.fingerprint };
  const fix = fixOf(finding);
  if (fix) out.fixes = [fix];
  if (finding.suppression) {
    const s = finding.suppression;
    const suppression: Sarif.Suppression = {
      kind: s.kind === 'inline' ? 'inSource' : 'external',
      justification: s.justification,
    };
    if (s.location) suppression.location = { physicalLocation: physical(s.location) };
    out.suppressions = [suppression];
  }
  return out;
}

/** SARIF 2.1.0 for GitHub code scanning: one run, repo-relative URIs, fingerprints, at most 25,000 results. */
/** With `includeSuppressed`, suppressed findings too, each with `suppressions`: GitHub shows them as dismissed. */
export function formatSarif(result: RunResult, options: FormatContext = {}): string {
  const candidates = options.includeSuppressed ? [...result.findings, ...result.suppressed] : [...result.findings];
  // Over the cap, keep live findings before suppressed ones, then the most severe; print the kept ones in file order.
  let kept = candidates;
  if (candidates.length > MAX_SARIF_RESULTS) {
    kept = [...candidates].sort((a, b) => Number(a.suppression !== undefined) - Number(b.suppression !== undefined) || compareBySeverity(a, b)).slice(0, MAX_SARIF_RESULTS);
  }
  kept = sortedFindings(kept);
  const { rules, index } = buildRules(result, kept);

  const notifications: Sarif.Notification[] = sortedNotices(result.notices).map((n) => {
    const note: Sarif.Notification = { level: n.level, message: { text: relativize(n.message, result.root) } };
    if (n.path !== undefined) note.locations = [{ physicalLocation: { artifactLocation: artifact(n.path) } }];
    return note;
  });
  if (kept.length < candidates.length) {
    notifications.push({
      level: 'warning',
      message: {
        text:
          `${candidates.length - kept.length} of ${candidates.length} results were left out: a SARIF run for GitHub code scanning ` + `holds at most ${MAX_SARIF_RESULTS}; the most severe were kept.`,
      },
    });
  }
  const invocation: Sarif.Invocation = { executionSuccessful: true };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const driver: Sarif.ToolComponent = {
    name: 'docwarden',
    version: result.toolVersion,
    informationUri: INFORMATION_URI,
    rules,
  };
  // semanticVersion must be SemVer 2.0; a development build string goes in `version` only.
  if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(result.toolVersion)) {
    driver.semanticVersion = result.toolVersion;
  }

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        // "category/run-id": the part before the last `/` is GitHub's analysis category.
        automationDetails: { id: 'docwarden/' },
        // Declared without a uri: the root is wherever the repository is checked out, and no absolute path is written.
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the repository docwarden checked.' } } },
        invocations: [invocation],
        // Columns count UTF-16 code units, as docwarden's positions do.
        columnKind: 'utf16CodeUnits',
        results: kept.map((f) => resultOf(f, index(f.ruleId))),
      },
    ],
  };
  return runnerSafeJson(log);
}
