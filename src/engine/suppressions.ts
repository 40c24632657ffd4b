import type { CommentSpan } from '../facts/types.js';
import type { LineIndex } from '../facts/lines.js';
import type { Finding, Range } from '../types.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable-file' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids named by the directive; empty means every rule. */
  rules: string[];
  reason: string;
  path: string;
  range: Range;
  /** The lines the directive covers (inclusive); for disable/enable filled in by pairing. */
  fromLine: number;
  toLine: number;
}

// The directive must open the comment: `<!-- docwarden-disable-next-line links -- why -->`, `// docwarden-disable ...`.
const DIRECTIVE = /^(?:<!--|\/\/+|\/\*+|#+|--|;+)?[\s*]*docwarden-(disable-next-line|disable-line|disable-file|disable|enable)(?=$|[\s,])([^]*)$/;

/** Parses the suppression directives in the comments of one file. */
export function parseDirectives(path: string, text: string, lines: LineIndex, comments: readonly CommentSpan[]): Directive[] {
  const found: Directive[] = [];
  for (const c of comments) {
    const raw = text.slice(c.start, c.end);
    if (!raw.includes('docwarden-')) continue;
    const m = DIRECTIVE.exec(raw.trim());
    if (!m) continue;
    const kind = m[1] as DirectiveKind;
    let rest = m[2].replace(/(-->|\*\/)\s*$/, '');
    let reason = '';
    const dashes = /(?:^|\s)--(?:\s|$)/.exec(rest);
    if (dashes) {
      reason = rest.slice(dashes.index + dashes[0].length).trim();
      rest = rest.slice(0, dashes.index);
    }
    const rules = rest.split(/[\s,]+/).filter(Boolean);
    const range = lines.rangeOf(c.start, c.end);
    let fromLine = range.start.line;
    let toLine = range.end.line;
    if (kind === 'disable-next-line') fromLine = toLine = range.end.line + 1;
    else if (kind === 'disable-file') {
      fromLine = 1;
      toLine = Number.MAX_SAFE_INTEGER;
    } else if (kind === 'disable') toLine = Number.MAX_SAFE_INTEGER;
    found.push({ kind, rules, reason, path, range, fromLine, toLine });
  }
  // A `disable` block ends at the next `enable` that names the same rules (or every rule).
  for (let i = 0; i < found.length; i++) {
    const d = found[i];
    if (d.kind !== 'disable') continue;
    for (let j = i + 1; j < found.length; j++) {
      const e = found[j];
      if (e.kind !== 'enable') continue;
      if (e.rules.length === 0 || d.rules.length === 0 || d.rules.some((r) => e.rules.includes(r))) {
        d.toLine = e.range.start.line;
        break;
      }
    }
  }
  return found;
}

/** Does a directive's rule name cover a finding's rule id (`inventory` covers `inventory/limiters`)? */
export function ruleNameCovers(name: string, ruleId: string): boolean {
  return name === ruleId || ruleId.startsWith(`${name}/`);
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Finding[];
  /** Directives (and the rule names in them) that silenced nothing. */
  unused: Array<{ directive: Directive; rule: string | null }>;
}

/** Applies directives to findings. `activeRules` are the rule ids that ran: directives for others are not judged. */
export function applyDirectives(findings: readonly Finding[], directives: readonly Directive[], activeRules: ReadonlySet<string>): SuppressionOutcome {
  const used = new Map<Directive, Set<string | null>>();
  const byPath = new Map<string, Directive[]>();
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    const list = byPath.get(d.path) ?? [];
    list.push(d);
    byPath.set(d.path, list);
  }
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const line = f.location.range.start.line;
    let by: Directive | undefined;
    let byRule: string | null = null;
    for (const d of byPath.get(f.location.path) ?? []) {
      if (line < d.fromLine || line > d.toLine) continue;
      if (d.rules.length === 0) {
        by = d;
        byRule = null;
        break;
      }
      const r = d.rules.find((name) => ruleNameCovers(name, f.ruleId));
      if (r) {
        by = d;
        byRule = r;
        break;
      }
    }
    if (!by) {
      kept.push(f);
      continue;
    }
    const set = used.get(by) ?? new Set();
    set.add(byRule);
    used.set(by, set);
    suppressed.push({ ...f, suppression: { kind: 'inline', justification: by.reason, location: { path: by.path, range: by.range } } });
  }
  const unused: SuppressionOutcome['unused'] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    const u = used.get(d);
    if (d.rules.length === 0) {
      if (!u) unused.push({ directive: d, rule: null });
      continue;
    }
    for (const r of d.rules) {
      const ran = [...activeRules].some((id) => ruleNameCovers(r, id) || ruleNameCovers(id, r));
      if (!ran) continue;
      if (!u?.has(r)) unused.push({ directive: d, rule: r });
    }
  }
  return { kept, suppressed, unused };
}
