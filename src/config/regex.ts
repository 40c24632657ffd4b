import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { RE2JS } from 're2js';

/**
 * Every pattern a user writes (rule options in docwarden.yml) runs here, in a
 * linear-time engine: re2js, the pure-JavaScript port of RE2, whose matching
 * time is linear in the text for every pattern, so a hostile document in a
 * pull request cannot hang the run whatever the pattern (`(a+)+$`, `(a|a)*b`,
 * `(.*a){10}x` …). re2js also runs lookbehind in linear time (captureless, the
 * EPFL algorithm). The JavaScript syntax users write is parsed with regexpp
 * and translated node by node, so that JavaScript's meaning is kept where RE2's
 * differs (`.` and `$` stop at `\r`, `\s` is Unicode white space, `\d`/`\w` are
 * ASCII). What RE2 cannot run in linear time is rejected with its position and
 * construct: backreferences, and lookahead anywhere but at the end of a pattern
 * (a trailing `(?=…)`, or `(?!…)` over one character, is matched as a capture
 * whose start ends the match). Chosen over V8's `--enable-experimental-regexp-engine`
 * (a process-wide flag, no `i`, `u`, `d` or lookbehind on Node 20) and over a
 * backtracking check (safe-regex style checks reject linear patterns such as
 * `[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+` and still pass `(a|a)*b`); the native `re2`
 * package compiles C++ on install.
 *
 * A pattern whose work at one position has a small bound that does not depend
 * on the text (no unbounded repetition; few ways through its alternatives and
 * counted repetitions: nativeWork) cannot backtrack more than that bound at any
 * position, so V8's own engine runs it in time linear in the text, far faster
 * than re2js; it is still translated and checked here first, so what is refused
 * is refused alike. certctl's example configuration has 210 such literal names
 * and `^export const name\b` lines among its 313 patterns.
 */

/** A pattern cannot be used: why, and where in the pattern (0-based offset into the source). */
export interface RegexProblem {
  message: string;
  /** Absent when the problem is the whole pattern's (a syntax error as V8 reports it). */
  offset?: number;
}

/** A match in the shape of JavaScript's, with `indices` when the `d` flag was asked for. */
export type UserMatch = RegExpMatchArray & { index: number };

/** `s` as a regular expression that matches it literally. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Per text searched: after this long, matching stops and the caller is told (a last guard; matching is linear). */
export const PATTERN_TIME_BUDGET_MS = 5000;

const TRAILING_GROUP = '__dw_end';

type Matcher = ReturnType<RE2JS['matcher']>;

interface Translation {
  re2: string;
  /** RE2 group number of each JavaScript capturing group, in order (index 0 is the whole match). */
  groupNumbers: number[];
  groupNames: (string | null)[];
  /** RE2 group numbers whose start, when they matched, is where the JavaScript match ends (trailing lookahead). */
  endGroups: number[];
  lookbehind: boolean;
}

class Untranslatable extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** JavaScript's `\s`: WhiteSpace and LineTerminator code points. */
const SPACE_RANGES: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const DIGIT_RANGES: [number, number][] = [[0x30, 0x39]];
const WORD_RANGES: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const LINE_TERMINATORS: [number, number][] = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const MAX_CODE_POINT = 0x10ffff;

function complement(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function codePoint(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f) return String.fromCharCode(cp);
  return `\\x{${cp.toString(16)}}`;
}

function rangeText(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? codePoint(lo) : `${codePoint(lo)}-${codePoint(hi)}`)).join('');
}

function classOf(ranges: [number, number][], negate: boolean): string {
  if (ranges.length === 0) return negate ? '(?s:.)' : '[^\\x{0}-\\x{10ffff}]';
  return `[${negate ? '^' : ''}${rangeText(ranges)}]`;
}

function escapeRanges(kind: 'digit' | 'space' | 'word'): [number, number][] {
  return kind === 'digit' ? DIGIT_RANGES : kind === 'space' ? SPACE_RANGES : WORD_RANGES;
}

function propertyEscape(set: AST.UnicodePropertyCharacterSet, negate: boolean): string {
  if (set.strings) throw new Untranslatable(`the property of strings \`${set.raw}\` is not supported by the linear-time engine`, set.start);
  const key = set.value === null ? set.key : set.key === 'General_Category' || set.key === 'gc' || set.key === 'Script' || set.key === 'sc' ? set.value : null;
  if (key === null) throw new Untranslatable(`the Unicode property \`${set.raw}\` is not supported by the linear-time engine; use a General_Category or Script property`, set.start);
  return `\\${negate ? 'P' : 'p'}{${key}}`;
}

class Translator {
  private groups = 0;
  readonly groupNumbers: number[] = [0];
  readonly groupNames: (string | null)[] = [null];
  readonly endGroups: number[] = [];
  lookbehind = false;
  /** The outermost counted repetition with a counted repetition inside: what makes a program large. */
  nestedCount: AST.Quantifier | null = null;
  private counted = 0;
  private inLookbehind = 0;

  constructor(private readonly flags: { multiline: boolean; dotAll: boolean }) {}

  pattern(p: AST.Pattern): string {
    return this.alternatives(p.alternatives, true);
  }

  /** A lookbehind's body on its own, for the check of a leading lookbehind. */
  lookbehindBody(alts: AST.Alternative[]): string {
    this.inLookbehind++;
    try {
      return this.alternatives(alts, false);
    } finally {
      this.inLookbehind--;
    }
  }

  private alternatives(alts: AST.Alternative[], trailing: boolean): string {
    return alts.map((a) => this.alternative(a, trailing)).join('|');
  }

  private alternative(alt: AST.Alternative, trailing: boolean): string {
    let out = '';
    const els = alt.elements;
    for (let i = 0; i < els.length; i++) {
      const el = els[i];
      const last = trailing && i === els.length - 1;
      // Two UTF-16 halves written one after the other are one code point to RE2.
      const next = els[i + 1];
      if (el.type === 'Character' && next?.type === 'Character' && el.value >= 0xd800 && el.value <= 0xdbff && next.value >= 0xdc00 && next.value <= 0xdfff) {
        out += codePoint((el.value - 0xd800) * 0x400 + (next.value - 0xdc00) + 0x10000);
        i++;
        continue;
      }
      out += this.element(el, last);
    }
    return out;
  }

  private element(el: AST.Element, trailing: boolean): string {
    switch (el.type) {
      case 'Character':
        return codePoint(el.value);
      case 'CharacterSet':
        return this.characterSet(el);
      case 'CharacterClass':
        return this.characterClass(el);
      case 'ExpressionCharacterClass':
        throw new Untranslatable(`the set operation \`${el.raw}\` is not supported by the linear-time engine`, el.start);
      case 'Group':
        if (el.modifiers) throw new Untranslatable(`the modifier group \`(?${el.modifiers.raw}:\` is not supported; set the flag for the whole pattern`, el.start);
        return `(?:${this.alternatives(el.alternatives, trailing)})`;
      case 'CapturingGroup': {
        if (this.inLookbehind) throw new Untranslatable('a capturing group inside lookbehind cannot be run in linear time; write `(?:…)` instead', el.start);
        const n = ++this.groups;
        this.groupNumbers.push(n);
        this.groupNames.push(el.name);
        return `(${el.name ? `?P<${el.name}>` : ''}${this.alternatives(el.alternatives, trailing)})`;
      }
      case 'Quantifier': {
        if (el.max !== Infinity && el.max > 1000) throw new Untranslatable(`the repetition \`${el.raw.slice(el.element.raw.length)}\` counts above 1000; use \`+\` or \`*\``, el.element.end);
        const countedBefore = this.counted;
        const body = this.element(el.element, false);
        if (el.max !== Infinity && el.max > 1) {
          if (this.counted > countedBefore) this.nestedCount = el;
          this.counted++;
        }
        const q =
          el.min === 0 && el.max === Infinity
            ? '*'
            : el.min === 1 && el.max === Infinity
              ? '+'
              : el.min === 0 && el.max === 1
                ? '?'
                : el.max === Infinity
                  ? `{${el.min},}`
                  : el.min === el.max
                    ? `{${el.min}}`
                    : `{${el.min},${el.max}}`;
        return `(?:${body})${q}${el.greedy ? '' : '?'}`;
      }
      case 'Assertion':
        return this.assertion(el, trailing);
      case 'Backreference':
        throw new Untranslatable(`the backreference \`${el.raw}\` cannot be matched in linear time; match the text again in the pattern instead`, el.start);
    }
  }

  private characterSet(set: AST.CharacterSet): string {
    if (set.kind === 'any') return this.flags.dotAll ? '(?s:.)' : classOf(LINE_TERMINATORS, true);
    if (set.kind === 'property') return propertyEscape(set, set.negate);
    return classOf(escapeRanges(set.kind), set.negate);
  }

  private characterClass(cls: AST.CharacterClass): string {
    if (cls.unicodeSets) throw new Untranslatable(`the \`v\`-flag class \`${cls.raw}\` is not supported by the linear-time engine`, cls.start);
    const ranges: [number, number][] = [];
    const properties: string[] = [];
    for (const e of cls.elements) {
      if (e.type === 'Character') ranges.push([e.value, e.value]);
      else if (e.type === 'CharacterClassRange') ranges.push([e.min.value, e.max.value]);
      else if (e.type === 'CharacterSet') {
        if (e.kind === 'property') properties.push(propertyEscape(e, e.negate));
        else ranges.push(...(e.negate ? complement(escapeRanges(e.kind)) : escapeRanges(e.kind)));
      } else throw new Untranslatable(`\`${(e as AST.Node).raw}\` in a class is not supported by the linear-time engine`, (e as AST.Node).start);
    }
    if (properties.length === 0) return classOf(ranges, cls.negate);
    return `[${cls.negate ? '^' : ''}${rangeText(ranges)}${properties.join('')}]`;
  }

  private assertion(a: AST.Assertion, trailing: boolean): string {
    switch (a.kind) {
      case 'start':
        return this.flags.multiline ? '(?m:^)' : '\\A';
      case 'end':
        if (!this.flags.multiline) return '\\z';
        // JavaScript's multiline `$` also holds before `\r`, `\u2028`, `\u2029`; at the end of a pattern that is exact.
        return trailing && !this.inLookbehind ? this.endGroup(`${classOf(LINE_TERMINATORS, false)}|\\z`) : '(?m:$)';
      case 'word':
        return a.negate ? '\\B' : '\\b';
      case 'lookbehind': {
        this.lookbehind = true;
        this.inLookbehind++;
        try {
          return `(?<${a.negate ? '!' : '='}${this.alternatives(a.alternatives, false)})`;
        } finally {
          this.inLookbehind--;
        }
      }
      case 'lookahead': {
        const where = 'lookahead is matched in linear time only at the end of the pattern: a trailing `(?=…)`, or `(?!…)` over a fixed sequence of characters';
        if (!trailing || this.inLookbehind) throw new Untranslatable(`the lookahead \`${a.raw}\` is not at the end of the pattern; ${where}`, a.start);
        if (!a.negate) {
          const saved = this.groups;
          const body = this.alternatives(a.alternatives, false);
          if (this.groups !== saved) throw new Untranslatable(`a capturing group inside lookahead \`${a.raw}\` is not supported; write \`(?:…)\` instead`, a.start);
          return this.endGroup(body);
        }
        const sequence = a.alternatives.length === 1 ? a.alternatives[0].elements : null;
        const negated = sequence && sequence.length > 0 ? this.notFollowedBy(sequence) : null;
        if (negated === null) throw new Untranslatable(`the negative lookahead \`${a.raw}\` is not a sequence of single characters; ${where}`, a.start);
        return this.endGroup(negated);
      }
    }
  }

  /**
   * What may follow when a fixed sequence of one-character elements may not:
   * the end, a first character outside the first element, or the first
   * element and then what may follow the rest (`(?!ab)` is `\z|[^a]|a(?:\z|[^b])`).
   */
  private notFollowedBy(sequence: AST.Element[]): string | null {
    const [first, ...rest] = sequence;
    const outside = this.negatedSingle(first);
    if (outside === null) return null;
    if (rest.length === 0) return `\\z|${outside}`;
    const tail = this.notFollowedBy(rest);
    if (tail === null) return null;
    return `\\z|${outside}|${this.element(first, false)}(?:${tail})`;
  }

  /** The class of every character that is not the one-character element, or null when it is not one character. */
  private negatedSingle(el: AST.Element): string | null {
    if (el.type === 'Character') return classOf([[el.value, el.value]], true);
    if (el.type === 'CharacterClass') {
      if (el.unicodeSets || el.elements.some((e) => e.type === 'CharacterSet' && e.kind === 'property')) return null;
      return this.characterClass({ ...el, negate: !el.negate } as AST.CharacterClass);
    }
    if (el.type === 'CharacterSet') {
      if (el.kind === 'any') return this.flags.dotAll ? '[^\\x{0}-\\x{10ffff}]' : classOf(LINE_TERMINATORS, false);
      if (el.kind === 'property') return propertyEscape(el, !el.negate);
      return classOf(escapeRanges(el.kind), !el.negate);
    }
    return null;
  }

  /** A group whose start is where the match ends: a trailing lookahead consumed by RE2, given back after the match. */
  private endGroup(body: string): string {
    const n = ++this.groups;
    this.endGroups.push(n);
    return `(?P<${TRAILING_GROUP}${n}>${body})`;
  }
}

/** Matching costs this many steps per character at most; past it a pattern is refused (`((a{0,10}){0,10}){0,10}` is 2,337). */
export const MAX_PROGRAM_SIZE = 1500;

/** A leading lookbehind checked on the text before each candidate match: `check` matches the whole of 1..max units. */
interface LeadingLookbehind {
  negate: boolean;
  /** The RE2 source of the check; compiled on first use (re2Program). */
  check: string;
  min: number;
  max: number;
}

/** The shortest and longest text (UTF-16 units) a node matches, or null when unbounded or not plain characters. */
function lengthRange(node: AST.Node, unicode: boolean): [number, number] | null {
  switch (node.type) {
    case 'Character':
      return node.value > 0xffff ? [2, 2] : [1, 1];
    case 'CharacterSet':
    case 'CharacterClass':
      return unicode ? [1, 2] : [1, 1];
    case 'Group':
    case 'CapturingGroup': {
      let lo = Infinity;
      let hi = 0;
      for (const a of node.alternatives) {
        const r = lengthRange(a, unicode);
        if (!r) return null;
        lo = Math.min(lo, r[0]);
        hi = Math.max(hi, r[1]);
      }
      return [lo, hi];
    }
    case 'Alternative': {
      let lo = 0;
      let hi = 0;
      for (const e of node.elements) {
        const r = lengthRange(e, unicode);
        if (!r) return null;
        lo += r[0];
        hi += r[1];
      }
      return [lo, hi];
    }
    case 'Quantifier': {
      const r = lengthRange(node.element, unicode);
      if (!r || node.max === Infinity) return null;
      return [r[0] * node.min, r[1] * node.max];
    }
    default:
      return null;
  }
}

/** Past this length a leading lookbehind runs in re2js's own (slower) lookbehind automata. */
const MAX_CHECKED_LOOKBEHIND = 32;

function translate(
  source: string,
  flags: string,
): Translation & { nestedCount: AST.Quantifier | null; rest: Translation | null; leading: LeadingLookbehind[]; literals: string[] | null; plain: boolean; native: boolean } {
  const unicode = flags.includes('u');
  const parse = () => new RegExpParser({ ecmaVersion: 2024 }).parsePattern(source, 0, source.length, { unicode, unicodeSets: flags.includes('v') });
  const pattern = parse();
  const options = { multiline: flags.includes('m'), dotAll: flags.includes('s') };
  const prefix = flags.includes('i') ? '(?i)' : '';
  const t = new Translator(options);
  const body = t.pattern(pattern);
  const full = { re2: `${prefix}${body}`, groupNumbers: t.groupNumbers, groupNames: t.groupNames, endGroups: t.endGroups, lookbehind: t.lookbehind };

  // Leading lookbehinds of bounded length (`(?<![A-Za-z0-9_])NAME`) are checked on the few units before each
  // candidate, so the rest runs on re2js's fast paths (prefilter, lazy DFA); its lookbehind automata are ~20x slower.
  const leading: LeadingLookbehind[] = [];
  let rest: Translation | null = null;
  const els = pattern.alternatives.length === 1 ? pattern.alternatives[0].elements : [];
  let k = 0;
  for (; k < els.length; k++) {
    const a = els[k];
    if (a.type !== 'Assertion' || a.kind !== 'lookbehind') break;
    const range = lengthRange({ type: 'Group', alternatives: a.alternatives } as AST.Group, unicode);
    if (!range || range[1] > MAX_CHECKED_LOOKBEHIND || range[1] === 0) break;
    const check = `${prefix}(?:${new Translator(options).lookbehindBody(a.alternatives)})`;
    leading.push({ negate: a.negate, check, min: Math.max(1, range[0]), max: range[1] });
  }
  if (leading.length > 0) {
    const again = parse();
    again.alternatives[0].elements = again.alternatives[0].elements.slice(leading.length);
    const r = new Translator(options);
    const restBody = r.pattern(again);
    rest = { re2: `${prefix}${restBody}`, groupNumbers: r.groupNumbers, groupNames: r.groupNames, endGroups: r.endGroups, lookbehind: r.lookbehind };
  }
  return {
    ...full,
    nestedCount: t.nestedCount,
    rest: rest,
    leading: rest ? leading : [],
    literals: flags.includes('i') ? null : requiredLiterals(pattern.alternatives),
    plain: source.length <= MAX_PLAIN_LENGTH && pattern.alternatives.every(isPlain),
    native: /^[gimsud]*$/.test(flags) && nativeWork(pattern) <= MAX_NATIVE_WORK,
  };
}

/**
 * The most steps V8's backtracking engine may take at one start position, for which a pattern runs there rather than
 * in re2js: certctl's longest `^export const (?<fn>a|b|…)\b` with eight names is about 1,300.
 */
const MAX_NATIVE_WORK = 4096;

/**
 * An upper bound on the steps a backtracking engine takes at one start position: the ways through the node (the sum
 * over alternatives, the product along a sequence, every count of a repetition) times the longest path's steps.
 * Infinity when no bound holds whatever the text: an unbounded repetition (`\s*` over a long run of spaces at each
 * position is quadratic), a backreference, a class of strings.
 */
function nativeWork(pattern: AST.Pattern): number {
  const { ways, steps } = backtracking(pattern);
  return ways * steps;
}

/** The ways through a node and the steps of its longest way (see nativeWork); Infinity for either when unbounded. */
function backtracking(node: AST.Node): { ways: number; steps: number } {
  switch (node.type) {
    case 'Character':
    case 'CharacterSet':
      return { ways: 1, steps: 1 };
    case 'CharacterClass':
      return node.unicodeSets ? { ways: Infinity, steps: Infinity } : { ways: 1, steps: 1 };
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return choice(node.alternatives);
    case 'Alternative':
      return node.elements.reduce(
        (acc, e) => {
          const b = backtracking(e);
          return { ways: acc.ways * b.ways, steps: acc.steps + b.steps };
        },
        { ways: 1, steps: 0 },
      );
    case 'Quantifier':
      return repetition(node);
    case 'Assertion':
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
        const inner = choice(node.alternatives);
        return { ways: inner.ways, steps: inner.steps + 1 };
      }
      return { ways: 1, steps: 1 };
    default:
      return { ways: Infinity, steps: Infinity };
  }
}

/** Alternatives tried one after another: their ways add up; the longest is the longest of theirs. */
function choice(alternatives: readonly AST.Alternative[]): { ways: number; steps: number } {
  let ways = 0;
  let steps = 0;
  for (const a of alternatives) {
    const b = backtracking(a);
    ways += b.ways;
    steps = Math.max(steps, b.steps);
  }
  return { ways, steps };
}

/** A repetition from min to max: every count is a way (each with the element's ways per copy); unbounded is Infinity. */
function repetition(q: AST.Quantifier): { ways: number; steps: number } {
  if (q.max === Infinity) return { ways: Infinity, steps: Infinity };
  const inner = backtracking(q.element);
  let ways = 0;
  for (let k = q.min; k <= q.max && ways <= MAX_NATIVE_WORK; k++) ways += inner.ways ** k;
  return { ways, steps: inner.steps * q.max };
}

/**
 * Past this length a pattern is compiled when it is checked, whatever it holds. Below it, a plain pattern compiles to
 * at most about 1.5 steps per character of its source (test/regex.test.ts builds the largest), far under MAX_PROGRAM_SIZE.
 */
const MAX_PLAIN_LENGTH = 400;

/**
 * Is the node made only of constructs RE2 compiles one for one: characters, classes without Unicode properties, groups,
 * alternatives, `^ $ \b`, lookbehinds over such nodes, and repetitions that copy nothing (`* + ?`, `{0,}`, `{1,}`)?
 * Such a pattern, once translated, compiles in re2js and within MAX_PROGRAM_SIZE, so its program can wait for its first use.
 */
function isPlain(node: AST.Alternative | AST.Element): boolean {
  switch (node.type) {
    case 'Alternative':
      return node.elements.every(isPlain);
    case 'Character':
      return true;
    case 'CharacterSet':
      return node.kind !== 'property';
    case 'CharacterClass':
      return !node.unicodeSets && node.elements.every((e) => e.type === 'Character' || e.type === 'CharacterClassRange' || (e.type === 'CharacterSet' && e.kind !== 'property'));
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.every(isPlain);
    case 'Quantifier':
      return node.min <= 1 && (node.max === Infinity || node.max <= 1) && isPlain(node.element);
    case 'Assertion':
      return node.kind === 'start' || node.kind === 'end' || node.kind === 'word' || (node.kind === 'lookbehind' && node.alternatives.every(isPlain));
    default:
      return false;
  }
}

/**
 * Literal texts of which every match contains at least one (null when there are none to name): a text with none of
 * them has no match, which `includes` answers far faster than the engine. Only characters outside classes, in
 * sequences that every match of an alternative passes through (groups, repetitions of at least one); an
 * alternation names one literal per alternative, at most MAX_LITERALS. Case folding (`i`) is left to the engine.
 */
function requiredLiterals(alternatives: readonly AST.Alternative[]): string[] | null {
  const out: string[] = [];
  for (const alternative of alternatives) {
    const best = alternativeLiterals(alternative);
    if (!best) return null;
    out.push(...best);
  }
  return out.length > 0 && out.length <= MAX_LITERALS ? [...new Set(out)] : null;
}

/** At most this many literals stand for one pattern: past that the scans would cost more than they save. */
const MAX_LITERALS = 16;

/** The best literal set one alternative requires: the one whose shortest literal is longest; null when it has none. */
function alternativeLiterals(alternative: AST.Alternative): string[] | null {
  let best: string[] | null = null;
  let run = '';
  const score = (set: string[]) => Math.min(...set.map((l) => l.length)) - set.length / 100;
  const consider = (set: string[] | null) => {
    if (set && set.length > 0 && set.every((l) => l.length > 0) && (!best || score(set) > score(best))) best = set;
  };
  const cut = (inner: string[] | null = null) => {
    consider(run ? [run] : null);
    consider(inner);
    run = '';
  };
  for (const el of alternative.elements) {
    if (el.type === 'Character') run += String.fromCodePoint(el.value);
    else if (el.type === 'Group' || el.type === 'CapturingGroup') cut(requiredLiterals(el.alternatives));
    else if (el.type === 'Quantifier' && el.min >= 1 && (el.element.type === 'Group' || el.element.type === 'CapturingGroup')) cut(requiredLiterals(el.element.alternatives));
    else if (el.type === 'Quantifier' && el.min >= 1 && el.element.type === 'Character') cut([String.fromCodePoint(el.element.value)]);
    else cut();
  }
  cut();
  return best;
}

/** re2js programs by pattern and flags: the load-time check and a rule compile the same translation (flags `''` and `gm`). */
const programs = new Map<string, RE2JS>();

/** A re2js program, compiled once per pattern and flags. */
function re2Program(re2: string, flags: number): RE2JS {
  const key = `${flags}/${re2}`;
  let program = programs.get(key);
  if (!program) {
    if (programs.size >= 512) programs.clear();
    program = RE2JS.compile(re2, flags);
    programs.set(key, program);
  }
  return program;
}

/**
 * Why a configuration pattern cannot be used, with the offset of the construct
 * in the pattern, or null when it compiles in the linear-time engine.
 */
export function userRegexProblem(source: string, flags = ''): RegexProblem | null {
  try {
    new RegExp(source, flags.replace(/[gd]/g, ''));
  } catch (err) {
    return { message: (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '').replace(/^Invalid regular expression: /, '') };
  }
  try {
    compileUserRegex(source, flags);
    return null;
  } catch (err) {
    if (err instanceof Untranslatable) return { message: err.message, offset: err.offset };
    return { message: `the linear-time engine cannot compile it: ${(err as Error).message.replace(/^error parsing regexp: /, '')}` };
  }
}

/** Checks a configuration pattern: a problem description naming the construct and its position, or null. */
export function checkUserRegex(source: string, flags = ''): string | null {
  const problem = userRegexProblem(source, flags);
  if (!problem) return null;
  return problem.offset !== undefined ? `${problem.message} (at character ${problem.offset + 1} of the pattern)` : problem.message;
}

/**
 * A compiled configuration pattern. `matchAll` iterates like JavaScript's
 * `String.prototype.matchAll` with the `g` flag; `test` and `matchesWhole`
 * answer without captures.
 */
export class UserRegex {
  /** The program, compiled on first use for a plain pattern (isPlain), at construction for any other. */
  private program: RE2JS | null = null;
  /** The pattern without its leading lookbehinds, when they are checked by hand; null otherwise (compiled like `program`). */
  private restProgram: RE2JS | null = null;
  /** The programs of the leading lookbehinds' checks, in order (compiled with `restProgram`). */
  private checks: RE2JS[] = [];
  private readonly t: ReturnType<typeof translate>;
  private readonly indices: boolean;
  private readonly unicode: boolean;
  /** V8's own program, when the pattern's work at a position is bounded (nativeWork): it then serves every match. */
  private readonly native: RegExp | null;

  constructor(
    readonly source: string,
    readonly flags: string,
  ) {
    this.t = translate(source, flags);
    this.indices = flags.includes('d');
    this.unicode = flags.includes('u');
    // A pattern that might not compile, or compile too large, is refused now, where the configuration is checked.
    if (!this.t.plain) this.compile();
    this.native = this.t.native ? new RegExp(source, flags.includes('g') ? flags : `${flags}g`) : null;
  }

  /** Which engine matches: V8's for a pattern whose work at a position is bounded (nativeWork), else re2js. */
  get engine(): 'v8' | 're2js' {
    return this.native ? 'v8' : 're2js';
  }

  /** The compiled program (compiled now when it was not yet); throws Untranslatable when it is too large. */
  private get re(): RE2JS {
    return this.program ?? this.compile();
  }

  /** The program that leaves the leading lookbehinds to leadingHolds, or null when there are none. */
  private get rest(): RE2JS | null {
    if (!this.t.rest) return null;
    if (!this.restProgram) this.compile();
    return this.restProgram;
  }

  /** Compiles the programs of the pattern (re2js caches them by translation) and checks their size. */
  private compile(): RE2JS {
    const re = re2Program(this.t.re2, this.t.lookbehind ? RE2JS.LOOKBEHINDS : 0);
    const size = re.programSize();
    if (size > MAX_PROGRAM_SIZE) {
      const nested = this.t.nestedCount;
      const what = nested ? `the repetition \`${nested.raw}\` repeats another counted repetition, which multiplies` : 'counted repetitions multiply';
      throw new Untranslatable(
        `the pattern compiles to ${size} matching steps per character (at most ${MAX_PROGRAM_SIZE}): ${what} its size; use \`*\` or \`+\` for the inner part`,
        nested?.start ?? 0,
      );
    }
    this.restProgram = this.t.rest ? re2Program(this.t.rest.re2, this.t.rest.lookbehind ? RE2JS.LOOKBEHINDS : 0) : null;
    this.checks = this.t.leading.map((lb) => re2Program(lb.check, 0));
    this.program = re;
    return re;
  }

  /** Do the leading lookbehinds hold at `at`? */
  private leadingHolds(text: string, at: number): boolean {
    for (let i = 0; i < this.t.leading.length; i++) {
      const lb = this.t.leading[i];
      let found = false;
      for (let n = lb.min; n <= lb.max && n <= at && !found; n++) found = this.checks[i].matches(text.slice(at - n, at));
      if (found === lb.negate) return false;
    }
    return true;
  }

  /** Every match, left to right; stops (and calls `onBudget` with the offset reached) past the time budget. */
  *matchAll(text: string, onBudget?: (offset: number) => void): Generator<UserMatch> {
    if (this.native) {
      yield* this.nativeMatches(this.native, text, onBudget);
      return;
    }
    // A text without any of the literals every match contains one of has none; the lazy DFA answers "no match anywhere" fast too,
    // without the captures that need the slower NFA.
    if (!this.mayMatch(text) || !(this.rest ?? this.re).test(text)) return;
    let m = (this.rest ?? this.re).matcher(text);
    let checked = this.rest !== null;
    let rejected = 0;
    const started = Date.now();
    let from = 0;
    let count = 0;
    for (let match = this.find(m, text, from); match; match = this.find(m, text, from)) {
      if (checked && !this.leadingHolds(text, match.index)) {
        // A candidate the lookbehind refuses: try the next position. Many refusals would make the scan
        // quadratic, so past a few the rest of the text goes to the lookbehind automata, linear whatever comes.
        from = this.advance(text, match.index);
        if (++rejected > 64) {
          m = this.re.matcher(text);
          checked = false;
        }
        continue;
      }
      yield match;
      const end = match.index + match[0].length;
      from = end > match.index ? end : this.advance(text, end);
      if (++count % 256 === 0 && Date.now() - started > PATTERN_TIME_BUDGET_MS) {
        onBudget?.(from);
        return;
      }
    }
  }

  /** matchAll in V8's engine: the same matches, left to right, with the same budget. */
  private *nativeMatches(re: RegExp, text: string, onBudget?: (offset: number) => void): Generator<UserMatch> {
    if (!this.mayMatch(text)) return;
    const started = Date.now();
    let from = 0;
    let count = 0;
    for (let match = nativeExec(re, text, from); match; match = nativeExec(re, text, from)) {
      yield match;
      const end = match.index + match[0].length;
      from = end > match.index ? end : this.advance(text, end);
      if (++count % 256 === 0 && Date.now() - started > PATTERN_TIME_BUDGET_MS) {
        onBudget?.(from);
        return;
      }
    }
  }

  /** The first match at or after `from`, or null. */
  exec(text: string, from = 0): UserMatch | null {
    if (!this.mayMatch(text)) return null;
    if (this.native) return nativeExec(this.native, text, from);
    return this.find(this.re.matcher(text), text, from);
  }

  /** False when the text has none of the literals every match contains one of (true when the pattern names none). */
  private mayMatch(text: string): boolean {
    return this.t.literals === null || this.t.literals.some((l) => text.includes(l));
  }

  private find(m: Matcher, text: string, from: number): UserMatch | null {
    if (from > text.length || !m.find(from)) return null;
    let cut = -1;
    for (const g of this.t.endGroups) {
      const s = m.start(g);
      if (s >= 0) {
        cut = s;
        break;
      }
    }
    return this.build(text, m, m.start(), cut >= 0 ? cut : m.end(), cut);
  }

  /** Whether the pattern matches somewhere in the text. */
  test(text: string): boolean {
    if (!this.mayMatch(text)) return false;
    if (this.native) return nativeExec(this.native, text, 0) !== null;
    return this.re.test(text);
  }

  private advance(text: string, at: number): number {
    if (this.unicode) {
      const c = text.charCodeAt(at);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(at + 1);
        if (d >= 0xdc00 && d <= 0xdfff) return at + 2;
      }
    }
    return at + 1;
  }

  private build(text: string, m: Matcher, start: number, end: number, cut: number): UserMatch {
    const out = [text.slice(start, end)] as unknown as UserMatch;
    const spans: ([number, number] | undefined)[] = [[start, end]];
    let groups: Record<string, string | undefined> | undefined;
    let groupSpans: Record<string, [number, number] | undefined> | undefined;
    for (let i = 1; i < this.t.groupNumbers.length; i++) {
      const n = this.t.groupNumbers[i];
      let s = m.start(n);
      let e = m.end(n);
      // A group around a trailing lookahead ends where the lookahead begins.
      if (s >= 0 && cut >= 0 && e > cut) {
        e = cut;
        s = Math.min(s, cut);
      }
      const span: [number, number] | undefined = s >= 0 ? [s, e] : undefined;
      out.push(span ? text.slice(span[0], span[1]) : (undefined as unknown as string));
      spans.push(span);
      const name = this.t.groupNames[i];
      if (name) {
        groups ??= Object.create(null) as Record<string, string | undefined>;
        groupSpans ??= Object.create(null) as Record<string, [number, number] | undefined>;
        if (groups[name] === undefined) {
          groups[name] = span ? text.slice(span[0], span[1]) : undefined;
          groupSpans[name] = span;
        }
      }
    }
    out.index = start;
    out.input = text;
    out.groups = groups as Record<string, string> | undefined;
    if (this.indices) {
      const indices = spans as unknown as RegExpIndicesArray;
      indices.groups = groupSpans as Record<string, [number, number]> | undefined;
      out.indices = indices;
    }
    return out;
  }
}

/** Compiled patterns by flags and source: rules compile the same configuration pattern once per file. */
const compiled = new Map<string, UserRegex>();

/** The first match of a native program (flag `g`) at or after `from`; the program's lastIndex is set before each use, so callers can interleave. */
function nativeExec(re: RegExp, text: string, from: number): UserMatch | null {
  if (from > text.length) return null;
  re.lastIndex = from;
  return re.exec(text) as UserMatch | null;
}

/** Compiles a configuration pattern (already checked at load time) for the linear-time engine. `g` is implied. */
export function compileUserRegex(source: string, flags = ''): UserRegex {
  const key = `${flags}/${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let re: UserRegex;
  try {
    re = new UserRegex(source, flags);
  } catch (err) {
    if (err instanceof Untranslatable) throw err;
    throw new Untranslatable((err as Error).message, 0);
  }
  if (compiled.size >= 256) compiled.clear();
  compiled.set(key, re);
  return re;
}
