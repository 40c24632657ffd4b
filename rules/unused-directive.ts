import { defineRule } from '../src/api/index.js';

/**
 * Suppression directives that silence nothing, or that name a rule that does not
 * exist, are findings themselves, so suppressions cannot rot. The engine performs
 * this check after every other rule has run.
 */
export default defineRule({
  id: 'unused-directive',
  description: 'Suppression directives (docwarden-disable…) that suppress nothing or name an unknown rule.',
  defaultLevel: 'warning',
  optionsSchema: {},
  messages: {
    unused: '{kind} for rule {rule} suppresses nothing here; remove it',
    unusedAll: '{kind} suppresses nothing here; remove it',
    unknownRule: '{kind} names unknown rule "{rule}"{suggestion}',
  },
  engine: true,
  check() {
    // Performed by the engine (src/engine/run.ts) once all findings are known.
  },
});
