/**
 * What `--format html` shows besides the findings, gathered by the CLI from the run it just made (formatters
 * are pure and never read): every doc's review date and age as the last-reviewed rule reads them, the size of
 * the baseline the run read, and the relative way from the page to the repository's files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { compileUserRegex } from './config/regex.js';
import { withDefaults } from './config/load.js';
import { parseBaseline } from './engine/baseline.js';
import { resolveNow } from './engine/run.js';
import type { DocReviewAge, FormatContext } from './formatters/index.js';
import type { LintOutcome } from './lint.js';
import { RULES } from './registry.js';
import { DEFAULT_PATTERN, findReviewDate, parseReviewDate } from '../rules/last-reviewed.js';
import type { Workspace } from './workspace/workspace.js';

const DAY_MS = 86_400_000;

/** Each doc with a valid review date, and its age in days on `now` (UTC days). */
export function reviewAges(ws: Workspace, pattern: string, now: Date): DocReviewAge[] {
  const regex = compileUserRegex(pattern, 'gmd');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / DAY_MS;
  const out: DocReviewAge[] = [];
  for (const path of ws.docs()) {
    const doc = ws.doc(path);
    const t = ws.text(path);
    const date = doc && t ? findReviewDate(t.text, t.lines, doc, regex) : null;
    const parsed = date ? parseReviewDate(date.value) : null;
    if (date && parsed && 'day' in parsed) out.push({ path, reviewed: date.value, ageDays: today - parsed.day });
  }
  return out;
}

/** The page's extra context: review ages (from the run's workspace), the baseline's size, the link base. */
export function htmlContext(outcome: LintOutcome, options: { cwd: string; output?: string; now?: string; updateBaseline?: boolean }): Partial<FormatContext> {
  const pageDir = options.output ? dirname(resolve(options.cwd, options.output)) : resolve(options.cwd);
  const up = relative(pageDir, outcome.root).split(sep).join('/');
  const context: Partial<FormatContext> = { linkBase: up ? `${up}/` : '' };
  const ws = outcome.workspace;
  const rule = RULES.find((r) => r.id === 'last-reviewed');
  if (ws && rule) {
    const settings = withDefaults(rule, outcome.config.rules[rule.id]?.options ?? {});
    const now = resolveNow(options.now ?? outcome.config.now, ws);
    const docs = reviewAges(ws, typeof settings.pattern === 'string' ? settings.pattern : DEFAULT_PATTERN, now);
    const days = (key: string) => (typeof settings[key] === 'number' ? (settings[key] as number) : undefined);
    context.reviews = { docs, undated: ws.docs().length - docs.length, warnAfter: days('warn-after'), errorAfter: days('error-after') };
  }
  const { abs, display } = outcome.baselineFile;
  if (!options.updateBaseline && existsSync(abs)) {
    const accepted = parseBaseline(readFileSync(abs, 'utf8'), display).reduce((n, e) => n + e.count, 0);
    context.baseline = { path: display, accepted };
  }
  return context;
}
