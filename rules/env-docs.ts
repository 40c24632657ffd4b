import {
  globList,
  catalogAllowlist,
  type CatalogSite,
  type CommentSpan,
  commentSpans,
  compileUserRegex,
  defineRule,
  type DefinedName,
  ENV_READERS,
  type EnvNameMention,
  type EnvNameRead,
  type EnvReader,
  GLOBS_SCHEMA,
  hasPatternReader,
  inSpans,
  joinCatalog,
  joinEnvReads,
  loadGrammars,
  MARKDOWN_EXTENSION,
  matchInputs,
  type MentionedName,
  MISSING_SCHEMA,
  readEnvNames,
  READER_COMMENT_FAMILY,
  type Location,
  type EnvCodeFacts,
  type RepositoryFacts,
  type RuleContext,
  coveredBySecretFile,
  scanNameMentions,
  suggestEnvName,
  TREE_READERS,
  treeLanguageOf,
  type TreeReader,
  type UserRegex,
  wholeNameRegex,
  wholeNameTest,
  withoutFormatVerbs,
  UNDERLINE_MARKUP_DOC,
  PROGRAM_SOURCE,
  codeIdentifierUse,
  withoutUnderlineMarkup,
  CATALOG_ALLOW_EXPIRED,
  editionRanges,
  inHypotheticalSentence,
  catalogAllowSchema,
} from '../src/api/index.js';
import { composeEnvFileNames, kubernetesEnvFromNames } from './env-docs/config-refs.js';
import { ciSetNames } from './env-docs/context.js';
import { isScriptVariable, scriptVariables } from './env-docs/script-variables.js';

export interface EnvCodeSource {
  files: string | string[];
  /** A regex whose group `name` (else group 1, else the whole match) is a read name. */
  pattern?: string;
  reader?: EnvReader;
  missing?: 'report' | 'ignore';
  /**
   * Test code: a name it spells (outside comments) is real, so a doc that mentions it is not naming nothing; but a
   * name only tests read need not be documented. Read as text (the `pattern`, else every occurrence of `names`).
   */
  tests?: boolean;
}

export interface EnvAllowEntry {
  /** A regex matched against whole names. */
  name: string;
  why: string;
  /** YYYY-MM-DD: the last day the entry applies without being reported. */
  until?: string;
}

export interface EnvDocsOptions {
  names: string;
  code: EnvCodeSource[];
  docs?: string | string[];
  allow: EnvAllowEntry[];
  direction: 'both' | 'undocumented' | 'phantom';
  /** For `docs`: `ignore` when they may match nothing. */
  missing?: 'report' | 'ignore';
  /** Does a family in the docs (`APP_X_*`, `APP_X_<NAME>`) document every name it matches, only names built from its prefix at run time, or nothing? */
  families: 'prefix' | 'explicit' | 'off';
  /** Report variables the program sets (for itself or child processes) that no doc mentions. */
  'report-exported': boolean;
  /** A name the program's generated `--help` shows beside its flag (clap `env`, urfave/cli `EnvVars`, kong and go-arg tags) is documented by that help. */
  'flag-help': boolean;
}

const isTreeReader = (reader: EnvReader | undefined): reader is TreeReader => reader !== undefined && (TREE_READERS as readonly string[]).includes(reader);

/** `${{ secrets.X }}`, `${{ vars.X }}`, `${{ env.X }}`: CI expression syntax names a secret or a setting, not a variable the code reads. */
function ciExpressionSpans(text: string): CommentSpan[] {
  const out: CommentSpan[] = [];
  for (const m of text.matchAll(/\$\{\{[^}]*\}\}/g)) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return out;
}

/** Where a name occurs: path and code-unit offsets. */
interface Site {
  path: string;
  start: number;
  end: number;
}

/** Media and archives a `docs/**` glob sweeps up: they document nothing, so they are not read (nor noted as skipped). */
const MEDIA_EXTENSION = /\.(?:png|jpe?g|gif|webp|avif|ico|bmp|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|jar|woff2?|ttf|otf|eot|mp3|mp4|mov|webm|wasm)$/i;

/** The names read in one file by one `code` entry, comments left out. */
function readsOf(ws: RepositoryFacts, path: string, source: EnvCodeSource, names: UserRegex): EnvNameRead[] {
  const t = ws.text(path);
  const facts = ws.source(path);
  if (!t || !facts) return [];
  let comments: readonly CommentSpan[] = facts.comments;
  // A reader tells the comment syntax of a file whose name and shebang do not (`scripts/run` without `#!`).
  if (facts.language === 'none' && source.reader) comments = commentSpans(t.text, READER_COMMENT_FAMILY[source.reader], path);
  let found: EnvNameRead[];
  if (source.reader && hasPatternReader(source.reader)) found = readEnvNames(source.reader, t.text);
  else if (source.reader) found = [];
  else if (source.pattern) {
    found = [];
    for (const m of compileUserRegex(source.pattern, 'gd').matchAll(t.text)) {
      const group = m.groups?.name !== undefined ? m.indices?.groups?.name : m[1] !== undefined ? m.indices?.[1] : m.indices?.[0];
      if (group && group[1] > group[0]) found.push({ name: t.text.slice(group[0], group[1]), start: group[0], end: group[1] });
    }
  } else found = [...names.matchAll(t.text)].map((m) => ({ name: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  return found.filter((r) => !inSpans(comments, r.start));
}

/** The text before a family's first placeholder (`X_<N>_Y` → `X_`). */
function literalPrefix(mention: EnvNameMention): string {
  const i = mention.text.search(/[<{*]/);
  return i < 0 ? mention.text : mention.text.slice(0, i);
}

/** The position of an allowlist entry's `name: …` in the configuration file, else the entry's first line. */
function allowEntryLocation(ctx: RuleContext<EnvDocsOptions>, entry: EnvAllowEntry, i: number): Location | null {
  const at = ['rules', 'env-docs', 'allow', i];
  const quoted = [`'${entry.name.replace(/'/g, "''")}'`, JSON.stringify(entry.name), entry.name];
  for (const written of quoted) {
    const where = ctx.configLocation(at, `name: ${written}`);
    if (where) return where;
  }
  return ctx.configLocation(at);
}

function locate(ws: RepositoryFacts, site: Site): CatalogSite {
  const t = ws.text(site.path);
  if (!t) throw new Error(`env-docs: ${site.path} is not readable`);
  return { path: site.path, range: t.lines.rangeOf(site.start, site.end) };
}

/** Reads from syntax trees, wrappers followed across every file of the check; also the name-like literals the code spells. */
function treeReads(
  ctx: RuleContext<EnvDocsOptions>,
  files: Array<{ path: string; reader: TreeReader }>,
  add: (name: string, site: Site, exported: boolean, flag?: string, help?: boolean) => void,
  literals: Set<string>,
  helpFlag: (name: string, flag: string) => void,
): void {
  const facts = files.map((f) => ctx.facts.envCode(f.path, f.reader)).filter((f) => f !== undefined);
  for (const f of facts) {
    if (f.error) ctx.notice({ level: 'note', path: f.path, message: `env-docs: ${f.path} could not be parsed (${f.error}); its reads are not known` });
    for (const l of f.literals) literals.add(l);
    for (const h of f.helpFlags ?? []) helpFlag(h.name, h.flag);
  }
  const full = (f: EnvCodeFacts) => ctx.facts.envCode(f.path, f.reader as TreeReader, true);
  for (const r of joinEnvReads(facts, full)) add(r.name, { path: r.path, start: r.start, end: r.end }, r.exported, r.flag, r.help);
}

/** The code side: every read and every exported name with its sites, the name-like literals the code spells, and the flags that bind names. */
async function definedNames(
  ctx: RuleContext<EnvDocsOptions>,
  isName: (name: string) => boolean,
  names: UserRegex,
): Promise<{ defined: DefinedName[]; literals: Set<string>; flags: Map<string, Set<string>>; helpShown: Set<string> }> {
  const ws = ctx.facts;
  const { options } = ctx;
  const found = new Map<string, DefinedName>();
  // Names the code spells as string literals without reading them (a map of reported settings, a script's environment).
  const literals = new Set<string>();
  const flags = new Map<string, Set<string>>();
  // Names the program's generated `--help` shows beside their flags (clap's `[env: X=]`): documented there with `flag-help`.
  const helpShown = new Set<string>();
  // The prefix of names built at run time (`APP_` from viper's SetEnvPrefix("app")) counts when a name built from it could be one.
  const inNames = (name: string) => isName(name) || (name.endsWith('_') && isName(`${name}A`));
  const bindFlag = (name: string, flag: string) => {
    if (inNames(name)) flags.set(name, (flags.get(name) ?? new Set()).add(flag));
  };
  // A name an option's help spells documents a read elsewhere only: kept until every read is known.
  const helpFlags: Array<{ name: string; flag: string }> = [];
  const add = (name: string, site: Site, exported: boolean, flag?: string, help?: boolean) => {
    if (!inNames(name)) return;
    if (flag) bindFlag(name, flag);
    if (help && !exported) helpShown.add(name);
    const key = `${exported ? 'x' : 'r'}\0${name}`;
    const entry = found.get(key) ?? { name, sites: [], exported, prefix: name.endsWith('_') };
    entry.sites.push(locate(ws, site));
    found.set(key, entry);
  };
  const treeFiles: Array<{ path: string; reader: TreeReader }> = [];
  const patternFiles: Array<{ path: string; source: EnvCodeSource }> = [];
  for (const [i, source] of options.code.entries()) {
    const files = matchInputs(ctx, source.files, { at: ['rules', 'env-docs', 'code', i, 'files'], what: 'env-docs code files', missing: source.missing });
    for (const path of files) {
      if (source.tests) for (const r of readsOf(ws, path, { files: source.files, pattern: source.pattern }, names)) literals.add(r.name);
      else if (isTreeReader(source.reader)) treeFiles.push({ path, reader: source.reader });
      else patternFiles.push({ path, source });
    }
  }
  if (treeFiles.length) {
    try {
      await loadGrammars(new Set(treeFiles.map((f) => treeLanguageOf(f.reader, f.path))));
      treeReads(ctx, treeFiles, add, literals, (name, flag) => helpFlags.push({ name, flag }));
    } catch (err) {
      // Without a grammar (a bundle without its WebAssembly files) the text patterns still see the plain idioms.
      ctx.notice({ level: 'warning', message: `env-docs: syntax trees unavailable (${(err as Error).message}); reading go, node and python with text patterns, other languages not at all` });
      for (const f of treeFiles) if (hasPatternReader(f.reader)) patternFiles.push({ path: f.path, source: { files: f.path, reader: f.reader } });
    }
  }
  const provided = new Set<string>();
  for (const { path, source } of patternFiles) {
    for (const r of readsOf(ws, path, source, names)) {
      add(r.name, { path, start: r.start, end: r.end }, r.provided === true || r.exported === true);
      if (r.provided) provided.add(r.name);
    }
  }
  // What compose's env_file and Kubernetes' envFrom load from another file, located in that file.
  const referenced = [
    ...patternFiles.filter((f) => f.source.reader === 'compose').flatMap((f) => composeEnvFileNames(ws, f.path)),
    ...kubernetesEnvFromNames(
      ws,
      patternFiles.filter((f) => f.source.reader === 'helm').map((f) => f.path),
    ),
  ];
  for (const r of referenced) add(r.name, r, false);
  ciScriptNamesAreSet(found, ciSetNames(ws), new Set(patternFiles.filter((f) => f.source.reader === 'shell').map((f) => f.path)));
  for (const h of helpFlags) {
    if (!found.has(`r\0${h.name}`)) continue;
    bindFlag(h.name, h.flag);
    // An option's help text that spells the name (`[env var: PDM_NO_CACHE]`) is what `--help` prints.
    helpShown.add(h.name);
  }
  return { defined: providedAreSet(found, provided), literals, flags, helpShown };
}

/** A comment that says a setting is left out of the docs on purpose (fzf: "$FZF_COMPLETION_PATH_COMMANDS … are undocumented"). */
const UNDOCUMENTED_ON_PURPOSE = /\b(?:undocumented|not (?:publicly )?documented|intentionally (?:left )?out of the docs)\b/i;

/**
 * The read names a comment in a file that reads them names and calls undocumented (junegunn/fzf's completion.bash:
 * "NOTE: $FZF_COMPLETION_PATH_COMMANDS and $FZF_COMPLETION_VAR_COMMANDS are undocumented and subject to change"),
 * each with the comment's place: the author's decision, as an allowlist entry with a reason is.
 */
function declaredUndocumented(ws: RepositoryFacts, defined: readonly DefinedName[]): Map<string, string> {
  const out = new Map<string, string>();
  const saying = new Map<string, Array<{ text: string; at: string }>>();
  const commentsOf = (path: string) => {
    let list = saying.get(path);
    if (list) return list;
    list = [];
    const t = ws.text(path)?.text ?? '';
    // A block of line comments is one comment: the names on one line, "undocumented" on the next.
    const blocks: Array<{ start: number; end: number }> = [];
    for (const c of ws.source(path)?.comments ?? []) {
      const last = blocks[blocks.length - 1];
      if (last && /^\s*$/.test(t.slice(last.end, c.start)) && !t.slice(last.end, c.start).includes('\n\n')) last.end = c.end;
      else blocks.push({ start: c.start, end: c.end });
    }
    for (const b of blocks) {
      const text = t.slice(b.start, b.end);
      if (UNDOCUMENTED_ON_PURPOSE.test(text.replace(/\s*\n\s*(?:#|\/\/|--)?/g, ' '))) list.push({ text, at: `${path}:${locate(ws, { path, start: b.start, end: b.end }).range.start.line}` });
    }
    saying.set(path, list);
    return list;
  };
  for (const d of defined) {
    if (d.exported) continue;
    for (const site of d.sites) {
      const said = commentsOf(site.path).find((c) => new RegExp(`(?<![\\w])${d.name}(?![\\w])`).test(c.text));
      if (said) {
        out.set(d.name, said.at);
        break;
      }
    }
  }
  return out;
}

/**
 * A name the repository's CI sets (a workflow's `env:`) and only its scripts read is CI's variable for its own
 * release and packaging scripts (starship's STARSHIP_VERSION), not a setting a user gives: its reads count as set.
 * A name application code reads stays a read even when CI sets it for the tests.
 */
function ciScriptNamesAreSet(found: Map<string, DefinedName>, ciSet: ReadonlySet<string>, scripts: ReadonlySet<string>): void {
  for (const name of ciSet) {
    const read = found.get(`r\0${name}`);
    if (!read || !read.sites.every((s) => scripts.has(s.path))) continue;
    found.delete(`r\0${name}`);
    const set = found.get(`x\0${name}`);
    found.set(`x\0${name}`, { ...read, ...set, exported: true, sites: [...(set?.sites ?? []), ...read.sites] });
  }
}

/** Names the image's own init provides are set, not read: their reads join the name's exported entry (documented and set is fine). */
function providedAreSet(found: ReadonlyMap<string, DefinedName>, provided: ReadonlySet<string>): DefinedName[] {
  const out = new Map(found);
  for (const name of provided) {
    const read = out.get(`r\0${name}`);
    const set = out.get(`x\0${name}`);
    if (!read || !set) continue;
    out.delete(`r\0${name}`);
    out.set(`x\0${name}`, { ...set, sites: [...set.sites, ...read.sites] });
  }
  return [...out.values()];
}

/**
 * The docs side: every mention; Markdown's HTML comments are hidden from readers, other docs are read whole. Names
 * mentioned only in hypothetical sentences ("a new `APP_SEED` flag would…") are added to `supposed`: they document
 * a read name, but claim none; so are a shell block's own variables (see scriptVariables). `edition`: names mentioned in docs about an edition of the project built elsewhere.
 */
function mentionedNames(ctx: RuleContext<EnvDocsOptions>, names: UserRegex, docFiles: readonly string[], supposed: Set<string>): { mentions: MentionedName[]; edition: Set<string> } {
  const ws = ctx.facts;
  const mentions: MentionedName[] = [];
  const claimed = new Set<string>();
  // `GORELEASER_KEY` in "Thanks for subscribing to GoReleaser Pro!": a setting of an edition whose code is elsewhere.
  const project = /^\(?([A-Z][A-Z0-9]{2,})_/.exec(ctx.options.names)?.[1]?.toLowerCase();
  const edition = new Set<string>();
  for (const path of docFiles) {
    const t = ws.text(path);
    if (!t) continue;
    const doc = MARKDOWN_EXTENSION.test(path) ? ws.doc(path) : undefined;
    const hidden = doc?.comments ?? [];
    const expressions = t.text.includes('${{') ? ciExpressionSpans(t.text) : [];
    const editionSpans = project && doc ? editionRanges(doc, t.text, t.lines, project) : [];
    const scripts = doc ? scriptVariables(doc, t.lines) : [];
    // A program source read as documentation (help text) may write a backtick as a Go format verb.
    const scanned = doc ? t.text : UNDERLINE_MARKUP_DOC.test(path) ? withoutUnderlineMarkup(t.text) : withoutFormatVerbs(t.text);
    const source = !doc && PROGRAM_SOURCE.test(path);
    for (const m of scanNameMentions(scanned, names, (offset) => inSpans(hidden, offset) || inSpans(expressions, offset))) {
      // A program source is documentation for its help text, not for its identifiers.
      if (source && codeIdentifierUse(scanned, m.start, m.end)) continue;
      const family = m.family;
      if (!family && inSpans(editionSpans, m.start)) edition.add(m.text);
      mentions.push({ name: m.text, site: locate(ws, { path, start: m.start, end: m.end }), ...(family ? { family: { test: (n: string) => family.test(n), prefix: literalPrefix(m) } } : {}) });
      (!family && (inHypotheticalSentence(t.text, m.start) || isScriptVariable(scripts, m.text, m.start)) ? supposed : claimed).add(m.text);
    }
  }
  for (const name of claimed) supposed.delete(name);
  return { mentions, edition };
}

const MAKEFILES = ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk'];

/**
 * Of `names` (documented, read by no configured code), those a Makefile of the repository takes from the environment
 * (the make facts' `environment`: used, never set): junegunn/fzf's BUILD.md says `FZF_VERSION=0.24.0 FZF_REVISION=tarball make`
 * and its Makefile has `ifdef FZF_VERSION`. Makefiles are read only when some name is asked.
 */
function makefileUses(ctx: RuleContext<EnvDocsOptions>, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  const ws = ctx.facts;
  for (const path of ws.match(MAKEFILES)) {
    if (ws.isIgnored(path) || /(?:^|\/)(?:vendor|node_modules|third_party)\//.test(path)) continue;
    const environment = ws.commandFile(path, 'make')?.environment ?? [];
    for (const name of names) if (environment.includes(name)) out.add(name);
  }
  return out;
}

/**
 * A name bound to a command-line flag (clap's `env = "JUST_DRY_RUN"` on `--dry-run`) is documented where the flag
 * is: the flag's help names the variable. Returns a mention of the name at each whole `--flag` of a doc that does
 * not name the variable itself.
 */
function flagMentions(ctx: RuleContext<EnvDocsOptions>, flags: ReadonlyMap<string, ReadonlySet<string>>, mentions: readonly MentionedName[], docFiles: readonly string[]): MentionedName[] {
  const named = new Set(mentions.map((m) => m.name));
  const wanted = [...flags].filter(([name]) => !named.has(name));
  if (!wanted.length) return [];
  const out: MentionedName[] = [];
  for (const path of docFiles) {
    const t = ctx.facts.text(path);
    if (!t || !t.text.includes('-')) continue;
    for (const [name, bound] of wanted) {
      for (const flag of bound) {
        const at = wholeFlagIndex(t.text, flag);
        if (at >= 0) out.push({ name, site: locate(ctx.facts, { path, start: at, end: at + flag.length }) });
      }
    }
  }
  return out;
}

/** The offset of the first `flag` in `text` that is a whole flag (not `--dry-run-x`, not `x--dry-run`), else -1. */
function wholeFlagIndex(text: string, flag: string): number {
  for (let at = text.indexOf(flag); at >= 0; at = text.indexOf(flag, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + flag.length] ?? ' ';
    if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) return at;
  }
  return -1;
}

/**
 * Docker's secrets convention (`X_FILE` holds X's value): a mention of one of the pair documents the other
 * when the code reads it, and is no phantom then. Returns the mentions with the partners they document.
 */
function withSecretFiles(defined: readonly DefinedName[], mentions: MentionedName[], known: Set<string>): MentionedName[] {
  const read = new Set(defined.map((d) => d.name));
  const partners: MentionedName[] = [];
  for (const m of mentions) {
    if (m.family) continue;
    let partner = '';
    if (!coveredBySecretFile(m.name, (n) => read.has((partner = n)))) continue;
    partners.push({ name: partner, site: m.site });
    if (!read.has(m.name)) known.add(m.name);
  }
  return partners.length ? [...mentions, ...partners] : mentions;
}

async function check(ctx: RuleContext<EnvDocsOptions>): Promise<void> {
  const ws = ctx.facts;
  const { options } = ctx;
  const names = wholeNameRegex(options.names);
  const { defined, literals, flags, helpShown } = await definedNames(ctx, wholeNameTest(options.names), names);
  const helpDocuments = options['flag-help'] ? helpShown : new Set<string>();
  const docFiles = (options.docs ? matchInputs(ctx, options.docs, { at: ['rules', 'env-docs', 'docs'], what: 'env-docs docs', missing: options.missing }) : ws.docs()).filter(
    (path) => !MEDIA_EXTENSION.test(path),
  );
  // Located up front, as before the shared allowlist: the configuration file counts among the files read whether or not an entry is stale.
  const entrySites = options.allow.map((entry, i) => allowEntryLocation(ctx, entry, i));
  const allow = catalogAllowlist(ctx, options.allow, { at: ['rules', 'env-docs', 'allow'], label: 'env-docs', locate: (_entry, i) => entrySites[i] });
  const supposed = new Set<string>();
  const { mentions, edition } = mentionedNames(ctx, names, docFiles, supposed);
  const read = new Set(defined.map((d) => d.name));
  const editionOnly = [...edition].filter((n) => !read.has(n) && !literals.has(n)).sort();
  for (const n of editionOnly) literals.add(n);
  if (editionOnly.length) {
    ctx.notice({
      level: 'note',
      message: `env-docs: ${editionOnly.map((n) => `\`${n}\``).join(', ')}, named in docs about another edition of the project (Pro, Enterprise), ${editionOnly.length === 1 ? 'is' : 'are'} not checked: that edition's code is not in this repository`,
    });
  }
  const undocumentedOnPurpose = declaredUndocumented(ws, defined);
  if (undocumentedOnPurpose.size) {
    const shown = [...undocumentedOnPurpose.keys()].sort().map((n) => `\`${n}\` (${undocumentedOnPurpose.get(n)})`);
    ctx.notice({
      level: 'note',
      message: `env-docs: ${shown.join(', ')}: a comment beside the code says ${undocumentedOnPurpose.size === 1 ? 'it is' : 'they are'} undocumented on purpose, so not reported`,
    });
  }
  const unread = [...new Set(mentions.filter((m) => !m.family).map((m) => m.name))].filter((n) => !read.has(n) && !literals.has(n) && !supposed.has(n));
  if (unread.length) for (const n of makefileUses(ctx, unread)) literals.add(n);
  const { reports, notices } = joinCatalog(defined, withSecretFiles(defined, [...mentions, ...flagMentions(ctx, flags, mentions, docFiles)], literals), {
    direction: options.direction,
    families: options.families,
    reportExported: options['report-exported'],
    // A name the program's `--help` shows is documented there: neither undocumented nor allowed by an entry.
    allowed: (name) => helpDocuments.has(name) || undocumentedOnPurpose.has(name) || allow.allows(name),
    known: supposed.size ? new Set([...literals, ...supposed]) : literals,
    suggest: suggestEnvName,
    // A phantom in an unchanged doc is caused by a change to the code that stopped reading the name.
    definedIn: { globs: options.code.flatMap((source) => globList(source.files)) },
    ...(options.docs ? { mentionedIn: { globs: globList(options.docs) } } : {}),
  });
  for (const r of reports) ctx.report(r);
  for (const n of notices) ctx.notice(n);
  allow.reportStale();
}

export default defineRule<EnvDocsOptions>({
  id: 'env-docs',
  description: 'Environment-variable docs drift, both ways: variables the code reads that no doc mentions, and variables the docs mention that no code reads.',
  defaultLevel: 'off',
  requiredOptions: ['names', 'code'],
  // Shell blocks: a variable a doc's script sets and expands itself is no claim (script-variables.ts).
  facts: ['codeBlocks'],
  optionsSchema: {
    names: { type: 'string', regex: true, description: 'what an environment variable name looks like, e.g. APP_[A-Z0-9_]+ (matched as a whole word)' },
    code: {
      type: 'array',
      minItems: 1,
      description: 'where names are read; a name that occurs only in a comment is not read',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          files: GLOBS_SCHEMA,
          pattern: { type: 'string', regex: true, description: 'a regex whose group `name` is the name read (default: every occurrence of `names`)' },
          reader: {
            enum: [...ENV_READERS],
            description: 'a reader that understands the language idioms (syntax trees for go, node, python, rust, java, kotlin, ruby; patterns for shell, compose, dotenv, helm)',
          },
          missing: MISSING_SCHEMA,
          tests: {
            type: 'boolean',
            default: false,
            description: 'test code: a name it spells outside comments makes a documented name real, but a name only tests read need not be documented',
          },
        },
      },
    },
    docs: {
      ...GLOBS_SCHEMA,
      description: 'where names are documented: any text files (default: the Markdown docs)',
    },
    allow: catalogAllowSchema('a regex matched against whole names'),
    direction: { enum: ['both', 'undocumented', 'phantom'], default: 'both', description: 'which drift to report' },
    missing: { ...MISSING_SCHEMA, description: `for docs: ${String(MISSING_SCHEMA.description)}` },
    families: {
      enum: ['prefix', 'explicit', 'off'],
      default: 'explicit',
      description: 'what `APP_X_*` or `APP_X_<NAME>` in the docs documents: every APP_X_ name (prefix), only names the code builds from APP_X_ at run time (explicit), or nothing (off)',
    },
    'report-exported': { type: 'boolean', default: false, description: 'also report variables the program sets for itself or child processes (os.Setenv, cmd.Env) that no doc mentions' },
    'flag-help': {
      type: 'boolean',
      default: false,
      description:
        "a variable bound to a command-line flag whose generated --help shows it (clap `env`, urfave/cli `EnvVars`, kong and go-arg `env` tags, an option's help text that spells it; a hidden flag hides it on purpose) is documented by the program's help",
    },
  },
  messages: {
    undocumented: '`{name}` is read by the code but no doc mentions it; document it, or allow it with a reason',
    undocumentedRenamed: '`{name}` is read by the code but no doc mentions it; the docs mention `{phantom}`, which no code reads: was it renamed?',
    undocumentedPrefix: 'names starting with `{name}` are read by the code but no doc mentions one; document the family, e.g. `{name}<NAME>`',
    undocumentedExported: '`{name}` is set by the program for itself or a child process but no doc mentions it; document it, or allow it with a reason',
    phantom: '`{name}` is mentioned in the docs but no code reads it; remove it or correct the name',
    phantomDidYouMean: '`{name}` is mentioned in the docs but no code reads it; did you mean `{suggestion}`?',
    phantomFamily: '`{name}` stands for no name the code reads; remove it or correct it',
    allowExpired: CATALOG_ALLOW_EXPIRED,
    allowUnused: 'allowlist entry `{name}` suppresses nothing: no name it matches is undocumented or phantom; remove it',
  },
  check,
});
