import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The suite runs docwarden in hundreds of temporary repositories; with the default cache each would leave a
 * folder in ~/.cache/docwarden. Every test process (and every CLI they spawn) inherits this temporary
 * XDG_CACHE_HOME instead, removed when the suite ends, so `npm test` leaves the user's cache as it found it.
 */
export default function setup(): () => void {
  const cacheHome = mkdtempSync(join(tmpdir(), 'docwarden-test-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  process.env.DOCWARDEN_TEST_CACHE_HOME = cacheHome;
  return () => rmSync(cacheHome, { recursive: true, force: true });
}
