import {
  allowlist,
  type Allowlist,
  type ConfigPath,
  checkUserRegex,
  globCaptures,
  commentsOf,
  compileUserRegex,
  cutText,
  defineRule,
  exemptByLines,
  type FileText,
  globList,
  globMatcher,
  GLOBS_SCHEMA,
  inSpans,
  lineWindow,
  matchInputs,
  MISSING_SCHEMA,
  parseDataPath,
  type RelatedLocation,
  type RepositoryFacts,
  type RuleContext,
  scalarText,
  selectData,
  UNTIL_SCHEMA,
  type UserRegex,
  WHY_SCHEMA,
  WINDOW_SCHEMA,
} from '../src/api/index.js';

export interface PatternAllowEntry {
  files: string | string[];
  why: string;
  until?: string;
}

export interface PatternGuard {
  id: string;
  description?: string;
  files?: string | string[];
  pattern?: string;
  /** forbid: every match is a finding; require: a file without a match is a finding. */
  mode: 'forbid' | 'require';
  /** Where a match counts: code (outside comments), comments, or anywhere. */
  in: 'any' | 'code' | 'comments';
  message?: string;
  flags?: string;
  missing?: 'report' | 'ignore';
  /** A match whose line (or a line of the window around it) matches this is exempt: the `grep -v` of the scripts. */
  'exempt-lines'?: string;
  /** How many lines around a match `exempt-lines` looks at: N before and after, or each side apart. */
  window?: number | { before?: number; after?: number };
  /** Set relation: the pattern (or, per match of `pattern` in `files`, the template) matches in at least one file of the set. */
  require?: { 'in-any-of': string | string[]; pattern?: string };
  /** Set relation: for each file of `for-each`, the file the `exists` template names exists. */
  'for-each'?: string | string[];
  exists?: string | string[];
  /** The guard applies only when a file of `files` matches `pattern`. */
  when?: { files: string | string[]; pattern: string };
  /** Value relation: this value (at a data path, or a pattern's capture) equals `equals`. */
  value?: ValueSource;
  equals?: ValueSource | { 'latest-tag': string };
  /** Files the guard's findings are allowed in, each with a reason; an unused or expired entry is a finding. */
  allow?: PatternAllowEntry[];
}

/** A value in a file: at a data path of YAML, JSON or TOML, or a pattern's `value` group (else its first group, else the match). */
export type ValueSource = { file: string; path: string } | { file: string; pattern: string };

export interface PatternOptions {
  guards: PatternGuard[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line-oriented matches are what grep guards check; `m` makes ^ and $ work per line. */
function compile(source: string, guardFlags: string | undefined): UserRegex {
  const flags = new Set((guardFlags ?? '').split(''));
  flags.add('g');
  flags.add('m');
  if (source.includes('(?<at>')) flags.add('d');
  return compileUserRegex(source, [...flags].join(''));
}

/** `{name}` placeholders of a template filled from captures; `escape` makes each value a literal inside a regular expression. */
function fillTemplate(template: string, values: Record<string, string | undefined>, escape: boolean): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) {
      missing.push(name);
      return whole;
    }
    return escape ? escapeRegExp(v) : v;
  });
  return { text, missing };
}

/** The captures a path offers to an `exists` template: its parts, and each wildcard of the `for-each` glob it matched (`{1}`, `{2}`, …). */
function pathCaptures(path: string, globs: readonly string[]): Record<string, string> {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const out: Record<string, string> = {
    path,
    dir: slash < 0 ? '.' : path.slice(0, slash),
    base,
    name: dot > 0 ? base.slice(0, dot) : base,
    ext: dot > 0 ? base.slice(dot) : '',
  };
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const captures = globCaptures(glob, path);
    if (!captures) continue;
    captures.forEach((v, i) => (out[String(i + 1)] = v));
    break;
  }
  return out;
}

interface Site {
  path: string;
  start: number;
  end: number;
  text: string;
  groups: Record<string, string | undefined>;
}

/** The matches of `re` in a file, restricted to code or comments as the guard says, without exempt lines. */
function matchesIn(ws: RepositoryFacts, path: string, t: FileText, re: UserRegex, guard: PatternGuard, exempt: UserRegex | null): Site[] {
  // A source file's comment spans are read only once a match needs them: most files of a guard hold no match.
  // (A doc's are read up front: parsing it may add a notice, which must not depend on what matched.)
  let comments = guard.in !== 'any' && ws.isDoc(path) ? commentsOf(ws, path) : undefined;
  const out: Site[] = [];
  const window = lineWindow(guard.window);
  for (const m of re.matchAll(t.text)) {
    if (m[0].length === 0) continue;
    const start = m.index ?? 0;
    if (guard.in !== 'any') {
      const inComment = inSpans((comments ??= commentsOf(ws, path)), start);
      if ((guard.in === 'code' && inComment) || (guard.in === 'comments' && !inComment)) continue;
    }
    // A group named `at` places the finding (the field inside a block the pattern scopes), as grep prints its line.
    const at = (m as RegExpMatchArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices?.groups?.at;
    if (exempt && exemptByLines(t, at ? at[0] : start, exempt, window)) continue;
    if (at) out.push({ path, start: at[0], end: at[1], text: m[0].slice(at[0] - start, at[1] - start), groups: { ...m.groups } });
    else out.push({ path, start, end: start + m[0].length, text: m[0], groups: { ...m.groups } });
  }
  return out;
}

/** What the parts of one guard's check share: the guard, where it is configured, and how it reports. */
interface GuardRun {
  ctx: RuleContext<PatternOptions>;
  ws: RepositoryFacts;
  guard: PatternGuard;
  subRule: string;
  /** The guard's place in docwarden.yml. */
  guardAt: ConfigPath;
  /** The files a configured glob list selects; every glob goes through the gate, so one that matches nothing is a finding at it in the configuration. */
  inputs(globs: string | string[], at: ConfigPath, what: string): string[];
  /** Reports a configuration problem at the text `needle` of the guard (a notice without a configuration file). */
  badConfig(needle: string, problem: string): void;
  /** Where the condition (`when`) matched, when the guard has one. */
  related: RelatedLocation[];
  /** Is a finding in this file allowed by the guard's allowlist? */
  allowed(path: string): boolean;
  /** Lines whose matches are exempt (`exempt-lines`), if any. */
  exempt: UserRegex | null;
}

function checkGuard(ctx: RuleContext<PatternOptions>, guard: PatternGuard, index: number): void {
  const base = guardBase(ctx, guard, index);
  const problem = shapeProblem(guard);
  if (problem) return base.badConfig(problem.needle, problem.problem);
  // A condition on another file's content: no match there, no guard.
  const related: RelatedLocation[] = [];
  if (guard.when) {
    const hit = conditionMatch(base, guard.when);
    if (!hit) return;
    related.push(hit);
  }
  const allow = guardAllowlist(ctx, guard, index);
  const exempt = guard['exempt-lines'] !== undefined ? compile(guard['exempt-lines'], guard.flags) : null;
  const run: GuardRun = { ...base, related, allowed: (path) => allow.allows(path), exempt };
  if (guard.value !== undefined) return checkValue(ctx, guard, related, run.badConfig);
  // A check stopped by a configuration problem leaves its allowlist unjudged.
  let complete: boolean;
  if (guard['for-each'] !== undefined) complete = checkCompanions(run);
  else if (guard.require) complete = checkRequire(run, guard.require);
  else complete = checkMatches(run);
  if (complete) allow.reportStale();
}

/** The parts of a guard's run that need neither its condition nor its allowlist. */
function guardBase(ctx: RuleContext<PatternOptions>, guard: PatternGuard, index: number): Omit<GuardRun, 'related' | 'allowed' | 'exempt'> {
  const subRule = guard.id;
  const guardAt = ['rules', 'pattern', 'guards', index];
  return {
    ctx,
    ws: ctx.facts,
    guard,
    subRule,
    guardAt,
    inputs: (globs, at, what) => matchInputs(ctx, globs, { at: [...guardAt, ...at], what: `${what} of guard ${guard.id}`, subRule, missing: guard.missing }),
    badConfig(needle, problem) {
      const at = ctx.configLocation(guardAt, needle);
      if (at) ctx.report({ ...at, messageId: 'badConfig', data: { id: guard.id, problem }, subRule });
      else ctx.notice({ level: 'error', message: `pattern/${guard.id}: ${problem}` });
    },
  };
}

/** What is wrong with the guard's shape (and the configuration text to point at), or null when it is one of the shapes a guard can have. */
function shapeProblem(guard: PatternGuard): { needle: string; problem: string } | null {
  const shapes = [guard['for-each'] !== undefined && 'for-each', guard.pattern !== undefined && 'pattern', guard.value !== undefined && 'value'].filter(Boolean);
  if (shapes.length !== 1) return { needle: guard.id, problem: 'a guard has one of: `files` and `pattern`; `for-each` and `exists`; `value` and `equals`' };
  if ((guard.value === undefined) !== (guard.equals === undefined)) return { needle: guard.value === undefined ? 'equals' : 'value', problem: '`value` and `equals` go together' };
  if ((guard['for-each'] === undefined) !== (guard.exists === undefined)) return { needle: guard['for-each'] === undefined ? 'exists' : 'for-each', problem: '`for-each` and `exists` go together' };
  if (guard.pattern !== undefined && guard.files === undefined && !guard.require) return { needle: guard.id, problem: '`pattern` needs `files` (or `require: { in-any-of }`)' };
  return null;
}

/** Where the guard's `when` condition first matches, or null when it matches nowhere (the guard does not apply). */
function conditionMatch(run: Pick<GuardRun, 'ws' | 'guard' | 'inputs'>, when: NonNullable<PatternGuard['when']>): RelatedLocation | null {
  const re = compile(when.pattern, run.guard.flags);
  for (const path of run.inputs(when.files, ['when', 'files'], 'when.files')) {
    const t = run.ws.text(path);
    if (!t) continue;
    const m = re.exec(t.text);
    if (m && m[0].length) return { path, range: t.lines.rangeOf(m.index, m.index + m[0].length), message: `the condition of guard ${run.guard.id} (/${when.pattern}/)` };
  }
  return null;
}

/** `for-each` / `exists`: reports each file of the set whose companions are missing; false when an `exists` template is unusable. */
function checkCompanions(run: GuardRun): boolean {
  const { ws, guard } = run;
  const globs = globList(guard['for-each']!);
  const templates = globList(guard.exists!);
  for (const path of run.inputs(guard['for-each']!, ['for-each'], 'for-each files')) {
    const wanted = companionsOf(run, path, globs, templates);
    if (wanted === null) return false;
    const missing = wanted.filter((p) => !ws.isFile(p) && !ws.isDir(p));
    if (missing.length === 0 || run.allowed(path)) continue;
    const t = ws.text(path);
    run.ctx.report({
      path,
      range: t ? t.lines.rangeOf(0, 0) : { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      subRule: run.subRule,
      messageId: guard.message ? 'custom' : 'missingCompanion',
      data: { message: guard.message ?? '', path, missing: missing.join('`, `'), id: guard.id },
      related: run.related,
      fingerprintKey: missing.join(','),
      dependsOn: missing,
    });
  }
  return true;
}

/** The companion paths the `exists` templates name for one file, or null (reported) when a template names a capture there is none of. */
function companionsOf(run: GuardRun, path: string, globs: readonly string[], templates: readonly string[]): string[] | null {
  const captures = pathCaptures(path, globs);
  const wanted: string[] = [];
  for (const template of templates) {
    const filled = fillTemplate(template, captures, false);
    if (filled.missing.length) {
      run.badConfig(
        template,
        `\`exists\` template ${template} names {${filled.missing.join('}, {')}}; a template can use {path}, {dir}, {base}, {name}, {ext} and {1}, {2}, … for the wildcards of \`for-each\``,
      );
      return null;
    }
    wanted.push(filled.text.replace(/^\.\//, ''));
  }
  return wanted;
}

/**
 * `require: { in-any-of }`: the pattern (without `files`) or, per match in `files`, its counterpart must
 * match in a file of the set. False when the check stopped at a configuration problem, or when it was the
 * whole-set form (which judges no file, so its allowlist is not reported either).
 */
function checkRequire(run: GuardRun, require: NonNullable<PatternGuard['require']>): boolean {
  const { ctx, ws, guard } = run;
  const re = compile(guard.pattern!, guard.flags);
  const files = guard.files === undefined ? [] : run.inputs(guard.files, ['files'], 'files');
  const setGlobs = globList(require['in-any-of']);
  const set = run.inputs(require['in-any-of'], ['require', 'in-any-of'], 'require.in-any-of files');
  const template = require.pattern;
  if (template !== undefined) {
    const probe = checkUserRegex(template.replace(/\{[A-Za-z0-9_]+\}/g, 'x'));
    if (probe) {
      run.badConfig(template, `require.pattern is not a usable regular expression: ${probe}`);
      return false;
    }
  }
  const anyMatch = (source: string): boolean => {
    const wanted = compile(source, guard.flags);
    return set.some((path) => matchesAnywhereIn(run, path, wanted));
  };
  if (guard.files === undefined) {
    if (!anyMatch(guard.pattern!)) reportRequiredInSet(run, setGlobs);
    return false;
  }
  const setSite = ctx.configLocation([...run.guardAt, 'require', 'in-any-of'], JSON.stringify(require['in-any-of']).slice(1, -1)) ?? ctx.configLocation([...run.guardAt, 'require'], 'in-any-of');
  const setRelated: RelatedLocation[] = setSite ? [{ ...setSite, message: `the files that must match: ${setGlobs.join(', ')}` }] : [];
  for (const path of files) {
    const t = ws.text(path);
    if (!t) continue;
    for (const site of matchesIn(ws, path, t, re, guard, null)) {
      const wanted = counterpartPattern(run, site, template);
      if (wanted === null) return false;
      if (anyMatch(wanted) || run.allowed(path)) continue;
      ctx.report({
        path,
        range: t.lines.rangeOf(site.start, site.end),
        subRule: run.subRule,
        messageId: guard.message ? 'custom' : 'noCounterpart',
        data: { message: guard.message ?? '', match: cutText(site.text, 80), wanted, set: setGlobs.join(', '), id: guard.id },
        related: [...setRelated, ...run.related],
        fingerprintKey: site.text,
        dependsOnGlobs: setGlobs,
      });
    }
  }
  return true;
}

/** True when `re` matches in the file as the guard counts matches (in code or comments, outside exempt lines). */
function matchesAnywhereIn(run: GuardRun, path: string, re: UserRegex): boolean {
  const t = run.ws.text(path);
  return t ? matchesIn(run.ws, path, t, re, run.guard, run.exempt).length > 0 : false;
}

/** The pattern a match's counterpart must match: the match itself taken literally, or the template filled from its captures; null (reported) when the template names a capture the pattern lacks. */
function counterpartPattern(run: GuardRun, site: Site, template: string | undefined): string | null {
  if (template === undefined) return escapeRegExp(site.text);
  const filled = fillTemplate(template, site.groups, true);
  if (filled.missing.length === 0) return filled.text;
  run.badConfig(template, `require.pattern names {${filled.missing.join('}, {')}}, which /${run.guard.pattern}/ does not capture`);
  return null;
}

/** The whole-set form found no match: the finding is the guard itself (a notice without a configuration file). */
function reportRequiredInSet(run: GuardRun, setGlobs: readonly string[]): void {
  const { ctx, guard } = run;
  const at = ctx.configLocation(run.guardAt, `id: ${guard.id}`) ?? ctx.configLocation(run.guardAt, guard.id);
  const data = { message: guard.message ?? '', pattern: guard.pattern!, set: setGlobs.join(', '), id: guard.id };
  if (at) ctx.report({ ...at, subRule: run.subRule, messageId: guard.message ? 'custom' : 'requiredInSetDefault', data, related: run.related, dependsOnGlobs: [...setGlobs] });
  else ctx.notice({ level: 'error', message: `pattern/${guard.id}: no file of ${setGlobs.join(', ')} matches /${guard.pattern}/` });
}

/** `mode: forbid` reports every match, `mode: require` every file without one; always completes. */
function checkMatches(run: GuardRun): boolean {
  const { ctx, ws, guard } = run;
  const re = compile(guard.pattern!, guard.flags);
  const files = guard.files === undefined ? [] : run.inputs(guard.files, ['files'], 'files');
  for (const path of files) {
    const t = ws.text(path);
    if (!t) continue;
    const sites = matchesIn(ws, path, t, re, guard, run.exempt);
    if (guard.mode === 'forbid') {
      if (sites.length && run.allowed(path)) continue;
      for (const site of sites) {
        ctx.report({
          path,
          range: t.lines.rangeOf(site.start, site.end),
          subRule: run.subRule,
          messageId: guard.message ? 'forbidden' : 'forbiddenDefault',
          data: { message: guard.message ?? '', match: cutText(site.text, 80), pattern: guard.pattern!, id: guard.id },
          related: run.related,
          fingerprintKey: site.text,
        });
      }
    } else if (sites.length === 0 && !run.allowed(path)) {
      ctx.report({
        path,
        range: t.lines.rangeOf(0, 0),
        subRule: run.subRule,
        messageId: guard.message ? 'required' : 'requiredDefault',
        data: { message: guard.message ?? '', pattern: guard.pattern!, id: guard.id },
        related: run.related,
      });
    }
  }
  return true;
}

interface FoundValue {
  text: string;
  path: string;
  start: number;
  end: number;
}

/** The one value a source names, or a problem. */
function readValue(ws: RepositoryFacts, source: ValueSource): FoundValue | string {
  const t = ws.isFile(source.file) ? ws.text(source.file) : undefined;
  if (!t) return `cannot read \`${source.file}\``;
  if ('path' in source) {
    const steps = parseDataPath(source.path);
    if (typeof steps === 'string') return `path \`${source.path}\`: ${steps}`;
    const data = ws.structured(source.file);
    if (data?.error && data.roots.length === 0) return `\`${source.file}\` is not valid ${data.format}: ${data.error.message}`;
    const found = data ? selectData(data.roots, steps) : [];
    if (found.length !== 1) return `\`${source.path}\` selects ${found.length} values in \`${source.file}\`; a value needs exactly one`;
    const text = scalarText(found[0].node);
    if (text === null) return `\`${source.path}\` in \`${source.file}\` is a map or a list, not a value`;
    // A quoted scalar's text starts after its quote, so a fix keeps the quotes.
    const raw = t.text.slice(found[0].node.start, found[0].node.end);
    const inner = raw.indexOf(text);
    const start = found[0].node.start + Math.max(0, inner);
    return { text, path: source.file, start, end: inner >= 0 ? start + text.length : found[0].node.end };
  }
  const m = compileUserRegex(source.pattern, 'm').exec(t.text);
  if (!m) return `\`${source.file}\` has no match for /${source.pattern}/`;
  const text = m.groups?.value ?? m[1] ?? m[0];
  const start = m.index + m[0].indexOf(text);
  return { text, path: source.file, start, end: start + text.length };
}

function checkValue(ctx: RuleContext<PatternOptions>, guard: PatternGuard, related: RelatedLocation[], badConfig: (needle: string, problem: string) => void): void {
  const ws = ctx.facts;
  const mine = readValue(ws, guard.value!);
  if (typeof mine === 'string') {
    badConfig(guard.value!.file, mine);
    return;
  }
  const other = guard.equals!;
  let expected: string;
  let what: string;
  const rel: RelatedLocation[] = [...related];
  if ('latest-tag' in other) {
    const glob = other['latest-tag'];
    const isTag = globMatcher([glob], { dot: false });
    const tag = ctx.gitTags().find((t) => isTag(t));
    if (tag === undefined) {
      badConfig(glob, `no git tag matches \`${glob}\``);
      return;
    }
    // The literal start of the glob (`v` of `v*`) is the tag's prefix, not part of the version.
    const prefix = /^[^*?[{]*/.exec(glob)![0];
    expected = tag.startsWith(prefix) ? tag.slice(prefix.length) : tag;
    what = `the latest tag matching ${glob}, ${tag}`;
  } else {
    const theirs = readValue(ws, other);
    if (typeof theirs === 'string') {
      badConfig(other.file, theirs);
      return;
    }
    expected = theirs.text;
    what = `${'path' in other ? other.path : `/${other.pattern}/`} in ${other.file}`;
    const t = ws.text(theirs.path)!;
    rel.push({ path: theirs.path, range: t.lines.rangeOf(theirs.start, theirs.end), message: `the value it must equal` });
  }
  if (mine.text === expected) return;
  const t = ws.text(mine.path)!;
  ctx.report({
    path: mine.path,
    range: t.lines.rangeOf(mine.start, mine.end),
    subRule: guard.id,
    messageId: guard.message ? 'custom' : 'valueDiffers',
    data: { message: guard.message ?? '', id: guard.id, actual: mine.text, expected, what },
    related: rel,
    fingerprintKey: `value:${guard.id}`,
    fix: { description: `replace ${mine.text} with ${expected}`, edits: [{ path: mine.path, start: mine.start, end: mine.end, text: expected }] },
  });
}

/** The files a guard's findings are allowed in; an expired entry is an error, one that allows nothing a warning. */
function guardAllowlist(ctx: RuleContext<PatternOptions>, guard: PatternGuard, index: number): Allowlist {
  const at = ['rules', 'pattern', 'guards', index, 'allow'];
  return allowlist(ctx, guard.allow ?? [], {
    at,
    matches: (entry) => globMatcher(globList(entry.files)),
    key: (entry) => globList(entry.files).join(', '),
    data: (entry) => ({ id: guard.id, files: globList(entry.files).join(', ') }),
    locate: (entry, i) => ctx.configLocation([...at, i, 'files'], globList(entry.files)[0]),
    notice: (entry, expired) => `pattern/${guard.id}: allowlist entry ${globList(entry.files).join(', ')} ${expired ? `expired on ${entry.until}` : 'allows nothing'}`,
    subRule: guard.id,
  });
}

const regexString = (description: string) => ({ type: 'string', regex: true, description });

const VALUE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: {
    file: { type: 'string' },
    path: { type: 'string', description: 'a data path: keys, *, [N], ["a.b"], ..key' },
    pattern: regexString('the value is its (?<value>…) group, else its first group, else the match'),
  },
};

export default defineRule<PatternOptions>({
  id: 'pattern',
  git: ['tags'],
  description: 'Generic guards: a pattern that must not (or must) appear in some files, or a relation between sets of files, with a message; the shape of most ci-guards scripts.',
  defaultLevel: 'off',
  optionsSchema: {
    guards: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lower-case id; the SARIF rule is pattern/<id>' },
          description: { type: 'string' },
          files: GLOBS_SCHEMA,
          pattern: regexString('a JavaScript regular expression'),
          flags: { type: 'string', pattern: '^[imsu]*$', description: 'regular expression flags among i (case folding), m, s, u' },
          mode: { enum: ['forbid', 'require'], default: 'forbid' },
          in: { enum: ['any', 'code', 'comments'], default: 'any' },
          message: { type: 'string', description: 'what is wrong and what to do instead' },
          missing: MISSING_SCHEMA,
          'exempt-lines': regexString('a match on a line that matches this (or within `window` lines of it) is exempt'),
          window: WINDOW_SCHEMA,
          require: {
            type: 'object',
            additionalProperties: false,
            required: ['in-any-of'],
            description: 'at least one file of in-any-of matches the pattern (or, for each match in files, the pattern template with its {captures})',
            properties: {
              'in-any-of': GLOBS_SCHEMA,
              pattern: { type: 'string', description: "a regular expression template; {name} is the match's named capture, taken literally" },
            },
          },
          'for-each': { ...GLOBS_SCHEMA, description: 'each file of this set must have the companion file(s) `exists` names' },
          exists: { ...GLOBS_SCHEMA, description: 'path template(s): {path}, {dir}, {base}, {name}, {ext}, and {1}, {2}, … for the wildcards of for-each' },
          when: {
            type: 'object',
            additionalProperties: false,
            required: ['files', 'pattern'],
            description: 'the guard applies only when a file of files matches pattern',
            properties: { files: GLOBS_SCHEMA, pattern: regexString('the condition') },
          },
          value: {
            description: 'value relation: { file, path } (a data path in YAML, JSON or TOML) or { file, pattern } (its (?<value>…) group, else its first group)',
            ...VALUE_SCHEMA,
          },
          equals: {
            description: "what value must equal: { file, path }, { file, pattern }, or { latest-tag: GLOB } (the highest version tag matching GLOB, without the glob's literal prefix)",
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { ...VALUE_SCHEMA.properties, 'latest-tag': { type: 'string', minLength: 1 } },
          },
          allow: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['files', 'why'],
              properties: { files: GLOBS_SCHEMA, why: WHY_SCHEMA, until: UNTIL_SCHEMA },
            },
          },
        },
      },
    },
  },
  messages: {
    forbidden: '{message}',
    forbiddenDefault: '`{match}` matches forbidden pattern /{pattern}/ of guard {id}',
    required: '{message}',
    requiredDefault: 'no match for required pattern /{pattern}/ of guard {id}',
    custom: '{message}',
    requiredInSetDefault: 'no file of {set} matches /{pattern}/ (guard {id})',
    noCounterpart: '`{match}` has no counterpart: no file of {set} matches /{wanted}/ (guard {id})',
    missingCompanion: '`{path}` has no `{missing}` (guard {id}); add it, or allow this file with a reason',
    badConfig: 'Guard {id}: {problem}',
    valueDiffers: '`{actual}` should equal {what}: `{expected}` (guard {id})',
    allowExpired: 'allowlist entry `{files}` of guard {id} expired on {until} ({why}); fix what it hides and remove it, or move `until`',
    allowUnused: 'allowlist entry `{files}` of guard {id} allows nothing; remove it',
  },
  subRules(options) {
    return options.guards.map((g) => ({
      id: g.id,
      description:
        g.description ??
        g.message ??
        (g.pattern !== undefined ? `pattern /${g.pattern}/ (${g.mode})` : g.value !== undefined ? `the value in ${g.value.file}` : `companions of ${globList(g['for-each'] ?? []).join(', ')}`),
    }));
  },
  check(ctx) {
    ctx.options.guards.forEach((guard, i) => checkGuard(ctx, guard, i));
  },
});
