/**
 * Bundles the GitHub Action (src/action.ts) and the CLI (src/bin.ts) into one file each, committed
 * in dist-action/: actions run from the repository as checked out, and pre-commit installs the hook
 * with `npm pack` of the repository, which cannot run a build (pre-commit reads the tarball name
 * from npm pack's stdout, and a lifecycle script's banner corrupts it). `npm run bundle`.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
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
  // The CLI as CommonJS, which cli.js compiles with V8's code cache (src/cli-loader.ts); built before cli.js, which holds its hash.
  'cli-main.cjs': 'src/bin.ts',
  'cli.js': 'src/cli-loader.ts',
  // The CLI parses in worker threads; the worker entry sits next to the bundle that starts it.
  'extract-worker.js': 'src/workspace/extract-worker.ts',
  // `docwarden lsp` loads the language server from beside the CLI (it imports no engine code: the CLI hands it lint).
  'lsp.js': 'src/lsp.ts',
};

/**
 * Dependencies that a run needs only for some inputs, by the file in dist-action/vendor/ that holds them: a run loads
 * one the first time it calls into it. Compiling the whole 3.6 MB bundle was a fifth of a warm links-only run, and
 * these are half of it: JavaScript and TypeScript sources (Babel), MDX and the remark reference parser (a warm run
 * reads every doc's facts from the cache, a cold one parses most docs with the fast extractor), Dockerfiles, TOML's
 * syntax tree, and user regular expressions (regexpp, RE2).
 */
export const LAZY_VENDORS: Record<string, string[]> = {
  'babel-parser.cjs': ['@babel/parser'],
  'remark.cjs': ['unified', 'remark-parse', 'remark-gfm', 'remark-frontmatter', 'remark-mdx'],
  'dockerfile.cjs': ['dockerfile-ast'],
  'toml-ast.cjs': ['toml-eslint-parser'],
  'regex.cjs': ['@eslint-community/regexpp', 're2js'],
  'tree-sitter.cjs': ['web-tree-sitter'],
};
/**
 * Packages whose vendor copy is their CommonJS build (the file `require` resolves to): web-tree-sitter's ESM build
 * reads `import.meta.url`, which a CommonJS vendor file lacks. The API is the same.
 */
const VENDOR_COMMONJS = new Set(['web-tree-sitter']);
/** The folder of the vendor files, beside the bundles. */
export const VENDOR_DIR = 'vendor';

/** Deterministic: no timestamps, paths relative to the repository, so a rebuild compares byte for byte. */
export async function bundleAction(outdir: string = BUNDLE_DIR): Promise<void> {
  const lazy = await lazyVendorPlugin();
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const define: Record<string, string> =
      name === 'cli.js'
        ? {
            __DOCWARDEN_MAIN_HASH__: JSON.stringify(
              createHash('sha256')
                .update(readFileSync(join(outdir, 'cli-main.cjs')))
                .digest('hex'),
            ),
          }
        : {};
    await bundleOne(entry, join(outdir, name), [lazy], define);
  }
  await bundleVendors(join(outdir, VENDOR_DIR));
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

/** Each vendor file: its packages' namespaces, in LAZY_VENDORS order, as `mods` of a CommonJS module. */
async function bundleVendors(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, packages] of Object.entries(LAZY_VENDORS)) {
    const source = (p: string): string => (VENDOR_COMMONJS.has(p) ? createRequire(import.meta.url).resolve(p) : p);
    const contents = `${packages.map((p, i) => `import * as m${i} from ${JSON.stringify(source(p))};`).join('\n')}\nexport const mods = [${packages.map((_, i) => `m${i}`).join(', ')}];\n`;
    await build({
      absWorkingDir: REPO_ROOT,
      stdin: { contents, resolveDir: REPO_ROOT, sourcefile: `vendor-${file}` },
      outfile: join(dir, file),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

/**
 * Resolves each LAZY_VENDORS package, in the bundles, to a module with the same exports that loads the vendor file on
 * first use: a function or class export is a proxy that calls, constructs and reads through to the real one (so
 * `instanceof` and static members work), an object export a proxy that reads through, a primitive its value. The
 * export names and kinds are read from the packages themselves, here.
 */
async function lazyVendorPlugin(): Promise<Plugin> {
  const shims = new Map<string, string>();
  for (const [file, packages] of Object.entries(LAZY_VENDORS)) {
    for (const [index, pkg] of packages.entries()) shims.set(pkg, lazyShim(file, index, (await import(pkg)) as Record<string, unknown>));
  }
  const filter = new RegExp(`^(${[...shims.keys()].map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-vendors',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-vendor' }));
      b.onResolve({ filter: /^lazy-vendor-runtime$/ }, () => ({ path: 'runtime', namespace: 'lazy-vendor-runtime' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({ contents: shims.get(args.path), loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-vendor-runtime' }, () => ({ contents: LAZY_RUNTIME, loader: 'js' }));
    },
  };
}

/** The shim of one package: its exports, each read from the vendor file's `mods[index]` when first used. */
function lazyShim(file: string, index: number, namespace: Record<string, unknown>): string {
  const lines = [`import { lazyFunction, lazyObject, vendorModule } from 'lazy-vendor-runtime';`, `const mod = () => vendorModule(${JSON.stringify(file)})[${index}];`];
  for (const name of Object.keys(namespace).sort()) {
    if (name === '__esModule') continue;
    const value = namespace[name];
    const read = `() => mod()[${JSON.stringify(name)}]`;
    const expr = typeof value === 'function' ? `lazyFunction(${read})` : value !== null && typeof value === 'object' ? `lazyObject(${read})` : JSON.stringify(value);
    if (expr === undefined) continue;
    lines.push(name === 'default' ? `export default ${expr};` : `export const ${name} = ${expr};`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the shims share: the vendor files, loaded once each from beside the bundle, and the two proxies. */
const LAZY_RUNTIME = `import { createRequire } from 'node:module';
const loaded = new Map();
export function vendorModule(file) {
  let mods = loaded.get(file);
  if (!mods) loaded.set(file, (mods = createRequire(import.meta.url)('./${VENDOR_DIR}/' + file).mods));
  return mods;
}
function once(read) {
  let value;
  let done = false;
  return () => (done ? value : ((done = true), (value = read())));
}
export function lazyFunction(read) {
  const real = once(read);
  return new Proxy(function () {}, {
    apply: (_, self, args) => Reflect.apply(real(), self, args),
    construct: (_, args, newTarget) => Reflect.construct(real(), args, newTarget),
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
  });
}
export function lazyObject(read) {
  const real = once(read);
  return new Proxy({}, {
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d && { ...d, configurable: true };
    },
  });
}
`;

async function bundleOne(entry: string, outfile: string, plugins: Plugin[], define: Record<string, string>): Promise<void> {
  // The CommonJS body runs inside src/cli-loader.ts's wrapper, which passes `require` and the loader's `import.meta.url`.
  const commonjs = outfile.endsWith('.cjs');
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile,
    plugins,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: commonjs ? 'cjs' : 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    define: commonjs ? { ...define, 'import.meta.url': '__docwardenMetaUrl' } : define,
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM output has no require of its own.
    ...(commonjs ? {} : { banner: { js: "import { createRequire as __docwardenCreateRequire } from 'node:module';\nconst require = __docwardenCreateRequire(import.meta.url);" } }),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundleAction();
