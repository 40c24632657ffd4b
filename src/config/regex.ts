import safeRegex from 'safe-regex2';

/**
 * Checks a regular expression written in the configuration. Returns a problem
 * description, or null when the pattern compiles and cannot backtrack
 * catastrophically.
 *
 * Protection against catastrophic backtracking is a load-time check with
 * safe-regex2 (fastify's star-height check): a quantifier inside a quantified
 * group (`(a+)+$`, `(\w+\s?)*`) is rejected before any file is read, so a
 * hostile document in a pull request cannot hang the run. RE2 was not chosen:
 * the `re2` package compiles C++ on install (minutes on CI, fails without a
 * toolchain) and drops lookaround and backreferences that guards use.
 */
export function checkUserRegex(source: string): string | null {
  try {
    new RegExp(source);
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
  // The repetition limit is checked separately below so the message can say which problem it is.
  if (!safeRegex(source, { limit: Number.POSITIVE_INFINITY })) {
    if (/\(\?<[=!]/.test(source)) {
      return 'the backtracking check cannot read lookbehind (`(?<=` or `(?<!`); write the pattern without lookbehind';
    }
    return 'a quantifier inside a quantified group (as in `(a+)+` or `(\\w+\\s?)*`) can backtrack catastrophically on hostile input; remove the nesting (`(a+)+$` → `a+$`) or make the inner part fixed-length';
  }
  if (!safeRegex(source, { limit: MAX_REPETITIONS })) {
    return `more than ${MAX_REPETITIONS} quantifiers make backtracking hard to bound; split the pattern into several guards`;
  }
  return null;
}

/** safe-regex2's default repetition limit. */
const MAX_REPETITIONS = 25;

/** Compiles a configuration pattern (already checked at load time). */
export function compileUserRegex(source: string, flags = ''): RegExp {
  return new RegExp(source, flags);
}
