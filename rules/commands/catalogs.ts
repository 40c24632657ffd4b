import { dirOf, normalizePath, packageFactsOf, taskfileFactsOf, type CommandName, type DefinedName, type PackageFacts, type RepositoryFacts } from '../../src/api/index.js';

/** A catalog of names one file (and what it includes) defines, and how docs run them. */
export interface Catalog {
  key: string;
  file: string;
  what: 'script' | 'target' | 'recipe' | 'task';
  names: DefinedName[];
  /** Files whose change can change the names (the file and what it includes). */
  files: string[];
  /** Package dependencies: `yarn X` may run a dependency's program. */
  dependencies?: ReadonlySet<string>;
  /** Some names are computed (`$(BIN):`): a name that looks like a file (`bin/app`, `app.tar.gz`) may be one of them. */
  computed?: boolean;
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const parentOf = (dir: string): string | null => (dir === '' ? null : dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');

/** Reads catalogs from the workspace's facts, each once per run. */
export class Catalogs {
  private readonly cache = new Map<string, Catalog | null>();
  constructor(private readonly ws: RepositoryFacts) {}

  private site(path: string, n: CommandName) {
    return { path, range: this.ws.text(path)!.lines.rangeOf(n.start, n.end) };
  }

  private memo(key: string, make: () => Catalog | null): Catalog | null {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) ?? null;
  }

  private package(path: string): PackageFacts | null {
    const facts = this.ws.isFile(path) ? this.ws.structured(path) : undefined;
    return facts && !facts.error ? packageFactsOf(facts) : null;
  }

  /** The nearest package.json at or above `dir` (npm looks upward), as a catalog of scripts. */
  packageAt(dir: string, upward = true): Catalog | null {
    for (let d: string | null = dir; d !== null; d = upward ? parentOf(d) : null) {
      const path = join(d, 'package.json');
      if (!this.ws.isFile(path)) continue;
      return this.memo(`npm:${path}`, () => {
        const pkg = this.package(path);
        if (!pkg) return null;
        const names = pkg.scripts.map((s) => ({ name: s.name, sites: [this.site(path, s)] }));
        return { key: `npm:${path}`, file: path, what: 'script', names, files: [path], dependencies: pkg.dependencies };
      });
    }
    return null;
  }

  /** Catalogs of the same kind in the folders above `catalog`'s (the same file name as it reads there). */
  above(catalog: Catalog): Catalog[] {
    const out: Catalog[] = [];
    const kind = catalog.key.slice(0, catalog.key.indexOf(':'));
    for (let d = parentOf(dirOf(catalog.file)); d !== null; d = parentOf(d)) {
      const found = kind === 'npm' ? this.packageAt(d, false) : kind === 'make' ? this.makefileAt(d) : kind === 'just' ? this.justfileAt(d) : this.taskfileAt(d);
      if (found && found.key !== catalog.key && !out.includes(found)) out.push(found);
    }
    return out;
  }

  /** The workspace package of the project at `root` named `selector` (a folder relative to the root, or a package name). */
  workspacePackage(root: Catalog, selector: string): Catalog | null {
    const dir = dirOf(root.file);
    const byPath = normalizePath(join(dir, selector.replace(/^\.\//, '').replace(/\/+$/, '')));
    if (byPath !== null && this.ws.isFile(join(byPath, 'package.json'))) return this.packageAt(byPath, false);
    const pkg = this.package(root.file);
    const globs = [...(pkg?.workspaces ?? []), ...this.pnpmWorkspaces(dir)];
    if (!globs.length) return null;
    const files = this.ws.match(globs.filter((g) => !g.startsWith('!')).map((g) => `${join(dir, g.replace(/\/+$/, ''))}/package.json`));
    for (const f of files) if (this.package(f)?.name === selector) return this.packageAt(dirOf(f), false);
    return null;
  }

  /** Every workspace package of the project at `root` (npm/yarn `workspaces`, pnpm-workspace.yaml), in path order. */
  workspacePackages(root: Catalog): Catalog[] {
    const dir = dirOf(root.file);
    const globs = [...(this.package(root.file)?.workspaces ?? []), ...this.pnpmWorkspaces(dir)].filter((g) => !g.startsWith('!'));
    if (!globs.length) return [];
    const files = this.ws.match(globs.map((g) => `${join(dir, g.replace(/\/+$/, ''))}/package.json`)).sort();
    return files.map((f) => this.packageAt(dirOf(f), false)).filter((c): c is Catalog => c !== null && c.key !== root.key);
  }

  private pnpmWorkspaces(dir: string): string[] {
    const path = join(dir, 'pnpm-workspace.yaml');
    const facts = this.ws.isFile(path) ? this.ws.structured(path) : undefined;
    const list = facts?.roots[0]?.entries?.find((e) => e.key === 'packages')?.node.items ?? [];
    return list.map((n) => n.value).filter((v): v is string => typeof v === 'string');
  }

  /** The Makefile make reads in `dir` (`-f` names another), with its includes; null when a name it defines cannot be known. */
  makefileAt(dir: string, file?: string): Catalog | null {
    const path = file ? normalizePath(join(dir, file)) : ['GNUmakefile', 'makefile', 'Makefile'].map((n) => join(dir, n)).find((p) => this.ws.isFile(p));
    if (!path || !this.ws.isFile(path)) return null;
    return this.memo(`make:${path}`, () => this.recipeCatalog(path, 'make', 'target'));
  }

  /** The justfile just finds from `dir` (it looks upward). */
  justfileAt(dir: string): Catalog | null {
    for (let d: string | null = dir; d !== null; d = parentOf(d)) {
      const path = ['justfile', 'Justfile', '.justfile', 'JUSTFILE'].map((n) => join(d!, n)).find((p) => this.ws.isFile(p));
      if (path) return this.memo(`just:${path}`, () => this.recipeCatalog(path, 'just', 'recipe'));
    }
    return null;
  }

  private recipeCatalog(path: string, kind: 'make' | 'just', what: Catalog['what']): Catalog | null {
    const names: DefinedName[] = [];
    const files: string[] = [];
    let computed = false;
    const queue = [path];
    while (queue.length) {
      const file = queue.shift()!;
      if (files.includes(file)) continue;
      const facts = this.ws.isFile(file) ? this.ws.commandFile(file, kind) : undefined;
      if (!facts) return null;
      if (facts.computed) computed = true;
      files.push(file);
      for (const n of facts.names) {
        if (!n.pattern) {
          names.push({ name: n.name, sites: [this.site(file, n)] });
          continue;
        }
        // `docker-%` defines every name starting `docker-`; `%.o` only names that look like files; a bare `%` every name.
        const prefix = n.name.slice(0, n.name.indexOf('%'));
        if (n.name === '%') return null;
        if (prefix) names.push({ name: prefix, sites: [this.site(file, n)], prefix: true });
        else computed = true;
      }
      for (const inc of facts.optionalIncludes) {
        const target = normalizePath(join(dirOf(kind === 'make' ? path : file), inc));
        if (target !== null && this.ws.isFile(target)) queue.push(target);
      }
      for (const inc of facts.includes) {
        const target = normalizePath(join(dirOf(kind === 'make' ? path : file), inc));
        // An include that is not in the tree (generated, or named by a variable): the names are not all known, so none is claimed missing.
        if (target === null || !this.ws.isFile(target)) return null;
        queue.push(target);
      }
    }
    return { key: `${kind}:${path}`, file: path, what, names, files, ...(computed ? { computed } : {}) };
  }

  /** The Taskfile task finds from `dir` (it looks upward), with its included Taskfiles under their namespaces. */
  taskfileAt(dir: string, file?: string): Catalog | null {
    const candidates = file ? [file] : ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
    for (let d: string | null = dir; d !== null; d = file ? null : parentOf(d)) {
      const path = candidates.map((n) => normalizePath(join(d!, n))).find((p): p is string => p !== null && this.ws.isFile(p));
      if (!path) continue;
      return this.memo(`task:${path}`, () => {
        const names: DefinedName[] = [];
        const files: string[] = [];
        return this.addTasks(path, '', names, files, 0) ? { key: `task:${path}`, file: path, what: 'task', names, files } : null;
      });
    }
    return null;
  }

  private addTasks(path: string, namespace: string, names: DefinedName[], files: string[], depth: number): boolean {
    const facts = this.ws.structured(path);
    const tf = facts && !facts.error ? taskfileFactsOf(facts) : null;
    if (!tf || depth > 4) return false;
    files.push(path);
    for (const t of tf.tasks) {
      const name = namespace + (t.pattern ? t.name.slice(0, t.name.indexOf('*')) : t.name);
      names.push({ name, sites: [this.site(path, t)], ...(t.pattern ? { prefix: true } : {}) });
    }
    for (const inc of tf.includes) {
      if (/[{}]|:\/\//.test(inc.taskfile)) return false;
      let target = normalizePath(join(dirOf(path), inc.taskfile));
      if (target !== null && !this.ws.isFile(target)) target = ['Taskfile.yml', 'Taskfile.yaml', 'taskfile.yml'].map((n) => join(target!, n)).find((p) => this.ws.isFile(p)) ?? null;
      if (target === null) return false;
      for (const ns of [inc.namespace, ...inc.aliases]) {
        if (!this.addTasks(target, inc.flatten ? namespace : `${namespace}${ns}:`, names, files, depth + 1)) return false;
        if (inc.flatten) break;
      }
    }
    return true;
  }
}
