import { GLOBS_SCHEMA } from '../src/config/schema.js';
import { compileUserRegex, type UserRegex } from '../src/config/regex.js';
import { cutText, defineRule } from '../src/engine/rule.js';
import { matchInputs, MISSING_SCHEMA } from '../src/engine/inputs.js';
import { inSpans } from '../src/facts/source.js';
import type { CommentSpan } from '../src/facts/types.js';

export interface PatternGuard {
  id: string;
  description?: string;
  files: string[];
  pattern: string;
  /** forbid: every match is a finding; require: a file without a match is a finding. */
  mode: 'forbid' | 'require';
  /** Where a match counts: code (outside comments), comments, or anywhere. */
  in: 'any' | 'code' | 'comments';
  message?: string;
  flags?: string;
  missing?: 'report' | 'ignore';
}

export interface PatternOptions {
  guards: PatternGuard[];
}

/** Line-oriented matches are what grep guards check; `m` makes ^ and $ work per line. */
function compile(guard: PatternGuard): UserRegex {
  const flags = new Set((guard.flags ?? '').split(''));
  flags.add('g');
  flags.add('m');
  return compileUserRegex(guard.pattern, [...flags].join(''));
}

export default defineRule<PatternOptions>({
  id: 'pattern',
  description: 'Generic guards: a pattern that must not (or must) appear in some files, with a message; the shape of most ci-guards scripts.',
  defaultLevel: 'off',
  optionsSchema: {
    guards: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'files', 'pattern'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'lower-case id; the SARIF rule is pattern/<id>' },
          description: { type: 'string' },
          files: GLOBS_SCHEMA,
          pattern: { type: 'string', regex: true, description: 'a JavaScript regular expression' },
          flags: { type: 'string', pattern: '^[imsu]*$', description: 'regular expression flags among i, m, s, u' },
          mode: { enum: ['forbid', 'require'], default: 'forbid' },
          in: { enum: ['any', 'code', 'comments'], default: 'any' },
          message: { type: 'string', description: 'what is wrong and what to do instead' },
          missing: MISSING_SCHEMA,
        },
      },
    },
  },
  messages: {
    forbidden: '{message}',
    forbiddenDefault: '`{match}` matches forbidden pattern /{pattern}/ of guard {id}',
    required: '{message}',
    requiredDefault: 'no match for required pattern /{pattern}/ of guard {id}',
  },
  subRules(options) {
    return options.guards.map((g) => ({ id: g.id, description: g.description ?? g.message ?? `pattern /${g.pattern}/ (${g.mode})` }));
  },
  check(ctx) {
    const ws = ctx.workspace;
    ctx.options.guards.forEach((guard, i) => {
      const files = matchInputs(ctx, guard.files, { at: ['rules', 'pattern', 'guards', i, 'files'], what: `files of guard ${guard.id}`, subRule: guard.id, missing: guard.missing });
      for (const path of files) {
        const t = ws.text(path);
        if (!t) continue;
        let comments: readonly CommentSpan[] = [];
        if (guard.in !== 'any') comments = (ws.isDoc(path) ? ws.doc(path)?.comments : ws.source(path)?.comments) ?? [];
        const re = compile(guard);
        let found = false;
        for (const m of re.matchAll(t.text)) {
          if (m[0].length === 0) continue;
          const start = m.index ?? 0;
          const inComment = inSpans(comments, start);
          if ((guard.in === 'code' && inComment) || (guard.in === 'comments' && !inComment)) continue;
          found = true;
          if (guard.mode === 'forbid') {
            ctx.report({
              path,
              range: t.lines.rangeOf(start, start + m[0].length),
              subRule: guard.id,
              messageId: guard.message ? 'forbidden' : 'forbiddenDefault',
              data: { message: guard.message ?? '', match: cutText(m[0], 80), pattern: guard.pattern, id: guard.id },
              fingerprintKey: m[0],
            });
          } else break;
        }
        if (guard.mode === 'require' && !found) {
          ctx.report({
            path,
            range: t.lines.rangeOf(0, 0),
            subRule: guard.id,
            messageId: guard.message ? 'required' : 'requiredDefault',
            data: { message: guard.message ?? '', pattern: guard.pattern, id: guard.id },
          });
        }
      }
    });
  },
});
