import type { Location } from '../types.js';
import type { ConfigPath, RuleContext } from './rule.js';

/** What every allowlist entry carries: a justification, and optionally the day after which it no longer stands. */
export interface AllowEntry {
  why: string;
  /** YYYY-MM-DD; after this day the entry is expired (an error). */
  until?: string;
}

export interface AllowlistSpec<E extends AllowEntry> {
  /** Where the list is written: `['rules', 'env-docs', 'allow']`; entry `i` is at `[...at, i]`. */
  at: ConfigPath;
  /** What an entry allows. */
  matches(entry: E): (subject: string) => boolean;
  /** True: a subject uses only the first entry that matches it; false (default): every entry that matches. */
  firstMatchOnly?: boolean;
  /** Names the entry in the fingerprint (`allow:<key>`). */
  key(entry: E): string;
  /** The message data of an entry's finding (`until` and `why` are added). */
  data(entry: E): Record<string, string>;
  /** Where the entry's finding points; default: the entry's first line. */
  locate?(entry: E, index: number): Location | null;
  /** The notice text when there is no configuration file to point at. */
  notice(entry: E, expired: boolean): string;
  subRule?: string;
}

export interface Allowlist {
  /** Is `subject` allowed? Marks the entries that allow it as used. Expired entries still allow (and are reported). */
  allows(subject: string): boolean;
  /** Allowlists cannot rot: an expired entry is an error (`allowExpired`), one that allowed nothing a warning (`allowUnused`). */
  reportStale(): void;
}

/** What an allowlist needs of the rule context: "now", the configuration's positions, and where its findings go. */
export type AllowlistContext = Pick<RuleContext<unknown>, 'now' | 'configLocation' | 'report' | 'notice'>;

/** One allowlist evaluation for every rule: matching, used and expired entries, and their findings at the entries in docwarden.yml. */
export function allowlist<E extends AllowEntry>(ctx: AllowlistContext, entries: readonly E[], spec: AllowlistSpec<E>): Allowlist {
  const states = entries.map((entry) => ({ entry, matches: spec.matches(entry), used: false }));
  return {
    allows(subject) {
      let hit = false;
      for (const s of states) {
        if (!s.matches(subject)) continue;
        hit = s.used = true;
        if (spec.firstMatchOnly) break;
      }
      return hit;
    },
    reportStale() {
      const today = ctx.now.toISOString().slice(0, 10);
      states.forEach(({ entry, used }, i) => {
        const expired = entry.until !== undefined && entry.until < today;
        if (used && !expired) return;
        const level = expired ? 'error' : 'warning';
        const where = spec.locate ? spec.locate(entry, i) : ctx.configLocation([...spec.at, i]);
        if (!where) return ctx.notice({ level, message: spec.notice(entry, expired) });
        const data = { ...spec.data(entry), until: entry.until ?? '', why: entry.why };
        ctx.report({ ...where, ...(spec.subRule ? { subRule: spec.subRule } : {}), messageId: expired ? 'allowExpired' : 'allowUnused', data, level, fingerprintKey: `allow:${spec.key(entry)}` });
      });
    },
  };
}
