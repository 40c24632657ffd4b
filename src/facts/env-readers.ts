import type { CommentFamily } from './source.js';
import { readDockerfile } from './env-dockerfile.js';

/**
 * Language-aware readers of environment-variable names (the `env-docs` rule).
 * Each reader returns the names a file reads, with the offsets of the name
 * itself; comments are filtered by the caller, which knows the file's comment spans.
 */
export const ENV_READERS = ['go', 'node', 'python', 'rust', 'java', 'kotlin', 'ruby', 'shell', 'compose', 'dotenv', 'helm', 'dockerfile'] as const;
export type EnvReader = (typeof ENV_READERS)[number];
/** Readers that read text with patterns or a format's own parser (configuration formats and shell); the others read syntax trees (env-trees.ts). */
export const TEXT_READERS = ['shell', 'compose', 'dotenv', 'helm', 'dockerfile'] as const;
/** Readers with a text-pattern version: for formats, the reader itself; for go, node and python, the fallback when no grammar can be loaded. */
export type PatternReader = 'go' | 'node' | 'python' | (typeof TEXT_READERS)[number];

/** A name read at `start`..`end` (code-unit offsets of the name in the file's text). */
export interface EnvNameRead {
  name: string;
  start: number;
  end: number;
  /**
   * The file gives the variable its value for the program's own runtime (an s6-overlay init writing
   * `/run/s6/container_environment/NAME`): the image provides it, so reading it elsewhere is not a setting a user gives.
   */
  provided?: true;
  /** The file sets the variable for another program (a compose service's own `environment:` for someone else's image): documented and set is fine. */
  exported?: true;
}

/** The comment syntax a reader implies when the file name does not tell (a script without extension or shebang). */
export const READER_COMMENT_FAMILY: Record<EnvReader, CommentFamily> = {
  go: 'c',
  node: 'c',
  python: 'hash',
  rust: 'c',
  java: 'c',
  kotlin: 'c',
  ruby: 'hash',
  shell: 'hash',
  compose: 'hash',
  dotenv: 'hash',
  helm: 'hash',
  dockerfile: 'hash',
};

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';

/** Every match of `re`, reporting its capture group `name` (needs the `d` flag for offsets). */
function captures(text: string, re: RegExp, keep: (m: RegExpExecArray) => boolean = () => true): EnvNameRead[] {
  const out: EnvNameRead[] = [];
  for (const m of text.matchAll(re)) {
    const span = m.indices?.groups?.name;
    if (!span || !m.groups?.name || !keep(m)) continue;
    out.push({ name: m.groups.name, start: span[0], end: span[1] });
  }
  return out;
}

/** The string literals inside an argument list such as `"A", "B"` starting at `offset`. */
function stringLiterals(args: string, offset: number): EnvNameRead[] {
  const out: EnvNameRead[] = [];
  for (const m of args.matchAll(/(["'`])([A-Za-z_][A-Za-z0-9_]*)\1/g)) {
    const start = offset + (m.index ?? 0) + 1;
    out.push({ name: m[2], start, end: start + m[2].length });
  }
  return out;
}

/** Is the text after a match an assignment (`= value`, not `==`/`===`/`=>`)? */
function assignedAt(text: string, index: number): boolean {
  return /^\s*(?:\?\?|\|\||&&)?=(?![=>])/.test(text.slice(index, index + 8));
}

function readGo(text: string): EnvNameRead[] {
  const out = [
    ...captures(text, new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*"(?<name>${IDENT})"`, 'gd')),
    // A name built at run time reads the family of its constant prefix: `os.Getenv("APP_" + kind)`, `fmt.Sprintf("APP_%s_URL", kind)`.
    ...captures(text, new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*"(?<name>${IDENT}_)"\\s*\\+`, 'gd')),
    ...captures(text, new RegExp(`\\bos\\.(?:Getenv|LookupEnv)\\(\\s*fmt\\.Sprintf\\(\\s*"(?<name>${IDENT}_)%`, 'gd')),
    // Struct tags: `env:"X"`, `env:"X,required"`, `envconfig:"X"`.
    ...captures(text, new RegExp(`\\b(?:env|envconfig):"(?<name>${IDENT})[",]`, 'gd')),
    // alexflint/go-arg: `arg:"--addr,env:X"`.
    ...captures(text, new RegExp(`\\barg:"[^"]*?\\benv:(?<name>${IDENT})`, 'gd')),
  ];
  // urfave/cli v2 `EnvVars: []string{"X", "Y"}`, v3 `cli.EnvVars("X", "Y")`, `viper.BindEnv("key", "X")`.
  for (const m of text.matchAll(/\bEnvVars:\s*\[\]string\{([^}]*)\}|\b[A-Za-z_]\w*\.EnvVars\(([^)]*)\)/dg)) {
    const group = m[1] !== undefined ? 1 : 2;
    const span = m.indices?.[group];
    if (span) out.push(...stringLiterals(m[group], span[0]));
  }
  for (const m of text.matchAll(/\bviper\.BindEnv\(([^)]*)\)/dg)) {
    const span = m.indices?.[1];
    if (!span) continue;
    const literals = stringLiterals(m[1], span[0]);
    // BindEnv("key", "X", ...) binds the names after the key; BindEnv("X") binds a key that is itself a name.
    out.push(...(literals.length > 1 ? literals.slice(1) : literals));
  }
  return out;
}

function readNode(text: string): EnvNameRead[] {
  const notWritten = (m: RegExpExecArray) => !assignedAt(text, (m.index ?? 0) + m[0].length) && !/\bdelete\s+$/.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index));
  const out = [
    ...captures(text, new RegExp(`\\bprocess\\.env\\??\\.(?<name>${IDENT})\\b`, 'gd'), notWritten),
    ...captures(text, new RegExp(`\\bprocess\\.env\\??\\.?\\[\\s*(["'\`])(?<name>${IDENT})\\1\\s*\\]`, 'gd'), notWritten),
    ...captures(text, new RegExp(`\\bimport\\.meta\\.env\\??\\.(?<name>${IDENT})\\b`, 'gd'), notWritten),
    ...captures(text, new RegExp(`\\bDeno\\.env\\.get\\(\\s*(["'\`])(?<name>${IDENT})\\1`, 'gd')),
    // A template literal reads the family of its constant prefix: process.env[`APP_${name}_URL`].
    ...captures(text, new RegExp(`\\b(?:process\\.env\\??\\.?\\[|Deno\\.env\\.get\\()\\s*\`(?<name>${IDENT}_)\\$\\{`, 'gd'), notWritten),
  ];
  // `const { X, Y: y, Z = "d", ...rest } = process.env`: the keys before `:`/`=` are the names.
  for (const m of text.matchAll(/\b(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*(?:process\.env|import\.meta\.env)\b/dg)) {
    const span = m.indices?.[1];
    if (!span) continue;
    let offset = span[0];
    for (const part of m[1].split(',')) {
      const key = new RegExp(`^\\s*(["']?)(${IDENT})\\1`).exec(part);
      if (key && !part.trimStart().startsWith('...')) {
        const start = offset + key[0].length - key[2].length - key[1].length;
        out.push({ name: key[2], start, end: start + key[2].length });
      }
      offset += part.length + 1;
    }
  }
  return out;
}

function readPython(text: string): EnvNameRead[] {
  const notWritten = (m: RegExpExecArray) => !assignedAt(text, (m.index ?? 0) + m[0].length) && !/\bdel\s+(?:os\.)?$/.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index));
  return [
    ...captures(text, new RegExp(`\\benviron\\[\\s*(["'])(?<name>${IDENT})\\1\\s*\\]`, 'gd'), notWritten),
    ...captures(text, new RegExp(`\\b(?:environ\\.get|getenv)\\(\\s*(["'])(?<name>${IDENT})\\1`, 'gd')),
    // An f-string reads the family of its constant prefix: os.environ[f"APP_{name}_URL"].
    ...captures(text, new RegExp(`\\b(?:environ\\[|environ\\.get\\(|getenv\\()\\s*f(["'])(?<name>${IDENT}_)\\{`, 'gd'), notWritten),
  ];
}

/** A container entrypoint: it ends by running the command it is given (`exec "$@"`, `exec su-exec "$UID" "$@"`). */
const ENTRYPOINT_EXEC = /^[ \t]*exec\b[^\n]*"\$@"/m;
/**
 * `export NAME=value` at a line's start in an entrypoint: the image sets NAME for the program it starts
 * (homepage's `export HOMEPAGE_BUILDTIME=$(date +%s)`). A value that reads NAME (`${NAME:-default}`) keeps it a setting.
 */
const ENTRYPOINT_EXPORT = new RegExp(`^[ \\t]*export[ \\t]+(?<name>${IDENT})=(?<value>[^\\n]*)`, 'gmd');

/** s6-overlay keeps the container's environment as one file per variable; an init script writing one sets it for every later service. */
const S6_CONTAINER_ENV = new RegExp(`>>?\\s*["']?(?:/var)?/run/s6/container_environment/(?<name>${IDENT})(?![\\w$*])`, 'gd');

/**
 * A shell assignment at the start of a command (`NAME=…`, `NAME=(…)`, `local`/`declare`/`readonly NAME=…`, `eval "NAME=…"`, `for NAME in`,
 * `read -r NAME`): the script sets the variable itself. `export NAME=…` is left out (the script hands it on, and
 * env-docs reads that as a read of a setting passed down).
 */
const SHELL_ASSIGNMENT = new RegExp(
  `(?:^|[;&|({]|\\bthen|\\bdo|\\belse|\\beval[ \\t]+["'])[ \\t]*(?:(?:local|declare|typeset|readonly)(?:[ \\t]+-[a-zA-Z]+)*[ \\t]+)?(?<name>${IDENT})\\+?=(?<value>[^\\n;&|]*)|\\bfor[ \\t]+(?<loop>${IDENT})[ \\t]+in\\b|\\bread(?:[ \\t]+-[a-zA-Z]+)*[ \\t]+(?<read>${IDENT})`,
  'gm',
);

/** A shell function's first line: `name() {`, `function name {`, `function name() {`. */
const SHELL_FUNCTION = /^([ \t]*)(?:function[ \t]+[\w:.-]+[ \t]*(?:\(\))?|[\w:.-]+[ \t]*\(\))[ \t]*\{?[ \t]*(?:#.*)?$/gm;

/** The spans of a script's function bodies: from the header to the first `}` line at the header's indentation. */
function shellFunctionSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(SHELL_FUNCTION)) {
    const start = m.index ?? 0;
    const close = new RegExp(`^${m[1]}\\}[ \\t;]*(?:#.*)?$`, 'm').exec(text.slice(start + m[0].length));
    spans.push([start, close ? start + m[0].length + close.index + close[0].length : text.length]);
  }
  return spans;
}

/**
 * The names a script sets itself before it first reads them, with a value that does not read them
 * (`OS_ARCH=(amd64)` then `"${OS_ARCH[@]}"`): its own variables, not settings from the environment. An assignment
 * after a read, or `NAME=${NAME:-default}`, keeps the reads (the environment's value is read first).
 */
function localShellNames(text: string, reads: readonly EnvNameRead[]): Set<string> {
  // A read inside a function runs when the function is called, after the script's own assignments: it counts as
  // after every assignment (starship's init sets STARSHIP_PROMPT_COMMAND below the function that reads it).
  const functions = shellFunctionSpans(text);
  const firstRead = new Map<string, number>();
  for (const r of reads) {
    const at = functions.some(([from, to]) => r.start >= from && r.start < to) ? Infinity : r.start;
    firstRead.set(r.name, Math.min(firstRead.get(r.name) ?? Infinity, at));
  }
  const local = new Set<string>();
  for (const m of text.matchAll(SHELL_ASSIGNMENT)) {
    const name = m.groups?.name ?? m.groups?.loop ?? m.groups?.read;
    const at = firstRead.get(name ?? '');
    if (!name || at === undefined || (m.index ?? 0) > at) continue;
    if (m.groups?.value !== undefined && new RegExp(`\\$\\{?${name}\\b`).test(m.groups.value)) continue;
    local.add(name);
  }
  return local;
}

function readShell(text: string): EnvNameRead[] {
  // `$X`, `${X}`, `${X:-default}`, `${#X}` (fish's `$X` too); `\$X` is a literal and `$$` the shell's PID. Nushell's
  // `$env.X` (junegunn/fzf's completion.nu reads `$env.FZF_COMPLETERS?`).
  // `$env.X = …` sets it (for the commands the script runs), as `export X=…` does.
  const nuWrite = (r: EnvNameRead) => text.startsWith('$env.', r.start - 5) && /^\??\s*=(?!=)/.test(text.slice(r.end, r.end + 8));
  const all = captures(text, new RegExp(`(?<![\\\\$])\\$(?:\\{#?|env\\.)?(?<name>${IDENT})`, 'gd')).filter((r) => !nuWrite(r));
  const local = all.length ? localShellNames(text, all) : new Set<string>();
  const reads = local.size ? all.filter((r) => !local.has(r.name)) : all;
  const provided = ENTRYPOINT_EXEC.test(text) ? captures(text, ENTRYPOINT_EXPORT, (m) => !new RegExp(`\\$\\{?${m.groups?.name}\\b`).test(m.groups?.value ?? '')) : [];
  if (text.includes('container_environment/')) provided.push(...captures(text, S6_CONTAINER_ENV));
  return provided.length ? [...reads, ...provided.map((r) => ({ ...r, provided: true as const }))] : reads;
}

/** Compose and Helm values interpolate like the shell, except that `$$` escapes a dollar. */
function readInterpolations(text: string): EnvNameRead[] {
  return captures(text, new RegExp(`(?<![\\\\$])\\$\\{(?<name>${IDENT})`, 'gd'));
}

interface YamlLine {
  start: number;
  text: string;
  indent: number;
}

function yamlLines(text: string): YamlLine[] {
  const lines: YamlLine[] = [];
  let start = 0;
  for (const line of text.split(/\r\n|\n|\r/)) {
    lines.push({ start, text: line, indent: line.length - line.trimStart().length });
    start += line.length + (text[start + line.length] === '\r' && text[start + line.length + 1] === '\n' ? 2 : 1);
  }
  return lines;
}

/**
 * The lines of every YAML block under a key named by `key` (`environment:`,
 * `env:`), found by indentation so that Helm templates, which are not valid
 * YAML, read the same as plain YAML. Template-only and comment lines do not end a block.
 */
function blocksUnder(text: string, key: RegExp): YamlLine[][] {
  const blocks: YamlLine[][] = [];
  const lines = yamlLines(text);
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)(-\s+)?([A-Za-z_][\w-]*)\s*:\s*(#.*)?$/.exec(lines[i].text);
    if (!head || !key.test(head[3])) continue;
    const keyColumn = head[1].length + (head[2]?.length ?? 0);
    const block: YamlLine[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      const trimmed = line.text.trim();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('{{')) continue;
      // A sequence may sit at its key's own indentation (`env:` then `- name: X` in the same column).
      if (line.indent > keyColumn || (line.indent === keyColumn && trimmed.startsWith('- '))) block.push(line);
      else break;
    }
    blocks.push(block);
    i = j - 1;
  }
  return blocks;
}

/** Keys of the first nesting level of a block: `KEY: value` map entries. */
function firstLevelKeys(block: YamlLine[]): EnvNameRead[] {
  const out: EnvNameRead[] = [];
  const level = block[0]?.indent;
  for (const line of block) {
    if (line.indent !== level) continue;
    const m = new RegExp(`^(\\s*)(["']?)(${IDENT})\\2\\s*:(?:\\s|$)`).exec(line.text);
    if (m) out.push({ name: m[3], start: line.start + m[1].length + m[2].length, end: line.start + m[1].length + m[2].length + m[3].length });
  }
  return out;
}

/**
 * Is `image` an official Docker Hub image (`postgres:18`, `redis`, `docker.io/library/nginx`)? Only Docker's
 * library publishes names without a namespace, so such an image is never one this repository builds.
 */
function isOfficialLibraryImage(image: string): boolean {
  const name = image
    .replace(/^["']|["']$/g, '')
    .replace(/^(?:docker\.io\/|index\.docker\.io\/)?library\//, '')
    .replace(/[:@].*$/, '');
  return /^[a-z0-9][a-z0-9._-]*$/.test(name);
}

/**
 * The offset ranges of compose services that run someone else's image: an official library image and no
 * `build:`. Their `environment:` entries configure that image (postgres's `POSTGRES_DB`), they are not
 * settings this repository's code reads but values it sets for that image (exported); `${X}` interpolations in them still are reads of the host's environment.
 */
function thirdPartyServices(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const block of blocksUnder(text, /^services$/)) {
    const level = block[0]?.indent;
    const heads = block.map((line, i) => (line.indent === level ? i : -1)).filter((i) => i >= 0);
    heads.forEach((head, k) => {
      const body = block.slice(head + 1, heads[k + 1] ?? block.length);
      const childIndent = body[0]?.indent;
      const child = (key: string) => body.find((l) => l.indent === childIndent && new RegExp(`^\\s*${key}\\s*:`).test(l.text));
      const image = /^\s*image\s*:\s*(\S+)/.exec(child('image')?.text ?? '')?.[1];
      // An image spelled with an interpolation (`x:${TAG}`) may be this repository's release: its reads stay.
      if (image === undefined || image.includes('$') || child('build') || !isOfficialLibraryImage(image)) return;
      const last = body[body.length - 1] ?? block[head];
      spans.push([block[head].start, last.start + last.text.length]);
    });
  }
  return spans;
}

function readCompose(text: string): EnvNameRead[] {
  const out = readInterpolations(text);
  const foreign = thirdPartyServices(text);
  const mark = (r: EnvNameRead): EnvNameRead => (foreign.some(([from, to]) => r.start >= from && r.start < to) ? { ...r, exported: true } : r);
  for (const block of blocksUnder(text, /^environment$/)) {
    out.push(...firstLevelKeys(block).map(mark));
    // List form: `- KEY=value`, `- KEY`, `- "KEY=value"`.
    for (const line of block) {
      const m = new RegExp(`^(\\s*-\\s+)(["']?)(${IDENT})(?:=|\\2\\s*(?:#.*)?$)`).exec(line.text);
      const read = m && { name: m[3], start: line.start + m[1].length + m[2].length, end: line.start + m[1].length + m[2].length + m[3].length };
      if (read) out.push(mark(read));
    }
  }
  return out;
}

function readHelm(text: string): EnvNameRead[] {
  const out: EnvNameRead[] = [];
  for (const block of blocksUnder(text, /^(?:extra)?[eE]nv(?:Vars)?$/)) {
    out.push(...firstLevelKeys(block));
    // Kubernetes form: `- name: X` (then `value:` / `valueFrom:`).
    for (const line of block) {
      const m = new RegExp(`^(\\s*-\\s+name:\\s*)(["']?)(${IDENT})\\2\\s*(?:#.*)?$`).exec(line.text);
      if (m) out.push({ name: m[3], start: line.start + m[1].length + m[2].length, end: line.start + m[1].length + m[2].length + m[3].length });
    }
  }
  return out;
}

function readDotenv(text: string): EnvNameRead[] {
  return captures(text, new RegExp(`^[ \\t]*(?:export[ \\t]+)?(?<name>${IDENT})[ \\t]*=`, 'gmd'));
}

const READERS: Record<PatternReader, (text: string) => EnvNameRead[]> = {
  go: readGo,
  node: readNode,
  python: readPython,
  shell: readShell,
  compose: readCompose,
  dotenv: readDotenv,
  helm: readHelm,
  dockerfile: readDockerfile,
};

/** Does `reader` have a text-pattern version? */
export function hasPatternReader(reader: EnvReader): reader is PatternReader {
  return reader in READERS;
}

/** The names `reader` finds in `text`, in file order, comments not yet removed. */
export function readEnvNames(reader: PatternReader, text: string): EnvNameRead[] {
  const sorted = READERS[reader](text).sort((a, b) => a.start - b.start || a.end - b.end);
  // Two idioms may see the same name (`os.Getenv("APP_" + x)` is also a plain quoted read): keep one.
  return sorted.filter((r, i) => i === 0 || r.start !== sorted[i - 1].start || r.end !== sorted[i - 1].end);
}
