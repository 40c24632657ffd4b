import { compileUserRegex } from '../config/regex.js';
/** Numbers as prose writes them: digits (`1,024`) or English words up to ninety-nine (`five`, `Twenty-one`). */

const UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** The value of a written number, or null when it is not one. */
export function parseNumber(written: string): number | null {
  const s = written.trim();
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^\d+$/.test(s)) return Number(s);
  const w = s.toLowerCase();
  const unit = UNITS.indexOf(w);
  if (unit >= 0) return unit;
  const m = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(w);
  if (!m) return null;
  const tens = TENS.indexOf(m[1]);
  if (tens < 2) return null;
  if (m[2] === undefined) return tens * 10;
  const u = UNITS.indexOf(m[2]);
  return u >= 1 && u <= 9 ? tens * 10 + u : null;
}

/** `n` written the way `like` was: words stay words (same capitalisation) while they can, digits stay digits. */
export function formatNumberLike(n: number, like: string): string {
  const s = like.trim();
  if (/^[0-9,]+$/.test(s) || n < 0 || n > 99 || !Number.isInteger(n)) return /,/.test(s) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : String(n);
  const word = n < 20 ? UNITS[n] : TENS[Math.floor(n / 10)] + (n % 10 ? `-${UNITS[n % 10]}` : '');
  if (s === s.toUpperCase()) return word.toUpperCase();
  if (s[0] === s[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** A number claimed in prose: where the written number is and what it says. */
export interface CountClaim {
  /** Offsets of the written number (the `count` group) in the text. */
  start: number;
  end: number;
  written: string;
  value: number;
  /** The whole phrase that matched. */
  phrase: string;
}

/**
 * Every match of `phrase` (a regex with a named group `count`) whose number
 * parses, outside the given spans (comments, code blocks: examples are not claims).
 */
export function findCountClaims(text: string, phrase: string, skip: readonly { start: number; end: number }[]): CountClaim[] {
  const out: CountClaim[] = [];
  for (const m of compileUserRegex(phrase, 'gmd').matchAll(text)) {
    const at = m.indices?.groups?.count;
    const written = m.groups?.count;
    if (m[0].length === 0 || !at || written === undefined) continue;
    const start = m.index ?? 0;
    if (skip.some((s) => start < s.end && start + m[0].length > s.start)) continue;
    const value = parseNumber(written);
    if (value === null) continue;
    out.push({ start: at[0], end: at[1], written, value, phrase: m[0] });
  }
  return out;
}
