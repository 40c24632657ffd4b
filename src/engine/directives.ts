/**
 * The directives phase: `docwarden-disable…` comments suppress the findings they cover, and a directive
 * that suppresses nothing, or names a rule that does not exist, is an `unused-directive` finding.
 */
import type { Finding, Level } from '../types.js';
import { closest } from '../workspace/resolve.js';
import type { Workspace } from '../workspace/workspace.js';
import { phaseFinding, type FindingNotes } from './context.js';
import { definePhaseCheck } from './phase-check.js';
import { applyDirectives, parseDirectives, ruleNameCovers, type Directive, type SuppressionOutcome } from './suppressions.js';

export const UNUSED_DIRECTIVE = definePhaseCheck({
  id: 'unused-directive',
  description: 'Suppression directives (docwarden-disable…) that suppress nothing or name an unknown rule.',
  defaultLevel: 'warning',
  phase: 'directives',
  messages: {
    unused: '{kind} for rule {rule} suppresses nothing here; remove it',
    unusedAll: '{kind} suppresses nothing here; remove it',
    unknownRule: '{kind} names unknown rule "{rule}"{suggestion}',
  },
});

/** The directives in the comments of every file the rules read. */
export function collectDirectives(ws: Workspace): Directive[] {
  const directives: Directive[] = [];
  for (const path of ws.loadedFiles()) {
    // A doc whose facts came from the cache without its text can hold a directive only in one of its comments.
    if (!ws.isTextLoaded(path) && ws.doc(path)?.comments.length === 0) continue;
    const t = ws.text(path);
    if (!t || !t.text.includes('docwarden-')) continue;
    const facts = ws.isDoc(path) ? ws.doc(path) : (ws.loadedDocFacts(path) ?? ws.source(path));
    if (!facts) continue;
    // A loop, not push(...): a file may hold more directives than a call can take arguments.
    for (const d of parseDirectives(path, t.text, t.lines, facts.comments)) directives.push(d);
  }
  return directives;
}

export interface DirectivesInput {
  ws: Workspace;
  directives: readonly Directive[];
  /** The ids of the checks that ran: directives for others are not judged. */
  active: ReadonlySet<string>;
  /** Every id a directive may name: the rules and their sub-rules. */
  knownIds: ReadonlySet<string>;
  /** The level of `unused-directive`, or null when it is off (or not among the checks). */
  unusedLevel: Level | null;
  notes: FindingNotes;
}

/** Reported findings split into kept and suppressed, plus the unused-directive findings among the kept. */
export function directivesPhase(raw: readonly Finding[], input: DirectivesInput): { findings: Finding[]; suppressed: Finding[] } {
  const { ws } = input;
  const outcome = applyDirectives(raw, input.directives, input.active);
  const findings = outcome.kept.filter((f) => ws.isReported(f.location.path));
  const suppressed = outcome.suppressed.filter((f) => ws.isReported(f.location.path));
  if (input.unusedLevel !== null) {
    findings.push(...unusedFindings(outcome.unused, input.unusedLevel, input), ...unknownRuleFindings(input.unusedLevel, input));
  }
  return { findings, suppressed };
}

function unusedFindings(unused: SuppressionOutcome['unused'], level: Level, { ws, notes }: DirectivesInput): Finding[] {
  const out: Finding[] = [];
  for (const { directive, rule } of unused) {
    if (!ws.isReported(directive.path)) continue;
    const messageId = rule === null ? 'unusedAll' : 'unused';
    const data = { kind: `docwarden-${directive.kind}`, rule: rule ?? '' };
    const f = phaseFinding(UNUSED_DIRECTIVE, level, { path: directive.path, range: directive.range, messageId, data });
    out.push(f);
    if (rule) notes.keys.set(f, rule);
  }
  return out;
}

function unknownRuleFindings(level: Level, { ws, directives, knownIds, notes }: DirectivesInput): Finding[] {
  const out: Finding[] = [];
  const known = [...knownIds].sort();
  for (const d of directives) {
    if (!ws.isReported(d.path)) continue;
    for (const r of d.rules) {
      if (known.some((id) => ruleNameCovers(r, id))) continue;
      const near = closest(r, known);
      const data = { kind: `docwarden-${d.kind}`, rule: r, suggestion: near ? `; did you mean "${near}"?` : `; known rules: ${known.join(', ')}` };
      const f = phaseFinding(UNUSED_DIRECTIVE, level, { path: d.path, range: d.range, messageId: 'unknownRule', data });
      out.push(f);
      notes.keys.set(f, r);
    }
  }
  return out;
}
