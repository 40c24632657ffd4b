import { Arg, DockerfileParser, Env, type Property } from 'dockerfile-ast';

/** A name at `start`..`end` of the file's text; `provided` when the image sets it (env-readers.ts's EnvNameRead, which imports this file). */
interface EnvNameRead {
  name: string;
  start: number;
  end: number;
  provided?: true;
}

/**
 * Build arguments BuildKit sets by itself (platform and proxy arguments): the
 * builder provides them, nobody passes them with `--build-arg`.
 */
const BUILDKIT_ARGS = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'FTP_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
]);

/** The code-unit offset of the start of each line (LF, CRLF or CR), as the parser counts lines. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** A property's name as a read at its offsets, or null when the parser gave it no name range. */
function nameRead(p: Property, starts: readonly number[], provided: boolean): EnvNameRead | null {
  const range = p.getNameRange();
  const name = p.getName();
  if (!range || !name) return null;
  const start = (starts[range.start.line] ?? 0) + range.start.character;
  return { name, start, end: start + name.length, ...(provided ? { provided: true as const } : {}) };
}

/**
 * The names a Dockerfile defines, parsed with dockerfile-ast (line continuations,
 * the escape directive, quoting). `ENV X=…` sets X in the image: the image
 * provides it, so a read of X elsewhere is not a setting a user gives. `ARG X`
 * is a build argument the builder passes (`--build-arg X=…`): a read, except the
 * arguments BuildKit sets itself. `$X` inside instructions only uses names declared
 * by these, and comments are never names.
 */
export function readDockerfile(text: string): EnvNameRead[] {
  const starts = lineStarts(text);
  const out: EnvNameRead[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (!(instruction instanceof Env) && !(instruction instanceof Arg)) continue;
    for (const p of instruction.getProperties()) {
      const read = nameRead(p, starts, instruction instanceof Env || BUILDKIT_ARGS.has(p.getName()));
      if (read) out.push(read);
    }
  }
  return out;
}
