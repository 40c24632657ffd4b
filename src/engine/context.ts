/**
 * The report translator: what a rule's `report()` becomes. The rule context is built here and only here,
 * so the engine distrusts its rules in one place (a position outside its file, an unknown message id or a
 * missing placeholder fails loudly) and a narrower rule API replaces one function.
 */
import type { Finding, Level } from '../types.js';
import type { Workspace } from '../workspace/workspace.js';
import { INPUT_MESSAGES } from './inputs.js';
import type { ReportDescriptor, RuleContext, RuleModule } from './rule.js';
import { createRuleContext as createApiContext, type PrefetchedGit } from '../api/context.js';

/** What a finding depends on beyond its own locations: `--changed` keeps it when one of these changed. */
export interface Dependency {
  paths: readonly string[];
  globs: readonly string[];
}

/** What the engine keeps beside each finding and never prints: its fingerprint key and its dependencies. */
export interface FindingNotes {
  keys: Map<Finding, string>;
  dependencies: Map<Finding, Dependency>;
}

export function emptyNotes(): FindingNotes {
  return { keys: new Map(), dependencies: new Map() };
}

/** The parts of a check a message needs: its id and its templates. */
export type MessageSource = Pick<RuleModule<never>, 'id' | 'messages'>;

/** A message template with its `{name}` placeholders filled; an unknown id or a missing value is the rule's bug. */
export function formatMessage(check: MessageSource, d: Pick<ReportDescriptor, 'messageId' | 'data'>): string {
  const template = check.messages[d.messageId] ?? INPUT_MESSAGES[d.messageId];
  if (template === undefined) throw new Error(`rule ${check.id} reported an unknown messageId "${d.messageId}"`);
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = d.data?.[key];
    if (v === undefined) throw new Error(`rule ${check.id} message "${d.messageId}" needs data "${key}"`);
    return String(v);
  });
}

/** A finding of an engine phase (no rule context): the phase's check, a location, a message. */
export function phaseFinding(check: MessageSource, level: Level, d: Pick<ReportDescriptor, 'path' | 'range' | 'messageId' | 'data'>): Finding {
  return {
    ruleId: check.id,
    messageId: d.messageId,
    level,
    message: formatMessage(check, d),
    location: { path: d.path, range: d.range },
    related: [],
    fingerprint: '',
  };
}

/** Throws when a report points outside the files of the workspace: a rule bug, never a finding. */
export function validateReport(ws: Workspace, ruleId: string, d: ReportDescriptor): void {
  const t = ws.text(d.path);
  if (!t) throw new Error(`rule ${ruleId} reported a finding in ${d.path}, which is not a readable file of the workspace`);
  if (!t.lines.contains(d.range)) {
    throw new Error(`rule ${ruleId} reported a position outside ${d.path}: ${JSON.stringify(d.range)}`);
  }
  for (const r of d.related ?? []) {
    const rt = ws.text(r.path);
    if (!rt || !rt.lines.contains(r.range)) throw new Error(`rule ${ruleId} reported a related location outside ${r.path}: ${JSON.stringify(r.range)}`);
  }
}

/** A validated report as a finding, its fingerprint key and dependencies noted. */
export function findingOf(rule: RuleModule<never>, level: Level, d: ReportDescriptor, notes: FindingNotes, instance?: string): Finding {
  const finding: Finding = {
    ruleId: [rule.id, instance, d.subRule].filter((part) => part !== undefined).join('/'),
    messageId: d.messageId,
    level: d.level ?? level,
    message: formatMessage(rule, d),
    location: { path: d.path, range: d.range },
    related: d.related ?? [],
    fingerprint: '',
    ...(d.fix ? { fix: d.fix } : {}),
  };
  if (d.fingerprintKey) notes.keys.set(finding, d.fingerprintKey);
  if (d.dependsOn?.length || d.dependsOnGlobs?.length) notes.dependencies.set(finding, { paths: d.dependsOn ?? [], globs: d.dependsOnGlobs ?? [] });
  return finding;
}

/** What every rule's context shares in one run. */
export interface ContextSetup {
  ws: Workspace;
  /** "Now" may need git (HEAD's date): computed on first use, once per run. */
  now: () => Date;
  maxSites: number;
  notes: FindingNotes;
  /** Receives each finding as it is reported. */
  sink: (finding: Finding) => void;
  /** The named instance this run is (`env-docs: [{ id: server, … }]`): its findings are `rule/<id>`. */
  instance?: { id: string; index: number };
  /** The git data prefetched for the rules (see git-prefetch.ts). */
  git?: () => PrefetchedGit;
}

/** The context one rule's `check` receives: the rule API's frozen context, its reports validated and noted here. */
export function createRuleContext(rule: RuleModule<never>, level: Level, options: unknown, setup: ContextSetup): RuleContext<never> {
  const { ws, now, maxSites, notes, sink, instance, git } = setup;
  return createApiContext(ws, rule, {
    options: options as never,
    level,
    now,
    maxSites,
    ...(instance ? { instance } : {}),
    git,
    report(d: ReportDescriptor) {
      validateReport(ws, rule.id, d);
      sink(findingOf(rule, level, d, notes, instance?.id));
    },
  });
}
