/**
 * Bundles the GitHub Action (src/action.ts) and the CLI (src/bin.ts) into one file each, committed
 * in dist-action/: actions run from the repository as checked out, and pre-commit installs the hook
 * with `npm pack` of the repository, which cannot run a build (pre-commit reads the tarball name
 * from npm pack's stdout, and a lifecycle script's banner corrupts it). `npm run bundle`.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const BUNDLE_DIR = join(REPO_ROOT, 'dist-action');
export const ACTION_BUNDLE = join(BUNDLE_DIR, 'index.js');
/** The file names in dist-action/ and their entry points. */
export const BUNDLES: Record<string, string> = {
  'index.js': 'src/action.ts',
  'cli.js': 'src/bin.ts',
  // The CLI parses in worker threads; the worker entry sits next to the bundle that starts it.
  'extract-worker.js': 'src/workspace/extract-worker.ts',
};

/** Deterministic: no timestamps, paths relative to the repository, so a rebuild compares byte for byte. */
export async function bundleAction(outdir: string = BUNDLE_DIR): Promise<void> {
  for (const [name, entry] of Object.entries(BUNDLES)) await bundleOne(entry, join(outdir, name));
}

async function bundleOne(entry: string, outfile: string): Promise<void> {
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
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
