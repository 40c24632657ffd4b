import { createHash, type Hash } from 'node:crypto';
import { withDefaults, type ResolvedConfig } from '../config/load.js';
import { compareFindings, type Finding, type Level, type LevelOrOff, type RuleDescriptor, type RunResult } from '../types.js';
import type { FactsStore } from '../workspace/facts-store.js';
import type { IndexSnapshot } from '../workspace/git.js';
import { globMatcher, Workspace } from '../workspace/workspace.js';
import { INPUT_MESSAGES } from './inputs.js';
import { HELP_BASE, type ReportDescriptor, type RuleContext, type RuleModule } from './rule.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { applyDirectives, parseDirectives, ruleNameCovers, type Directive } from './suppressions.js';
import { TOOL_VERSION } from '../version.js';
import { closest } from '../workspace/resolve.js';
import { OPTIONAL_FACTS, type OptionalFact } from '../facts/types.js';

export interface RunOptions {
  root: string;
  config: ResolvedConfig;
  rules: readonly RuleModule<never>[];
  /** Repository-relative paths that narrow what is reported. */
  reportPaths?: string[];
  /** Overrides `now` of the configuration: commit | today | YYYY-MM-DD. */
  now?: string;
  /** Run only these rules (ids), at their configured level or default error. */
  onlyRules?: string[];
  /** Use this file list instead of git / the file system. */
  files?: string[];
  /** A workspace already built (the CLI reuses one for --fix). */
  workspace?: Workspace;
  /** Accepted findings (docwarden-baseline.json): matching findings are suppressed, entries matching nothing are reported. */
  baseline?: Baseline;
  /**
   * Report only findings located in these repository-relative paths or caused by them (a related
   * location or a `dependsOn` path among them): `--changed <ref>` and `--staged`.
   */
  changedFiles?: readonly string[];
  /** Per-file facts from the on-disk cache and worker threads; default: parsed in this thread, nothing cached. */
  facts?: FactsStore;
  /** `--staged`: read the tree as the git index holds it. */
  index?: IndexSnapshot;
  /** How many sites a finding about a set lists (`--max-sites`); default 10. */
  maxSites?: number;
}

/** An internal error in a rule: the CLI exits 2 and names the rule. */
export class RuleError extends Error {
  constructor(readonly ruleId: string, cause: unknown) {
    super(`rule ${ruleId} failed: ${(cause as Error)?.stack ?? String(cause)}`);
    this.name = 'RuleError';
  }
}

export function resolveNow(setting: string, ws: Workspace): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(setting)) return new Date(`${setting}T00:00:00Z`);
  if (setting === 'commit') {
    const head = ws.gitHeadDate();
    if (head) return head;
  }
  return new Date();
}

function formatMessage(rule: RuleModule<never>, d: ReportDescriptor): string {
  const template = rule.messages[d.messageId] ?? INPUT_MESSAGES[d.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported an unknown messageId "${d.messageId}"`);
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = d.data?.[key];
    if (v === undefined) throw new Error(`rule ${rule.id} message "${d.messageId}" needs data "${key}"`);
    return String(v);
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);


/** Fingerprints from content, not line numbers: rule, file, message id, the primary line's text, then an occurrence count. */
export function assignFingerprints(findings: Finding[], ws: Workspace, keys: Map<Finding, string>): void {
  const seen = new Map<string, number>();
  // Each line is stripped once: 10,000 findings on one long line made this quadratic.
  const stripped = new Map<string, string>();
  const prefixes = new Map<string, Hash>();
  for (const f of findings) {
    const at = `${f.location.path}\0${f.location.range.start.line}`;
    let line = stripped.get(at);
    if (line === undefined) {
      const t = ws.text(f.location.path);
      line = t ? t.lines.lineText(f.location.range.start.line).replace(/\s+/g, '') : '';
      stripped.set(at, line);
    }
    // The hash of everything but the key is taken once per rule, message and line, then copied:
    // 20,000 findings on one 260 KB table line hashed 5 GB. Same digest as hashing the joined text.
    const prefixKey = `${at}\0${f.ruleId}\0${f.messageId}`;
    let prefix = prefixes.get(prefixKey);
    if (!prefix) prefixes.set(prefixKey, (prefix = createHash('sha256').update([f.ruleId, f.location.path, f.messageId, line, ''].join('\0'))));
    const h = prefix.copy().update(keys.get(f) ?? '').digest('hex').slice(0, 16);
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    f.fingerprint = `${h}:${n}`;
  }
}

export function describeRules(rules: readonly RuleModule<never>[], config: ResolvedConfig): RuleDescriptor[] {
  const out: RuleDescriptor[] = [];
  for (const rule of rules) {
    const rc = config.rules[rule.id];
    const level = rc?.level ?? rule.defaultLevel;
    const base: RuleDescriptor = {
      id: rule.id,
      description: rule.description,
      defaultLevel: rule.defaultLevel,
      helpUri: `${HELP_BASE}${rule.id}.md`,
      helpMarkdown: `${rule.description}\n\nSee [${rule.id}](${HELP_BASE}${rule.id}.md) for examples and options.`,
    };
    out.push({ ...base, defaultLevel: level });
    if (rule.subRules && level !== 'off') {
      const options = withDefaults(rule, rc?.options ?? {});
      for (const sub of rule.subRules(options as never)) {
        out.push({ ...base, id: `${rule.id}/${sub.id}`, description: sub.description, defaultLevel: level, helpMarkdown: `${sub.description}\n\n${base.helpMarkdown}` });
      }
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The level a rule runs at: its configured level, or `error` when `--rule` names a rule that is off; `off` when `--rule` leaves it out. */
export function runLevel(rule: RuleModule<never>, config: ResolvedConfig, onlyRules?: readonly string[]): LevelOrOff {
  const level = config.rules[rule.id]?.level ?? rule.defaultLevel;
  if (!onlyRules) return level;
  if (!onlyRules.includes(rule.id)) return 'off';
  return level === 'off' ? 'error' : level;
}

/** The optional facts no rule that will run reads: the run can parse docs without them. */
export function unreadOptionalFacts(rules: readonly RuleModule<never>[], config: ResolvedConfig, onlyRules?: readonly string[]): OptionalFact[] {
  const read = new Set<OptionalFact>();
  for (const rule of rules) if (runLevel(rule, config, onlyRules) !== 'off') for (const f of rule.facts ?? []) read.add(f);
  return OPTIONAL_FACTS.filter((f) => !read.has(f));
}

export async function run(options: RunOptions): Promise<RunResult> {
  const { config, rules } = options;
  const ws = options.workspace ?? new Workspace({ root: options.root, config, reportPaths: options.reportPaths, files: options.files, facts: options.facts, index: options.index, outsideFiles: options.baseline?.path ? [options.baseline.path] : [] });
  await ws.prefetchDocs();
  // "Now" may need git (HEAD's date): computed on first use, once per run.
  let nowValue: Date | undefined;
  const nowOnce = (): Date => (nowValue ??= resolveNow(options.now ?? config.now, ws));
  const raw: Finding[] = [];
  const keys = new Map<Finding, string>();
  const dependencies = new Map<Finding, { paths: string[]; globs: string[] }>();
  const active = new Set<string>();
  const knownIds = new Set<string>(rules.map((r) => r.id));

  for (const rule of rules) {
    const level = runLevel(rule, config, options.onlyRules);
    if (level === 'off') continue;
    active.add(rule.id);
    if (rule.engine) continue;
    const ruleOptions = withDefaults(rule, config.rules[rule.id]?.options ?? {});
    if (rule.subRules) for (const s of rule.subRules(ruleOptions as never)) knownIds.add(`${rule.id}/${s.id}`);
    const ctx: RuleContext<never> = {
      ruleId: rule.id,
      options: ruleOptions as never,
      level,
      workspace: ws,
      get now() {
        return nowOnce();
      },
      maxSites: options.maxSites ?? 10,
      report(d: ReportDescriptor) {
        const t = ws.text(d.path);
        if (!t) throw new Error(`rule ${rule.id} reported a finding in ${d.path}, which is not a readable file of the workspace`);
        if (!t.lines.contains(d.range)) {
          throw new Error(`rule ${rule.id} reported a position outside ${d.path}: ${JSON.stringify(d.range)}`);
        }
        for (const r of d.related ?? []) {
          const rt = ws.text(r.path);
          if (!rt || !rt.lines.contains(r.range)) throw new Error(`rule ${rule.id} reported a related location outside ${r.path}: ${JSON.stringify(r.range)}`);
        }
        const finding: Finding = {
          ruleId: d.subRule ? `${rule.id}/${d.subRule}` : rule.id,
          messageId: d.messageId,
          level: d.level ?? level,
          message: formatMessage(rule, d),
          location: { path: d.path, range: d.range },
          related: d.related ?? [],
          fingerprint: '',
          ...(d.fix ? { fix: d.fix } : {}),
        };
        raw.push(finding);
        if (d.fingerprintKey) keys.set(finding, d.fingerprintKey);
        if (d.dependsOn?.length || d.dependsOnGlobs?.length) dependencies.set(finding, { paths: d.dependsOn ?? [], globs: d.dependsOnGlobs ?? [] });
      },
    };
    try {
      await rule.check(ctx);
    } catch (err) {
      throw new RuleError(rule.id, err);
    }
  }

  // A path named on the command line that the run never read would pass silently: say so.
  for (const { path, why } of ws.unreadReportPaths()) ws.notices.push({ level: 'note', path, message: `nothing to report here: ${why}` });

  // Suppression directives live in the comments of every file the rules read.
  const directives: Directive[] = [];
  for (const path of ws.loadedFiles()) {
    const t = ws.text(path);
    if (!t || !t.text.includes('docwarden-')) continue;
    const facts = ws.isDoc(path) ? ws.doc(path) : (ws.loadedDocFacts(path) ?? ws.source(path));
    if (!facts) continue;
    // A loop, not push(...): a file may hold more directives than a call can take arguments.
    for (const d of parseDirectives(path, t.text, t.lines, facts.comments)) directives.push(d);
  }
  const outcome = applyDirectives(raw, directives, active);
  let findings = outcome.kept.filter((f) => ws.isReported(f.location.path));
  let suppressed = outcome.suppressed.filter((f) => ws.isReported(f.location.path));

  const unusedRule = rules.find((r) => r.id === 'unused-directive');
  if (unusedRule && active.has('unused-directive')) {
    const level = (config.rules['unused-directive']?.level ?? unusedRule.defaultLevel) as Level;
    for (const { directive, rule } of outcome.unused) {
      if (!ws.isReported(directive.path)) continue;
      const messageId = rule === null ? 'unusedAll' : 'unused';
      const data = { kind: `docwarden-${directive.kind}`, rule: rule ?? '' };
      const f: Finding = {
        ruleId: 'unused-directive',
        messageId,
        level,
        message: formatMessage(unusedRule, { path: directive.path, range: directive.range, messageId, data }),
        location: { path: directive.path, range: directive.range },
        related: [],
        fingerprint: '',
      };
      findings.push(f);
      if (rule) keys.set(f, rule);
    }
    for (const d of directives) {
      if (!ws.isReported(d.path)) continue;
      for (const r of d.rules) {
        if ([...knownIds].some((id) => ruleNameCovers(r, id))) continue;
        const known = [...knownIds].sort();
        const near = closest(r, known);
        const data = { kind: `docwarden-${d.kind}`, rule: r, suggestion: near ? `; did you mean "${near}"?` : `; known rules: ${known.join(', ')}` };
        const f: Finding = {
          ruleId: 'unused-directive',
          messageId: 'unknownRule',
          level,
          message: formatMessage(unusedRule, { path: d.path, range: d.range, messageId: 'unknownRule', data }),
          location: { path: d.path, range: d.range },
          related: [],
          fingerprint: '',
        };
        findings.push(f);
        keys.set(f, r);
      }
    }
  }

  findings.sort(compareFindings);
  suppressed.sort(compareFindings);
  assignFingerprints(findings, ws, keys);
  assignFingerprints(suppressed, ws, keys);

  if (options.baseline) {
    const changed = options.changedFiles ? new Set(options.changedFiles) : null;
    // An entry can only be judged stale where this run saw every finding: its rule ran and its file was reported.
    const judged = options.baseline.entries.filter((e) => active.has(e.rule.split('/')[0]) && ws.isReported(e.file) && (!changed || changed.has(e.file)));
    const outcome = applyBaseline(findings, options.baseline.entries);
    const justification = `accepted in ${options.baseline.path ?? 'the baseline'}`;
    for (const f of outcome.baselined) {
      f.suppression = { kind: 'baseline', justification };
      suppressed.push(f);
    }
    suppressed.sort(compareFindings);
    findings = outcome.kept;
    const baselineRule = rules.find((r) => r.id === 'baseline');
    const judgedSet = new Set(judged);
    const stale = outcome.stale.filter((s) => judgedSet.has(s.entry));
    if (baselineRule && active.has('baseline') && stale.length > 0) {
      const level = (config.rules.baseline?.level ?? baselineRule.defaultLevel) as Level;
      const t = options.baseline.path ? ws.text(options.baseline.path) : undefined;
      const staleFindings: Finding[] = [];
      // The baseline's lines by the quoted strings on them, built once: a search per stale entry was quadratic.
      const linesByToken = new Map<string, number[]>();
      const baselineLines = t ? t.text.split(/\r?\n/) : [];
      baselineLines.forEach((l, i) => {
        for (const token of l.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
          const list = linesByToken.get(token);
          if (!list) linesByToken.set(token, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      for (const { entry, unmatched } of stale) {
        const data = { rule: entry.rule, file: entry.file, unmatched, count: entry.count };
        const fileToken = JSON.stringify(entry.file);
        const lineIndex = (linesByToken.get(`"${entry.fingerprint}"`) ?? []).find((i) => baselineLines[i].includes(fileToken)) ?? -1;
        if (!t || !options.baseline.path || lineIndex < 0) {
          ws.notices.push({ level, message: formatMessage(baselineRule, { path: entry.file, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, messageId: 'stale', data }) });
          continue;
        }
        const lineText = t.lines.lineText(lineIndex + 1);
        const indent = lineText.length - lineText.trimStart().length;
        const range = { start: { line: lineIndex + 1, column: indent + 1 }, end: { line: lineIndex + 1, column: lineText.replace(/,?\s*$/, '').length + 1 } };
        const f: Finding = {
          ruleId: 'baseline',
          messageId: 'stale',
          level,
          message: formatMessage(baselineRule, { path: options.baseline.path, range, messageId: 'stale', data }),
          location: { path: options.baseline.path, range },
          related: [],
          fingerprint: '',
        };
        keys.set(f, entry.fingerprint);
        dependencies.set(f, { paths: [entry.file], globs: [] });
        staleFindings.push(f);
      }
      assignFingerprints(staleFindings, ws, keys);
      findings = [...findings, ...staleFindings].sort(compareFindings);
    }
  }

  if (options.changedFiles) {
    const changed = new Set(options.changedFiles);
    const matchers = new Map<readonly string[], (path: string) => boolean>();
    const dependsOnChange = (f: Finding): boolean => {
      const dep = dependencies.get(f);
      if (!dep) return false;
      if (dep.paths.some((p) => changed.has(p))) return true;
      if (!dep.globs.length) return false;
      let m = matchers.get(dep.globs);
      if (!m) matchers.set(dep.globs, (m = globMatcher(dep.globs)));
      // Deleted and added files count too: the change set, not the file list, is matched.
      return options.changedFiles!.some(m);
    };
    const caused = (f: Finding): boolean =>
      changed.has(f.location.path) || f.related.some((r) => changed.has(r.path)) || dependsOnChange(f);
    findings = findings.filter(caused);
    suppressed = suppressed.filter(caused);
  }

  // New facts reach the on-disk cache once the run is done (one pack write instead of a file per entry).
  options.facts?.flush();
  return {
    root: ws.root,
    findings,
    suppressed,
    notices: [...ws.notices].sort((a, b) => cmp(a.path ?? '', b.path ?? '') || cmp(a.message, b.message)),
    rules: describeRules(rules, config),
    filesChecked: ws.loadedFiles().length,
    toolVersion: TOOL_VERSION,
  };
}
