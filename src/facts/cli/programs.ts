import { parse as parseToml } from 'smol-toml';
import type { PackageFacts } from '../commands.js';
import type { CliLanguage } from './types.js';

/**
 * The programs a repository defines, from its manifests: `package.json` `bin`,
 * Go `main` packages, Python `[project.scripts]`/console_scripts, Cargo
 * `[package]`/`[[bin]]`. Pure functions of file paths and texts.
 */
export interface CliProgram {
  /** The name users type. */
  name: string;
  language: CliLanguage;
  /** Where it is declared (a manifest, or the file with `func main`). */
  definedIn: string;
  /** The folder whose source files define its flags (`''` for the repository root, else ending in `/`). */
  scope: string;
  /** Folders of the repository's other programs of the same language inside that scope: their flags are theirs. */
  exclude: string[];
  /** Other ways the docs start it: `go run ./cmd/x`, `python -m x`, `cargo run --bin x`. */
  runForms: string[];
}

export type ReadText = (path: string) => string | undefined;
/** A package.json as the commands reader reads it (from its structured facts), or null when it does not parse. */
export type ReadPackage = (path: string) => PackageFacts | null;

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');
/** Folders that hold samples, fixtures and vendored code, not the repository's programs. */
const NOT_A_PROGRAM = /(?:^|\/)(?:node_modules|vendor|third_party|testdata|fixtures?|examples?|_examples|samples?|test|tests|e2e|hack|tools|scripts|internal\/tools|benchmarks?|docs?)\//;

/** The programs the manifests among `paths` declare, each once per name and language, sorted by name. */
export function findPrograms(paths: readonly string[], read: ReadText, readPackage: ReadPackage): CliProgram[] {
  const out: CliProgram[] = [];
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (NOT_A_PROGRAM.test(path)) continue;
    try {
      if (base === 'package.json') out.push(...nodePrograms(path, readPackage(path)));
      else if (base === 'Cargo.toml') out.push(...rustPrograms(path, read(path), paths));
      else if (base === 'pyproject.toml' || base === 'setup.cfg' || base === 'setup.py') out.push(...pythonPrograms(path, read(path)));
    } catch {
      // A manifest that does not parse defines no program docwarden can know.
    }
  }
  out.push(...goPrograms(paths, read));
  // One program per name and language: the shortest scope (the repository's own) first.
  const seen = new Set<string>();
  const programs = out
    .sort((a, b) => a.scope.length - b.scope.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((p) => {
      const key = `${p.language}\0${p.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  for (const p of programs) if (p.language !== 'go') p.exclude = programs.filter((q) => q !== p && q.language === p.language && q.scope !== p.scope && q.scope.startsWith(p.scope)).map((q) => q.scope);
  return programs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A package's `bin` entries, each run as itself or through `npx`. */
function nodePrograms(path: string, pkg: PackageFacts | null): CliProgram[] {
  if (!pkg) return [];
  const scope = dirOf(path);
  return pkg.bin.filter((n) => /^[\w.-]+$/.test(n)).map((name) => ({ name, language: 'node', definedIn: path, scope, exclude: [], runForms: [`npx ${name}`] }));
}

function rustPrograms(path: string, text: string | undefined, paths: readonly string[]): CliProgram[] {
  if (!text) return [];
  const toml = parseToml(text) as { package?: { name?: unknown }; bin?: Array<{ name?: unknown; path?: unknown }> };
  const scope = dirOf(path);
  const names: string[] = [];
  for (const b of toml.bin ?? []) if (typeof b.name === 'string') names.push(b.name);
  // A file a `[[bin]]` names as its path is that target, not also an automatic one (ordinals/ord's `src/bin/main.rs` is `ord`).
  const declared = new Set((toml.bin ?? []).flatMap((b) => (typeof b.path === 'string' ? [`${scope}${b.path.replace(/^\.\//, '')}`] : [])));
  const pkgName = typeof toml.package?.name === 'string' ? toml.package.name : null;
  if (pkgName && !names.length && paths.includes(`${scope}src/main.rs`)) names.push(pkgName);
  for (const p of paths) {
    const m = p.startsWith(`${scope}src/bin/`) && !declared.has(p) ? /^src\/bin\/([\w-]+)(?:\.rs|\/main\.rs)$/.exec(p.slice(scope.length)) : null;
    if (m) names.push(m[1]);
  }
  return names.map((name) => ({
    name,
    language: 'rust',
    definedIn: path,
    scope,
    exclude: [],
    runForms: [`cargo run --bin ${name} --`, `cargo run --`, `./target/release/${name}`, `./target/debug/${name}`, `target/release/${name}`],
  }));
}

function pythonPrograms(path: string, text: string | undefined): CliProgram[] {
  if (!text) return [];
  const scope = dirOf(path);
  const scripts: Array<[string, string]> = [];
  if (path.endsWith('.toml')) {
    const toml = parseToml(text) as { project?: { scripts?: Record<string, unknown> }; tool?: { poetry?: { scripts?: Record<string, unknown> } } };
    for (const table of [toml.project?.scripts, toml.tool?.poetry?.scripts]) for (const [k, v] of Object.entries(table ?? {})) if (typeof v === 'string') scripts.push([k, v]);
  } else {
    // setup.cfg's `console_scripts =` entries and setup.py's `'name = module:func'` strings: `name = pkg.module:func`.
    const section = path.endsWith('.cfg') ? (/console_scripts\s*=\s*((?:\n[ \t]+[^\n]*)+)/.exec(text)?.[1] ?? '') : (/console_scripts['"]?\s*[:=]\s*\[([^\]]*)\]/.exec(text)?.[1] ?? '');
    for (const m of section.matchAll(/([\w.-]+)\s*=\s*([\w.]+)\s*:\s*[\w.]+/g)) scripts.push([m[1], m[2]]);
  }
  return scripts.map(([name, target]) => {
    const module = target.split(':')[0].split('.')[0];
    return { name, language: 'python' as const, definedIn: path, scope, exclude: [], runForms: [`python -m ${module}`, `python3 -m ${module}`, `uv run ${name}`, `poetry run ${name}`] };
  });
}

/** Go: a folder whose non-test files say `package main` and define `func main()`; its name is the folder's (the module's last element at its root). */
function goPrograms(paths: readonly string[], read: ReadText): CliProgram[] {
  const modules = paths.filter((p) => p.endsWith('go.mod') && (p === 'go.mod' || p.endsWith('/go.mod')) && !NOT_A_PROGRAM.test(p));
  if (!modules.length) return [];
  const out: CliProgram[] = [];
  const seenDirs = new Set<string>();
  for (const path of paths) {
    if (!path.endsWith('.go') || path.endsWith('_test.go') || NOT_A_PROGRAM.test(path)) continue;
    const dir = dirOf(path);
    if (seenDirs.has(dir)) continue;
    const text = read(path);
    if (!text || !/^package main\b/m.test(text) || !/^func main\(\)/m.test(text)) continue;
    seenDirs.add(dir);
    const mod = modules.filter((m) => dir.startsWith(dirOf(m))).sort((a, b) => b.length - a.length)[0];
    if (!mod) continue;
    const modRoot = dirOf(mod);
    let name = dir.slice(0, -1).split('/').pop() ?? '';
    if (dir === modRoot) {
      const modulePath = /^module\s+(\S+)/m.exec(read(mod) ?? '')?.[1] ?? '';
      name =
        modulePath
          .replace(/\/v\d+$/, '')
          .split('/')
          .pop() ?? '';
    }
    if (!/^[\w.-]+$/.test(name)) continue;
    const rel = dir.slice(modRoot.length);
    // A program in the module's root takes every non-test file of the module; one in a folder takes its folder and the module's shared packages.
    out.push({ name, language: 'go', definedIn: path, scope: modRoot, exclude: [], runForms: [rel ? `go run ./${rel.slice(0, -1)}` : 'go run .'] });
    out[out.length - 1].exclude = [];
    (out[out.length - 1] as CliProgram & { home?: string }).home = dir;
  }
  // Go programs share their module's scope; the folders of the module's other programs are excluded from each.
  const homes = out.map((p) => (p as CliProgram & { home?: string }).home!);
  for (const [i, p] of out.entries()) {
    p.exclude = homes.filter((h, j) => j !== i && h !== p.scope && h.startsWith(p.scope));
    delete (p as CliProgram & { home?: string }).home;
  }
  return out;
}

/** Is `path` one of the program's own source files (in its scope, outside its siblings' folders, not a test)? */
export function inProgramScope(program: CliProgram, path: string): boolean {
  if (!path.startsWith(program.scope)) return false;
  if (program.exclude.some((e) => path.startsWith(e))) return false;
  const rel = path.slice(program.scope.length);
  // Samples at the top (`examples/`), not a Java package named `example`.
  if (/^(?:examples?|_examples|samples?|docs?|docs_src|docs-src|website|site|scripts|tools|hack|bench(?:marks?)?)\//.test(rel)) return false;
  if (/(?:^|\/)(?:node_modules|vendor|third_party|testdata|fixtures?|tests|__tests__|e2e|benches|dist|dist-\w+|target|out)\//.test(rel)) return false;
  // Inside a Python package, `build/` and `test/` are modules like any other (hatch's `hatch build` and `hatch test`
  // live in `src/hatch/cli/build/` and `src/hatch/cli/test/`); elsewhere they hold outputs and tests.
  if ((program.language === 'python' ? /^(?:test|build)\// : /(?:^|\/)(?:test|build)\//).test(rel)) return false;
  return !/(?:_test\.go|\.test\.[cm]?[jt]sx?|\.spec\.[cm]?[jt]sx?|(?:^|\/)test_[^/]*\.py|_test\.py|\.min\.js|\.d\.ts)$/.test(rel);
}
