import * as retModule from 'ret';
import type { Root, Token } from 'ret';

// ret is CommonJS whose module.exports is the tokenizer function; its typings describe an ES module default export.
const parseRegex = (retModule as unknown as { default: (source: string) => Root }).default;
const types = retModule.types;

/**
 * Checks a regular expression written in the configuration. Returns a problem
 * description, or null when the pattern compiles and cannot backtrack
 * catastrophically.
 *
 * Protection against catastrophic backtracking is a load-time star-height check
 * (the check of safe-regex / safe-regex2, on `ret`'s parse of the pattern): an
 * unbounded quantifier inside an unbounded quantified group (`(a+)+$`,
 * `(\w+\s?)*`) is rejected before any file is read, so a hostile document in a
 * pull request cannot hang the run. Unlike safe-regex2, an optional group
 * (`(?:> )?`) or a small bounded one (`{0,3}`) does not count: it cannot multiply
 * the ways to match. RE2 was not chosen: the `re2` package compiles C++ on
 * install (minutes on CI, fails without a toolchain) and drops lookaround and
 * backreferences that guards use.
 */
export function checkUserRegex(source: string): string | null {
  try {
    new RegExp(source);
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
  let tree: Root;
  try {
    tree = parseRegex(source);
  } catch {
    if (/\(\?<[=!]/.test(source)) {
      return 'the backtracking check cannot read lookbehind (`(?<=` or `(?<!`); write the pattern without lookbehind';
    }
    return 'the backtracking check cannot read this pattern; simplify it';
  }
  const reps = { count: 0 };
  if (!walk(tree, 0, reps)) {
    return 'a quantifier inside a quantified group (as in `(a+)+` or `(\\w+\\s?)*`) can backtrack catastrophically on hostile input; remove the nesting (`(a+)+$` → `a+$`) or make the inner part fixed-length';
  }
  if (reps.count > MAX_REPETITIONS) {
    return `more than ${MAX_REPETITIONS} quantifiers make backtracking hard to bound; split the pattern into several guards`;
  }
  return null;
}

/** safe-regex2's default repetition limit. */
const MAX_REPETITIONS = 25;
/** A repetition that can match more than this many times multiplies backtracking paths. */
const SMALL_REPETITION = 10;

type Node = Token | Root | { stack: Token[] };

/** Star height: false when a repeating quantifier sits inside another repeating quantifier. */
function walk(node: Node, height: number, reps: { count: number }): boolean {
  if ('type' in node && node.type === types.REPETITION) {
    reps.count++;
    if (node.max > SMALL_REPETITION) {
      height++;
      if (height > 1) return false;
    }
    return walk(node.value, height, reps);
  }
  const options = 'options' in node ? node.options : undefined;
  if (options) for (const stack of options) if (!walk({ stack }, height, reps)) return false;
  const stack = 'stack' in node ? node.stack : undefined;
  if (stack) for (const child of stack) if (!walk(child, height, reps)) return false;
  return true;
}

/** Compiles a configuration pattern (already checked at load time). */
export function compileUserRegex(source: string, flags = ''): RegExp {
  return new RegExp(source, flags);
}
