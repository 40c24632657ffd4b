import { defineRule } from '../src/api/index.js';

/**
 * Entries of docwarden-baseline.json that no longer match any finding: the drift
 * they accepted was fixed, so the entry should go and the baseline shrinks. The
 * engine performs this check when a baseline is in use.
 */
export default defineRule({
  id: 'baseline',
  description: 'Baseline entries (docwarden-baseline.json) that match no finding any more: the accepted drift was fixed.',
  defaultLevel: 'warning',
  optionsSchema: {},
  messages: {
    stale: 'Baseline entry for {rule} in `{file}` matches no finding any more ({unmatched} of {count} fixed); run `docwarden --update-baseline` to remove it',
  },
  engine: true,
  check() {
    // Performed by the engine (src/engine/run.ts) after the baseline is applied.
  },
});
