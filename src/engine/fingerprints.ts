/** The fingerprints phase: identities that survive unrelated edits, for SARIF `partialFingerprints` and the baseline. */
import { createHash, type Hash } from 'node:crypto';
import type { Finding } from '../types.js';

/** The text of a line of a file the run read, or undefined when the file is not readable. */
export type LineSource = (path: string, line: number) => string | undefined;

/**
 * Fingerprints from content, not line numbers: rule, file, message id, the primary line's text without
 * white space, the rule's fingerprint key, then an occurrence count. `findings` must be in report order.
 */
export function assignFingerprints(findings: readonly Finding[], lineText: LineSource, keys: ReadonlyMap<Finding, string>): void {
  const seen = new Map<string, number>();
  // Each line is stripped once: 10,000 findings on one long line made this quadratic.
  const stripped = new Map<string, string>();
  const prefixes = new Map<string, Hash>();
  for (const f of findings) {
    const at = `${f.location.path}\0${f.location.range.start.line}`;
    let line = stripped.get(at);
    if (line === undefined) {
      line = (lineText(f.location.path, f.location.range.start.line) ?? '').replace(/\s+/g, '');
      stripped.set(at, line);
    }
    // The hash of everything but the key is taken once per rule, message and line, then copied:
    // 20,000 findings on one 260 KB table line hashed 5 GB. Same digest as hashing the joined text.
    const prefixKey = `${at}\0${f.ruleId}\0${f.messageId}`;
    let prefix = prefixes.get(prefixKey);
    if (!prefix) prefixes.set(prefixKey, (prefix = createHash('sha256').update([f.ruleId, f.location.path, f.messageId, line, ''].join('\0'))));
    const h = prefix
      .copy()
      .update(keys.get(f) ?? '')
      .digest('hex')
      .slice(0, 16);
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    f.fingerprint = `${h}:${n}`;
  }
}
