import { GLOBS_SCHEMA } from '../src/config/schema.js';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { findCountClaims, formatNumberLike } from '../src/facts/numbers.js';
import { findSection, nonProseSpans, sectionEntries, splitDocRef } from '../src/facts/sections.js';
import { asGlobList, codeMatches } from '../src/workspace/matches.js';
import { closest } from '../src/workspace/resolve.js';
import { configLocation } from '../src/workspace/config-location.js';
import { configRange, matchInputs, MISSING_SCHEMA, reportUnreadableInput, type ConfigPath } from '../src/engine/inputs.js';
import type { Workspace } from '../src/workspace/workspace.js';

export type CountSource = { glob: string | string[] } | { files: string | string[]; pattern: string } | { table: string };

export interface CountClaimConfig {
  id: string;
  description?: string;
  /** A regular expression with a named group `count`. */
  phrase: string;
  /** The docs searched; default every doc. */
  docs?: string | string[];
  equals: CountSource;
  missing?: 'report' | 'ignore';
}

export interface CountsOptions {
  claims: CountClaimConfig[];
}

/** The real number and how it was counted, or a configuration problem. */
type Counted = { value: number; how: string; counts: string[] } | { problem: string; needle: string } | { missing: true };

function count(ctx: RuleContext<CountsOptions>, source: CountSource, at: ConfigPath, claim: CountClaimConfig): Counted {
  const ws: Workspace = ctx.workspace;
  const input = { subRule: claim.id, missing: claim.missing };
  const kinds = ['glob', 'pattern', 'table'].filter((k) => k in source);
  if (kinds.length > 1) return { problem: `equals takes one of { glob }, { files, pattern } or { table }, not ${kinds.join(' and ')} together`, needle: 'equals' };
  if ('glob' in source) {
    const globs = asGlobList(source.glob);
    // A glob ending in `/` counts folders only; otherwise files and folders both.
    const foldersOnly = globs.filter((g) => !g.startsWith('!')).every((g) => g.endsWith('/'));
    const dirs = ws.matchDirs(globs);
    const files = foldersOnly ? [] : ws.match(globs);
    const what = foldersOnly ? 'folders' : dirs.length ? 'files and folders' : 'files';
    return { value: dirs.length + files.length, how: `${what} matching ${globs.join(', ')}`, counts: globs };
  }
  if ('pattern' in source) {
    const files = matchInputs(ctx, asGlobList(source.files), { ...input, at: [...at, 'files'], what: `files counted by claim ${claim.id}` });
    return { value: codeMatches(ws, files, source.pattern).length, how: `matches of /${source.pattern}/ outside comments in ${asGlobList(source.files).join(', ')}`, counts: asGlobList(source.files) };
  }
  const { path, slug } = splitDocRef(source.table);
  const doc = ws.isFile(path) ? ws.doc(path) : undefined;
  if (!doc) {
    reportUnreadableInput(ctx, { ...input, at: [...at, 'table'], what: `table of claim ${claim.id}` }, path, ws.isFile(path) ? 'cannot be read' : 'does not exist');
    return { missing: true };
  }
  const section = findSection(doc, slug);
  if (!section) {
    const near = closest(slug, doc.headings.map((h) => h.slug));
    return { problem: `\`${path}\` has no heading \`#${slug}\`${near ? `; did you mean \`#${near}\`?` : ''}`, needle: source.table };
  }
  const { entries, tables } = sectionEntries(doc, section);
  return { value: entries.length, how: tables.length ? `rows of the table${tables.length > 1 ? 's' : ''} in ${source.table}` : `entries of the list in ${source.table}`, counts: [path] };
}

function checkClaim(ctx: RuleContext<CountsOptions>, claim: CountClaimConfig, index: number): void {
  const ws = ctx.workspace;
  const at: ConfigPath = ['rules', 'counts', 'claims', index];
  const counted = count(ctx, claim.equals, [...at, 'equals'], claim);
  if ('missing' in counted) return;
  if ('problem' in counted) {
    const where = configLocation(ws, counted.needle, claim.id) ?? configRange(ctx, [...at, 'equals']);
    if (where) ctx.report({ ...where, messageId: 'badSource', data: { id: claim.id, problem: counted.problem }, subRule: claim.id });
    else ws.notices.push({ level: ctx.level, message: `counts/${claim.id}: ${counted.problem}` });
    return;
  }
  const docs =
    claim.docs === undefined
      ? ws.docs()
      : matchInputs(ctx, asGlobList(claim.docs), { at: [...at, 'docs'], what: `docs of claim ${claim.id}`, subRule: claim.id, missing: claim.missing });
  for (const path of docs) {
    const t = ws.text(path);
    // Parse only the docs the phrase occurs in: most docs make no claim, and parsing is the cost.
    if (!t || findCountClaims(t.text, claim.phrase, []).length === 0) continue;
    const doc = ws.doc(path);
    if (!doc) continue;
    for (const found of findCountClaims(t.text, claim.phrase, nonProseSpans(doc, (p) => t.lines.offsetAt(p)))) {
      if (found.value === counted.value) continue;
      const replacement = formatNumberLike(counted.value, found.written);
      ctx.report({
        path,
        range: t.lines.rangeOf(found.start, found.end),
        messageId: 'wrongCount',
        data: { id: claim.id, phrase: found.phrase, claimed: found.written, actual: counted.value, how: counted.how },
        subRule: claim.id,
        fingerprintKey: found.phrase,
        // A new folder or match elsewhere makes an unchanged doc's number wrong: --changed must show it.
        dependsOnGlobs: counted.counts,
        fix: { description: `replace ${found.written} with ${replacement}`, edits: [{ path, start: found.start, end: found.end, text: replacement }] },
      });
    }
  }
}

const globs = GLOBS_SCHEMA;

export default defineRule<CountsOptions>({
  id: 'counts',
  description: 'Numeric claims in prose ("13 issuer connectors") checked against a count computed from the tree: folders, files, pattern matches or table rows.',
  defaultLevel: 'off',
  facts: ['codeBlocks', 'listItems', 'tables'],
  optionsSchema: {
    claims: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'phrase', 'equals'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lower-case id; the SARIF rule is counts/<id>' },
          description: { type: 'string', description: 'shown in SARIF for counts/<id>' },
          phrase: { type: 'string', regex: true, pattern: '\\(\\?<count>', description: 'a regular expression for the claim, with a named group (?<count>…) around the number (digits or words)' },
          docs: { ...globs, description: 'the docs searched (default: every doc)' },
          missing: MISSING_SCHEMA,
          equals: {
            description: 'what the number must equal: { glob }, { files, pattern } or { table: doc.md#slug }',
            type: 'object',
            additionalProperties: false,
            properties: {
              glob: { ...globs, description: 'files or folders (a glob ending in / counts folders); `!` negates' },
              files: { ...globs, description: 'the files searched for pattern' },
              pattern: { type: 'string', regex: true, description: 'counted outside comments' },
              table: { type: 'string', pattern: '^[^#]+#.+$', description: 'path.md#heading-slug: the rows of its tables' },
            },
            minProperties: 1,
            dependencies: { files: ['pattern'], pattern: ['files'] },
          },
        },
      },
    },
  },
  messages: {
    wrongCount: '"{phrase}" claims {claimed}, but there are {actual} ({how})',
    badSource: 'Count claim {id}: {problem}',
  },
  subRules(options) {
    return options.claims.map((c) => ({ id: c.id, description: c.description ?? `count claims /${c.phrase}/` }));
  },
  check(ctx) {
    ctx.options.claims.forEach((claim, i) => checkClaim(ctx, claim, i));
  },
});
