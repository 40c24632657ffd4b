/** Bundles the GitHub Action (src/action.ts) into one file, as JavaScript actions ship: `npm run bundle`. */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const ACTION_BUNDLE = join(REPO_ROOT, 'dist-action', 'index.js');

/** Deterministic: no timestamps, paths relative to the repository, so a rebuild compares byte for byte. */
export async function bundleAction(outfile: string = ACTION_BUNDLE): Promise<void> {
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['src/action.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM output has no require of its own.
    banner: { js: "import { createRequire as __docwardenCreateRequire } from 'node:module';\nconst require = __docwardenCreateRequire(import.meta.url);" },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleAction();
