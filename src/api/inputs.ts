import { globList, globMatcher } from './globs.js';
import type { ConfigPath, JsonSchema, RuleContext } from './rule.js';

/**
 * Missing inputs: a gate at `error` must never pass because the files it checks vanished. Every rule
 * that reads configured globs or documents asks here; what matches nothing, or cannot be read, is a
 * finding at the rule's level, placed at the value in the configuration file wherever that file lives.
 * This is the one "configured glob matches nothing" warning.
 */

/** `missing: ignore` on an entry whose globs may legitimately match nothing (a defensive glob). */
export const MISSING_SCHEMA: JsonSchema = {
  enum: ['report', 'ignore'],
  default: 'report',
  description: "report (default): a glob that matches no file, or a document that cannot be read, is a finding at the rule's level; ignore: it is not",
};

/** The messages every rule can report with (the engine adds them to each rule's own). */
export const INPUT_MESSAGES: Record<string, string> = {
  inputMatchesNothing: '{what} `{glob}` matches no file, so nothing is checked there; correct the glob, or add `missing: ignore` to this entry if it may match nothing',
  inputUnreadable: '{what} `{path}` {why}, so nothing is checked against it; correct the path, or add `missing: ignore` to this entry if it may be absent',
};

export interface ConfiguredInput {
  /** Where the value is written (for the finding's position); an unwritten default falls back to its nearest written parent. */
  at: ConfigPath;
  /** What the value is, for the message: `files of guard todo`, `docs of claim connectors`. */
  what: string;
  /** `inventory/<id>`-style sub-rule the finding belongs to. */
  subRule?: string;
  /** The entry's `missing` option. */
  missing?: 'report' | 'ignore';
}

/** Reports a configured input that is missing, at the rule's level; a notice only when there is no configuration file to point at. */
function reportInput(ctx: RuleContext<unknown>, input: ConfiguredInput, at: ConfigPath, messageId: string, data: Record<string, string>, dependsOnGlobs: string[]): void {
  if (input.missing === 'ignore') return;
  const where = ctx.configLocation(at);
  if (!where) {
    const message = INPUT_MESSAGES[messageId].replace(/\{(\w+)\}/g, (_, k: string) => data[k] ?? '');
    ctx.notice({ message: `${input.subRule ? `${ctx.ruleId}/${input.subRule}` : ctx.ruleId}: ${message}`, at });
    return;
  }
  ctx.report({ ...where, messageId, data, ...(input.subRule ? { subRule: input.subRule } : {}), fingerprintKey: `${messageId}:${data.glob ?? data.path}`, dependsOnGlobs });
}

/**
 * The files matching configured globs (`!` negates, ignored files left out); each positive glob that
 * matches no file is a finding at that glob in the configuration. `keep` narrows what counts as a
 * match (e.g. Markdown only).
 */
export function matchInputs(ctx: RuleContext<unknown>, globs: string | readonly string[], input: ConfiguredInput, keep: (path: string) => boolean = () => true): string[] {
  const list = globList(globs);
  const files = ctx.facts.match(list).filter(keep);
  list.forEach((glob, i) => {
    if (glob.startsWith('!')) return;
    const one = globMatcher([glob]);
    if (files.some((f) => one(f))) return;
    reportInput(ctx, input, typeof globs === 'string' ? input.at : [...input.at, i], 'inputMatchesNothing', { what: input.what, glob }, [glob]);
  });
  return files;
}

/** Reports a configured document (`path`, or `path#heading`) that does not exist or cannot be read. */
export function reportUnreadableInput(ctx: RuleContext<unknown>, input: ConfiguredInput, path: string, why: string): void {
  reportInput(ctx, input, input.at, 'inputUnreadable', { what: input.what, path, why }, [path]);
}
