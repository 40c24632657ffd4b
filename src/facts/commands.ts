import type { StructuredFacts, StructuredNode } from './structured.js';

/**
 * Facts of the files that define a repository's commands: `package.json` scripts,
 * Makefile targets, justfile recipes, Taskfile tasks. Plain data with offsets, like
 * every fact. package.json and Taskfile.yml are read from their structured facts
 * (JSON/YAML with positions); Makefile and justfile have no parser on npm that keeps
 * positions, so a careful line reader reads what a target or recipe header looks like.
 */
export interface CommandName {
  name: string;
  start: number;
  end: number;
  /** A pattern the name stands for (make `%.o`, Task `start:*`): every name it matches is defined. */
  pattern?: boolean;
}

export interface CommandFileFacts {
  kind: 'make' | 'just';
  path: string;
  names: CommandName[];
  /** Other files the file reads in (`include`, `import`), as written, relative to the including file's folder. */
  includes: string[];
  /** Files read in only if they exist (`-include`, `import?`). */
  optionalIncludes: string[];
  /** Targets named by a variable (`$(BIN):`): the file defines names this reader cannot know. */
  computed: boolean;
  /**
   * make only: upper-case variables the file uses but never sets (`ifdef APP_VERSION`, `$(APP_VERSION)`,
   * `APP_VERSION ?= …`), sorted. make takes them from the environment (`APP_VERSION=1.2.0 make`).
   */
  environment?: string[];
}

const MAKE_SPECIAL =
  /^\.(?:PHONY|SUFFIXES|DEFAULT|PRECIOUS|INTERMEDIATE|NOTINTERMEDIATE|SECONDARY|SECONDEXPANSION|DELETE_ON_ERROR|IGNORE|LOW_RESOLUTION_TIME|SILENT|EXPORT_ALL_VARIABLES|NOTPARALLEL|ONESHELL|POSIX)$/;

/** Physical lines joined where a line ends in `\`, each with the offset of its first character. */
function logicalLines(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  let pending: { text: string; start: number } | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const here = start;
    start += raw.length + 1;
    if (pending) {
      pending.text += ` ${line.trimStart()}`;
      if (!line.endsWith('\\')) {
        out.push(pending);
        pending = null;
      } else pending.text = pending.text.slice(0, -1);
      continue;
    }
    if (line.endsWith('\\')) pending = { text: line.slice(0, -1), start: here };
    else out.push({ text: line, start: here });
  }
  if (pending) out.push(pending);
  return out;
}

/** The words of `list` with their offsets, `base` being the offset of `list` in the file. */
function words(list: string, base: number): Array<{ word: string; start: number }> {
  const out: Array<{ word: string; start: number }> = [];
  for (const m of list.matchAll(/\S+/g)) out.push({ word: m[0], start: base + (m.index ?? 0) });
  return out;
}

/** The upper-case variables a Makefile's lines use and never set (`:=`, `=`, `::=`, `!=`; `?=` and `+=` keep the environment's value). */
function makeEnvironment(lines: ReadonlyArray<{ text: string }>): string[] {
  const used = new Set<string>();
  const set = new Set<string>();
  for (const line of lines) {
    const text = line.text.replace(/(^|[^\\])#.*$/, '$1');
    for (const m of text.matchAll(/(?<!\$)\$[({]([A-Z][A-Z0-9_]*)[)}:]/g)) used.add(m[1]);
    const test = /^\s*(?:ifdef|ifndef)\s+([A-Z][A-Z0-9_]*)\s*$/.exec(text);
    if (test) used.add(test[1]);
    const assign = /^\s*(?:(?:export|override)\s+)*([A-Z][A-Z0-9_]*)\s*(\?|\+|::?:?|!)?=/.exec(text);
    if (assign) (assign[2] === '?' || assign[2] === '+' ? used : set).add(assign[1]);
  }
  return [...used].filter((n) => !set.has(n)).sort();
}

/** Targets of a Makefile: rule heads (`a b: deps`, `a::`), `.PHONY` names, pattern rules as patterns; `define` bodies and recipes are skipped. */
export function extractMakefileFacts(path: string, text: string): CommandFileFacts {
  const facts: CommandFileFacts = { kind: 'make', path, names: [], includes: [], optionalIncludes: [], computed: false };
  const seen = new Set<string>();
  const add = (name: string, start: number, pattern = false) => {
    if (seen.has(name)) return;
    seen.add(name);
    facts.names.push({ name, start, end: start + name.length, ...(pattern ? { pattern } : {}) });
  };
  let inDefine = 0;
  const lines = logicalLines(text);
  for (const { text: line, start } of lines) {
    // A recipe line starts with a tab (the default .RECIPEPREFIX).
    if (line.startsWith('\t')) continue;
    const code = line.replace(/(^|[^\\])#.*$/, '$1');
    const trimmed = code.trim();
    if (!trimmed) continue;
    if (/^define\b/.test(trimmed) || /^(?:override|export)\s+define\b/.test(trimmed)) {
      inDefine++;
      continue;
    }
    if (inDefine) {
      if (/^endef\b/.test(trimmed)) inDefine--;
      continue;
    }
    const include = /^(-include|sinclude|include)\s+(.+)$/.exec(trimmed);
    if (include) {
      for (const w of include[2].split(/\s+/)) {
        if (!w) continue;
        if (w.includes('$')) facts.computed = true;
        else (include[1] === 'include' ? facts.includes : facts.optionalIncludes).push(w);
      }
      continue;
    }
    if (/^(?:ifn?eq|ifn?def|else|endif|export|unexport|override|vpath|undefine)\b/.test(trimmed) && !/^[^:=]*:(?!=)/.test(trimmed.replace(/^(?:export|override)\s+/, ''))) continue;
    // `a := b`, `a ::= b`, `a ?= b`, `a += b`, `a != b`, `a = b` are assignments; `a: x=y` is a target-specific variable.
    const colon = code.search(/:(?!=)/);
    if (colon < 0) continue;
    const head = code.slice(0, colon);
    if (/[=]/.test(head)) continue;
    if (code.slice(colon).startsWith('::=')) continue;
    const rest = code.slice(colon + 1).replace(/^:/, '');
    if (/^\.PHONY$/.test(head.trim())) {
      // `.PHONY: docker-%` names no target (make takes it literally); the pattern rule `docker-%:` is what defines them.
      for (const w of words(rest, start + colon + 1 + (code[colon + 1] === ':' ? 1 : 0))) if (!/[$;%]/.test(w.word)) add(w.word, w.start);
      continue;
    }
    for (const w of words(head, start)) {
      if (w.word.includes('$')) {
        facts.computed = true;
        continue;
      }
      if (MAKE_SPECIAL.test(w.word)) continue;
      // A suffix rule (`.c.o:`) or a pattern rule (`%.o:`, `build-%:`) stands for names.
      if (w.word.includes('%')) add(w.word, w.start, true);
      else if (!/^\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?$/.test(w.word)) add(w.word, w.start);
    }
  }
  const environment = makeEnvironment(lines);
  if (environment.length) facts.environment = environment;
  return facts;
}

/** Recipes and aliases of a justfile (`name param='x': deps`, `@name:`, `alias b := build`); `import`/`mod` files are includes. */
export function extractJustfileFacts(path: string, text: string): CommandFileFacts {
  const facts: CommandFileFacts = { kind: 'just', path, names: [], includes: [], optionalIncludes: [], computed: false };
  const seen = new Set<string>();
  const add = (name: string, start: number) => {
    if (seen.has(name)) return;
    seen.add(name);
    facts.names.push({ name, start, end: start + name.length });
  };
  let lineStart = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const here = lineStart;
    lineStart += raw.length + 1;
    // Recipe bodies are indented; headers, settings and assignments start the line.
    if (/^\s/.test(line) || line.startsWith('#') || line.startsWith('[')) continue;
    const alias = /^alias\s+([A-Za-z_][A-Za-z0-9_-]*)\s*:=/.exec(line);
    if (alias) {
      add(alias[1], here + line.indexOf(alias[1], 5));
      continue;
    }
    const imported = /^import(\?)?\s+['"]([^'"]+)['"]/.exec(line);
    if (imported) {
      (imported[1] ? facts.optionalIncludes : facts.includes).push(imported[2]);
      continue;
    }
    const mod = /^mod\??\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s+['"]([^'"]+)['"])?/.exec(line);
    if (mod) {
      // A module's recipes are run as `just mod::recipe` or `just mod recipe`; the module name is what a doc names first.
      add(mod[1], here + line.indexOf(mod[1], 3));
      continue;
    }
    if (/^(?:set|export|unexport)\s/.test(line)) continue;
    const head = /^@?([A-Za-z_][A-Za-z0-9_-]*)\b([^:=]*(?:=[^:]*)?)?:(?!=)/.exec(line);
    if (head && !/^\s*:=/.test(line.slice(head[1].length))) add(head[1], here + line.indexOf(head[1]));
  }
  return facts;
}

export interface PackageFacts {
  path: string;
  name: string | null;
  scripts: CommandName[];
  /** Names of dependencies of every kind: a package's bin may be run through `yarn X`. */
  dependencies: Set<string>;
  /** Workspace globs (`workspaces` array or `workspaces.packages`). */
  workspaces: string[];
  /** The programs it installs (`bin`): its keys, or the package's name without its scope for a single path. */
  bin: string[];
}

const entryOf = (node: StructuredNode | undefined, key: string) => node?.entries?.find((e) => e.key === key);

/** The scripts, name, dependencies, workspaces and programs of a parsed package.json: the one reading both `commands` and `cli-flags` use. */
export function packageFactsOf(facts: StructuredFacts): PackageFacts | null {
  const root = facts.roots[0];
  if (!root?.entries) return null;
  const scripts = entryOf(root, 'scripts')?.node.entries ?? [];
  const name = entryOf(root, 'name')?.node.value;
  const dependencies = new Set<string>();
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) for (const e of entryOf(root, key)?.node.entries ?? []) dependencies.add(e.key);
  const ws = entryOf(root, 'workspaces')?.node;
  const bin = entryOf(root, 'bin')?.node;
  const binNames = bin?.entries ? bin.entries.map((e) => e.key) : typeof bin?.value === 'string' && typeof name === 'string' ? [name.replace(/^@[^/]+\//, '')] : [];
  const wsList = ws?.items ?? entryOf(ws, 'packages')?.node.items ?? [];
  return {
    path: facts.path,
    name: typeof name === 'string' ? name : null,
    // The key's range includes its quotes in JSON: the name starts one character in.
    scripts: scripts.map((e) => ({ name: e.key, start: e.keyStart + 1, end: e.keyEnd - 1 })),
    dependencies,
    workspaces: wsList.map((n) => n.value).filter((v): v is string => typeof v === 'string'),
    bin: binNames,
  };
}

export interface TaskfileFacts {
  path: string;
  tasks: CommandName[];
  /** Included Taskfiles by namespace: where they are, relative to this file's folder, and whether their tasks are flattened into this namespace. */
  includes: Array<{ namespace: string; taskfile: string; flatten: boolean; aliases: string[] }>;
}

/** Tasks (with their aliases; `x:*` wildcards as patterns) and includes of a parsed Taskfile. */
export function taskfileFactsOf(facts: StructuredFacts): TaskfileFacts | null {
  const root = facts.roots[0];
  if (!root?.entries) return null;
  const tasks: CommandName[] = [];
  for (const e of entryOf(root, 'tasks')?.node.entries ?? []) {
    tasks.push({ name: e.key, start: e.keyStart, end: e.keyEnd, ...(e.key.includes('*') ? { pattern: true } : {}) });
    for (const a of entryOf(e.node, 'aliases')?.node.items ?? []) if (typeof a.value === 'string') tasks.push({ name: a.value, start: a.start, end: a.end });
  }
  const includes: TaskfileFacts['includes'] = [];
  for (const e of entryOf(root, 'includes')?.node.entries ?? []) {
    const value = e.node.value;
    const taskfile = typeof value === 'string' ? value : entryOf(e.node, 'taskfile')?.node.value;
    if (typeof taskfile !== 'string') continue;
    const aliases = (entryOf(e.node, 'aliases')?.node.items ?? []).map((n) => n.value).filter((v): v is string => typeof v === 'string');
    includes.push({ namespace: e.key, taskfile, flatten: entryOf(e.node, 'flatten')?.node.value === true, aliases });
  }
  return { path: facts.path, tasks, includes };
}
