import { parse as parseToml } from 'smol-toml';

/**
 * The names of a repository's own packages and of the packages it depends on, read from its root manifests
 * (`go.mod`, `package.json`, `Cargo.toml`, `pyproject.toml`, `requirements*.txt`), each reduced to the bare word
 * an environment-variable prefix would be made of: `github.com/go-acme/lego/v4` → `lego`, `@scope/pkg` → `pkg`,
 * `python-dotenv` → `python-dotenv` (a name with a separator never equals a one-word prefix).
 */
export interface ManifestNames {
  /** The project's own module or package names. */
  own: Set<string>;
  /** Dependency name → the manifest entry as written (for the message). */
  dependencies: Map<string, string>;
}

/** The bare name of a Go module path: its last element that is not a major version (`/v4`). */
function goModuleName(path: string): string {
  const parts = path.split('/').filter((p) => p && !/^v\d+$/.test(p));
  return (parts[parts.length - 1] ?? path).toLowerCase();
}

/** The bare name of an npm package (`@scope/name` → `name`). */
function npmName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1).toLowerCase();
}

/** A requirement string's package name (`requests>=2; python_version<'3.8'` → `requests`). */
function pythonName(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1].toLowerCase();
}

/** Reads `go.mod`: its `module` and every `require`d module (single lines and blocks). */
function readGoMod(text: string, out: ManifestNames): void {
  const module = /^module\s+(\S+)/m.exec(text);
  if (module) out.own.add(goModuleName(module[1]));
  let inBlock = false;
  for (const line of text.split('\n')) {
    const t = line.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(t)) inBlock = true;
    else if (inBlock && t === ')') inBlock = false;
    const m = inBlock ? /^(\S+)\s+v\S+/.exec(t) : /^require\s+(\S+)\s+v\S+/.exec(t);
    if (m) out.dependencies.set(goModuleName(m[1]), m[1]);
  }
}

/** Reads `package.json`: its name and its dependencies of every kind. */
function readPackageJson(text: string, out: ManifestNames): void {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return;
  }
  if (typeof data.name === 'string') out.own.add(npmName(data.name));
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = data[key];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) out.dependencies.set(npmName(name), name);
  }
}

/** Reads `Cargo.toml` (package and workspace dependencies) or `pyproject.toml` (PEP 621 and Poetry). */
function readToml(file: string, text: string, out: ManifestNames): void {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch {
    return;
  }
  const table = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  if (file === 'Cargo.toml') {
    const name = table(data.package).name;
    if (typeof name === 'string') out.own.add(name.toLowerCase());
    for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
      for (const dep of [...Object.keys(table(data[key])), ...Object.keys(table(table(data.workspace)[key]))]) out.dependencies.set(dep.toLowerCase(), dep);
    }
    return;
  }
  const project = table(data.project);
  const poetry = table(table(data.tool).poetry);
  for (const name of [project.name, poetry.name]) if (typeof name === 'string') out.own.add(name.toLowerCase());
  const requirements = Array.isArray(project.dependencies) ? project.dependencies.filter((d): d is string => typeof d === 'string') : [];
  for (const dep of [...requirements.map(pythonName), ...Object.keys(table(poetry.dependencies))]) if (dep && dep !== 'python') out.dependencies.set(dep.toLowerCase(), dep);
}

/** The own and dependency names of the manifests at the repository root; `text` reads a root file (undefined when absent). */
export function manifestNames(text: (file: string) => string | undefined, files: readonly string[]): ManifestNames {
  const out: ManifestNames = { own: new Set(), dependencies: new Map() };
  const goMod = text('go.mod');
  if (goMod) readGoMod(goMod, out);
  const pkg = text('package.json');
  if (pkg) readPackageJson(pkg, out);
  for (const file of ['Cargo.toml', 'pyproject.toml']) {
    const t = text(file);
    if (t) readToml(file, t, out);
  }
  for (const file of files.filter((f) => /^requirements[\w.-]*\.txt$/.test(f)).sort()) {
    for (const line of (text(file) ?? '').split('\n')) {
      const name = line.trim().startsWith('-') ? undefined : pythonName(line.replace(/#.*$/, ''));
      if (name) out.dependencies.set(name, name);
    }
  }
  return out;
}

/**
 * The dependency an environment-variable prefix belongs to (`LEGO_` and `github.com/go-acme/lego/v4`), or undefined:
 * the prefix's word is a dependency's bare name and not the project's own.
 */
export function dependencyOfPrefix(prefix: string, names: ManifestNames): string | undefined {
  const word = prefix.replace(/_+$/, '').toLowerCase();
  if (names.own.has(word)) return undefined;
  return names.dependencies.get(word);
}
