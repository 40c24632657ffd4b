/**
 * Bundles the GitHub Action (src/action.ts) and the CLI (src/bin.ts) into one file each, committed
 * in dist-action/: actions run from the repository as checked out, and pre-commit installs the hook
 * with `npm pack` of the repository, which cannot run a build (pre-commit reads the tarball name
 * from npm pack's stdout, and a lifecycle script's banner corrupts it). `npm run bundle`.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { BUNDLED_VALIDATORS_DIR, VALIDATORS_DIR } from '../src/config/validators.js';
import { BUNDLED_GRAMMARS_DIR, READER_GRAMMARS } from '../src/facts/syntax.js';

export const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const BUNDLE_DIR = join(REPO_ROOT, 'dist-action');
export const ACTION_BUNDLE = join(BUNDLE_DIR, 'index.js');
/** The file names in dist-action/ and their entry points. */
export const BUNDLES: Record<string, string> = {
  'index.js': 'src/action.ts',
  'cli.js': 'src/bin.ts',
  // The CLI parses in worker threads; the worker entry sits next to the bundle that starts it.
  'extract-worker.js': 'src/workspace/extract-worker.ts',
  // `docwarden lsp` loads the language server from beside the CLI (it imports no engine code: the CLI hands it lint).
  'lsp.js': 'src/lsp.ts',
};

/** Deterministic: no timestamps, paths relative to the repository, so a rebuild compares byte for byte. */
export async function bundleAction(outdir: string = BUNDLE_DIR): Promise<void> {
  for (const [name, entry] of Object.entries(BUNDLES)) await bundleOne(entry, join(outdir, name));
  writeGrammars(join(outdir, BUNDLED_GRAMMARS_DIR));
  copyValidators(join(outdir, BUNDLED_VALIDATORS_DIR));
}

/** The generated validators of schema/validators/ (`npm run schema`), beside the bundles that read them. */
function copyValidators(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(VALIDATORS_DIR, dir, { recursive: true });
}

/**
 * The WebAssembly files the bundled env readers load, by file name: the tree-sitter runtime and the reader grammars
 * (not every grammar tree-sitter-wasms ships). Without them a bundle falls back to the text patterns.
 */
export function bundledGrammarSources(): Record<string, string> {
  const resolve = createRequire(import.meta.url).resolve;
  const sources: Record<string, string> = { 'tree-sitter.wasm': resolve('web-tree-sitter/tree-sitter.wasm') };
  for (const lang of READER_GRAMMARS) sources[`tree-sitter-${lang}.wasm`] = resolve(`tree-sitter-wasms/out/tree-sitter-${lang}.wasm`);
  return sources;
}

/**
 * Brotli, quality 9: 15 MB of grammars become about 0.9 MB in the repository, and decompress in milliseconds. A file
 * whose content is unchanged is not rewritten, so another zlib's different bytes do not churn the commit.
 */
function writeGrammars(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const sources = bundledGrammarSources();
  for (const stale of readdirSync(dir)) if (!(stale.replace(/\.br$/, '') in sources)) rmSync(join(dir, stale));
  for (const [name, source] of Object.entries(sources)) {
    const wasm = readFileSync(source);
    const target = join(dir, `${name}.br`);
    if (existsSync(target) && brotliDecompressSync(readFileSync(target)).equals(wasm)) continue;
    writeFileSync(target, brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: wasm.length } }));
  }
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
