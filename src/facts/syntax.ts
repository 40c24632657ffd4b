import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { brotliDecompressSync } from 'node:zlib';
import { Language, Parser, Query, type Node, type Range, type Tree } from 'web-tree-sitter';

/**
 * Syntax trees for source code: web-tree-sitter (WebAssembly, no native build,
 * any platform) with the prebuilt grammars of `tree-sitter-wasms`. Grammars load
 * asynchronously once per process; parsing after that is synchronous, so facts
 * extraction stays a plain function of a file's text.
 */
export const TREE_LANGUAGES = ['go', 'javascript', 'typescript', 'tsx', 'python', 'rust', 'java', 'kotlin', 'ruby', 'bash'] as const;
export type TreeLanguage = (typeof TREE_LANGUAGES)[number];

/** The grammars the env readers parse with (shipped with the Action bundle); the others load from node_modules only. */
export const READER_GRAMMARS: readonly TreeLanguage[] = ['go', 'javascript', 'typescript', 'tsx', 'python', 'rust', 'java', 'kotlin', 'ruby'];

/**
 * Where a bundle (dist-action/) keeps the WebAssembly files it needs, Brotli-compressed, beside itself: it runs
 * without node_modules. Compiled code and tests load them from the installed packages instead.
 */
export const BUNDLED_GRAMMARS_DIR = 'grammars';
const bundled = (file: string): URL => new URL(`./${BUNDLED_GRAMMARS_DIR}/${file}.br`, import.meta.url);

const require = createRequire(import.meta.url);
let runtime: Promise<void> | undefined;
const languages = new Map<TreeLanguage, Promise<Language>>();
const loaded = new Map<TreeLanguage, Parser>();
const queries = new Map<string, Query>();

function wasmPath(specifier: string): string {
  try {
    return require.resolve(specifier);
  } catch {
    throw new Error(`cannot find ${specifier}: install docwarden's dependencies (npm ci) to read source code with syntax trees`);
  }
}

/** A bundled WebAssembly file's bytes, or null when there is no bundle beside this module. */
function bundledBytes(file: string): Uint8Array | null {
  const url = bundled(file);
  return url.protocol === 'file:' && existsSync(url) ? new Uint8Array(brotliDecompressSync(readFileSync(url))) : null;
}

/**
 * Runs `compile` with V8 compiling WebAssembly in its baseline tier only (Liftoff), and returns what it returns.
 * docwarden parses a run's files once: by default V8 tiers hot WebAssembly functions up to its optimising compiler,
 * and compiling a grammar's lexer and the parser's loop there costs more CPU than it saves on one run's parsing
 * (certctl's env reads, cold: see bench/env-readers.ts). The flag is read when a module compiles, and a module
 * compiled under it stays in the baseline tier, so it is set only around the tree-sitter modules and cleared after:
 * other WebAssembly in the process keeps V8's defaults. A tiering flag given to node itself is left alone.
 */
async function baselineTier<T>(compile: () => Promise<T>): Promise<T> {
  if (process.execArgv.some((a) => /liftoff|wasm-tier|wasm-dynamic-tiering/.test(a))) return compile();
  // Compiles may overlap (two rules loading grammars): the flag stays set until the last one ends.
  if (compiling++ === 0) setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    if (--compiling === 0) setFlagsFromString('--no-liftoff-only');
  }
}
let compiling = 0;

/** Loads the runtime and the grammars of `langs` (once per process). */
export async function loadGrammars(langs: Iterable<TreeLanguage>): Promise<void> {
  if (!runtime) {
    const wasmBinary = bundledBytes('tree-sitter.wasm');
    runtime = baselineTier(() => Parser.init(wasmBinary ? { wasmBinary } : { locateFile: () => wasmPath('web-tree-sitter/tree-sitter.wasm') }));
  }
  await runtime;
  for (const lang of new Set(langs)) {
    if (loaded.has(lang)) continue;
    let pending = languages.get(lang);
    if (!pending) {
      const source = bundledBytes(`tree-sitter-${lang}.wasm`) ?? wasmPath(`tree-sitter-wasms/out/tree-sitter-${lang}.wasm`);
      pending = baselineTier(() => Language.load(source));
      languages.set(lang, pending);
    }
    const language = await pending;
    const parser = new Parser();
    parser.setLanguage(language);
    loaded.set(lang, parser);
  }
}

/** Is the grammar of `lang` loaded (parse() can run synchronously)? */
export function grammarLoaded(lang: TreeLanguage): boolean {
  return loaded.has(lang);
}

/**
 * Parses `text`, or only its `ranges` (offsets and positions stay the whole text's); the caller must delete() the
 * tree. Throws when the grammar was not loaded first.
 */
export function parseTree(lang: TreeLanguage, text: string, ranges?: Range[]): Tree {
  const parser = loaded.get(lang);
  if (!parser) throw new Error(`the ${lang} grammar is not loaded`);
  const tree = ranges ? parser.parse(text, null, { includedRanges: ranges }) : parser.parse(text);
  if (!tree) throw new Error(`the ${lang} parser gave no tree`);
  return tree;
}

/**
 * The named nodes of `types` in `tree`, in document order (a parent before its
 * children). A query runs inside the WebAssembly module and makes node objects
 * only for what it finds, several times faster than walking every node from
 * JavaScript. Types the grammar does not have are left out.
 */
export function nodesOfTypes(lang: TreeLanguage, tree: Tree, types: ReadonlySet<string>): TypedNode[] {
  const key = `${lang}\0${[...types].join(' ')}`;
  let query = queries.get(key);
  if (!query) {
    const language = loaded.get(lang)?.language;
    if (!language) throw new Error(`the ${lang} grammar is not loaded`);
    const known = [...types].filter((t) => language.idForNodeType(t, true) !== null);
    // One capture name per type: the capture tells the type, and `node.type` (a call into WebAssembly) is not needed.
    query = new Query(language, `[${known.map((t) => `(${t}) @${t}`).join(' ')}]`);
    queries.set(key, query);
  }
  return query.captures(tree.rootNode).map((c) => ({ node: c.node, type: c.name }));
}

/** A node found by nodesOfTypes, with its type. */
export interface TypedNode {
  node: Node;
  type: string;
}

export type { Node as SyntaxNode, Range as SyntaxRange, Tree as SyntaxTree };
