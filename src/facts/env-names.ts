import { compileUserRegex, escapeRegex, type UserRegex } from '../config/regex.js';
import { editDistance } from '../workspace/resolve.js';

/** A name written in a doc: a plain name, or a family with placeholders (`X_<NAME>_Y`, `X_{NAME}`, `X_*`) or a bare prefix (`X_`). */
export interface EnvNameMention {
  /** The text as written, placeholders included. */
  text: string;
  start: number;
  end: number;
  /** For a family: the names it stands for. */
  family?: RegExp;
}

/** Compiles `names` so that it matches whole words only. */
export function wholeNameRegex(names: string): UserRegex {
  return compileUserRegex(`(?<![A-Za-z0-9_])(?:${names})(?![A-Za-z0-9_])`);
}

/**
 * Go help text writes a backtick as a format verb (`%[1]sGH_REPO%[1]s` with "`" as the argument): the text with each
 * `%s`/`%[n]s` blanked out, same length, so the names beside them are whole words and offsets stay the same.
 */
export function withoutFormatVerbs(text: string): string {
  return text.includes('%') ? text.replace(/%(?:\[\d+\])?s/g, (m) => ' '.repeat(m.length)) : text;
}

/** Docs whose markup underlines with `_…_`: man pages' sources in scdoc, AsciiDoc and ronn. */
export const UNDERLINE_MARKUP_DOC = /\.(?:scd|adoc|asciidoc|ronn)$/i;

/**
 * scdoc and AsciiDoc underline with `_…_` (alacritty's `_$ALACRITTY_WINDOW_ID_`, `_ALACRITTY_EXTRA_LOG_TARGETS_
 * variable`): the text with such underscores beside a name blanked out, same length, so the name is a whole word
 * and not the family `…_ID_`. For UNDERLINE_MARKUP_DOC files only.
 */
export function withoutUnderlineMarkup(text: string): string {
  if (!text.includes('_')) return text;
  return text.replace(/(?<![A-Za-z0-9_])_(?=\$?[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])/g, ' ').replace(/(?<=(?:^|[^A-Za-z0-9_])[ $]?[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])_(?![A-Za-z0-9_])/g, ' ');
}

/** A name of a prefix written in prose: the rest of its line has at least four lower-case words (help text, not a map of names). */
export function inProse(line: string, name: string): boolean {
  const rest = line.split(name).join(' ');
  return (rest.match(/\b[a-z]{2,}\b/g) ?? []).length >= 4;
}

/** Program sources init reads as documentation for their help text (gh's `gh help environment`, pipx's `main.py`). */
export const PROGRAM_SOURCE = /\.(?:py|go|rs|[cm]?js|jsx|[cm]?ts|tsx|java|kts?|rb)$/;

/**
 * In a program source read as documentation, is the name at [start, end) code rather than help text: an identifier
 * assigned, called, passed or indexed (pipx's `PIPX_DESCRIPTION = textwrap.dedent(…)`, `description=PIPX_DESCRIPTION,`)
 * on a line that is not prose?
 */
export function codeIdentifierUse(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  if (inProse(line, text.slice(start, end))) return false;
  return /^\s*(?:[-+*/|&]?=(?!=)|[(.[,):])/.test(text.slice(end, end + 4)) || /[=([,.]\s*$/.test(text.slice(Math.max(lineStart, start - 4), start));
}

/** A test: does a string match `names` as a whole (and is it not empty)? */
export function wholeNameTest(names: string): (name: string) => boolean {
  const re = compileUserRegex(`^(?:${names})$`);
  return (name) => name.length > 0 && re.test(name);
}

// A placeholder follows an underscore: `<NAME>`, `{NAME}` or a single `*` (not Markdown's `**`).
const PLACEHOLDER = /^(?:<[A-Za-z][A-Za-z0-9_-]{0,40}>|\{[A-Za-z][A-Za-z0-9_-]{0,40}\}|\*(?!\*))/;
const NAME_TAIL = /^[A-Za-z0-9_]*/;

/**
 * Is the match at `start` an anchor id, not a name the reader sees: a link's fragment (`](#APP_X)`,
 * `](config.md#APP_X)`) or a heading's id attribute (`{#APP_X}`), as MkDocs pages write beside the visible name
 * (paperless-ngx's `#### [\`PAPERLESS_X\`](#PAPERLESS_X) {#PAPERLESS_X}`).
 */
function anchorId(text: string, start: number): boolean {
  return text[start - 1] === '#' && /[({\w./-]/.test(text[start - 2] ?? '');
}

/**
 * Every mention of a name in a doc's text. A match of `names` followed by a
 * placeholder extends into a family; one that ends in `_` is a prefix family.
 */
export function scanNameMentions(text: string, names: UserRegex, skip: (offset: number) => boolean = () => false): EnvNameMention[] {
  const out: EnvNameMention[] = [];
  let previousEnd = 0;
  for (const m of names.matchAll(text)) {
    const start = m.index ?? 0;
    // A placeholder's own text (`<NAME>`) is part of the previous mention, not a name.
    if (m[0].length === 0 || start < previousEnd || skip(start) || anchorId(text, start)) continue;
    let end = start + m[0].length;
    const parts: string[] = [escapeRegex(m[0])];
    let placeholders = 0;
    while (text[end - 1] === '_') {
      const p = PLACEHOLDER.exec(text.slice(end, end + 44));
      if (!p) break;
      placeholders++;
      parts.push('[A-Za-z0-9_]+');
      end += p[0].length;
      const tail = NAME_TAIL.exec(text.slice(end))?.[0] ?? '';
      parts.push(escapeRegex(tail));
      end += tail.length;
    }
    const written = text.slice(start, end);
    previousEnd = end;
    if (placeholders > 0) out.push({ text: written, start, end, family: new RegExp(`^${parts.join('')}$`) });
    else if (written.endsWith('_')) out.push({ text: written, start, end, family: new RegExp(`^${escapeRegex(written)}[A-Za-z0-9_]+$`) });
    else out.push({ text: written, start, end });
  }
  return out;
}

/** Same words but one shortened: `DATABASE_PASS` for `DATABASE_PASSWORD`, `DB_USER` for `DB_USERNAME`. */
function abbreviates(a: string[], b: string[]): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let shortened = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const [s, l] = a[i].length < b[i].length ? [a[i], b[i]] : [b[i], a[i]];
    if (s.length < 3 || !l.startsWith(s)) return false;
    shortened++;
  }
  return shortened === 1;
}

/** Is `a`'s token list a subsequence of `b`'s? */
function isSubsequence(a: string[], b: string[]): boolean {
  let i = 0;
  for (const t of b) if (i < a.length && t === a[i]) i++;
  return i === a.length;
}

/**
 * The read name a phantom most likely meant. A renamed variable usually gains
 * or loses a word (`RENEWAL_CHECK_INTERVAL` → `SCHEDULER_RENEWAL_CHECK_INTERVAL`),
 * so a candidate whose words contain the phantom's (or the reverse), or that
 * spells one word out (`PASS` → `PASSWORD`), beats plain edit distance; then small typos; ties prefer `preferred` names (undocumented
 * ones), then the shorter, then alphabetical.
 */
export function suggestEnvName(phantom: string, candidates: readonly string[], preferred: (name: string) => boolean = () => false): string | null {
  const words = phantom.split('_').filter(Boolean);
  let best: { name: string; rank: number[] } | null = null;
  // Typos, not different words: JITTER is not a typo of WORKER.
  const limit = phantom.length <= 8 ? 1 : phantom.length <= 16 ? 2 : 3;
  for (const name of candidates) {
    if (name === phantom) continue;
    const other = name.split('_').filter(Boolean);
    const [short, long] = words.length <= other.length ? [words, other] : [other, words];
    const contained = short.length >= 2 && long.length - short.length <= 2 && isSubsequence(short, long);
    const shortened = !contained && abbreviates(words, other);
    const distance = editDistance(phantom, name, contained || shortened ? Infinity : limit);
    if (!contained && !shortened && distance > limit) continue;
    const kind = contained ? 0 : shortened ? 1 : 2;
    const rank = [kind, contained ? long.length - short.length : kind === 2 ? distance : 0, preferred(name) ? 0 : 1, distance, name.length];
    if (!best || compareRanks(rank, best.rank, name, best.name) < 0) best = { name, rank };
  }
  return best?.name ?? null;
}

function compareRanks(a: number[], b: number[], an: string, bn: string): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/**
 * Prefixes that belong to platforms, tools and protocols, not to a project's own settings: CI systems, runtimes,
 * clouds, observability agents (OpenTelemetry's `OTEL_`, Datadog's `DD_AGENT_HOST`), and the shell-completion protocol (`COMP_WORDS`, `COMP_CWORD`, `COMP_LINE`: what bash hands a completer,
 * which a CLI framework such as click or typer reads). `init` never proposes one as the project's prefix.
 */
export const PLATFORM_PREFIXES: ReadonlySet<string> = new Set([
  'NODE_',
  'NPM_',
  'YARN_',
  'PNPM_',
  'GITHUB_',
  'RUNNER_',
  'CI_',
  'BUILDKITE_',
  'CIRCLE_',
  'TRAVIS_',
  'GITLAB_',
  'JENKINS_',
  'DRONE_',
  'APPVEYOR_',
  'TEAMCITY_',
  'BITBUCKET_',
  'CODEBUILD_',
  'AZURE_',
  'SYSTEM_',
  'BUILD_',
  'AGENT_',
  'TF_',
  'ACTIONS_',
  // GitHub Actions hands an action its inputs as INPUT_<NAME> and its saved state as STATE_<NAME> (@actions/core's
  // getInput/getState): nektos/act's runner tests and bundled actions read them, the runner's own settings are ACT_.
  'INPUT_',
  'STATE_',
  'VERCEL_',
  'NETLIFY_',
  // Coding agents give their hooks these (Claude Code's CLAUDE_PROJECT_DIR, astral-sh/uv's agents/hooks/).
  'CLAUDE_',
  'CURSOR_',
  'CODEX_',
  'XDG_',
  'LC_',
  'GIT_',
  'PYTHON_',
  'PIP_',
  'GO_',
  'CARGO_',
  'RUST_',
  'JAVA_',
  'GRADLE_',
  'MAVEN_',
  'VITEST_',
  'JEST_',
  'DOCKER_',
  'KUBERNETES_',
  'AWS_',
  'GOOGLE_',
  'GCP_',
  'OTEL_',
  'DD_',
  'HTTP_',
  'HTTPS_',
  'NO_',
  'SSL_',
  'SSH_',
  'TERM_',
  'DEBIAN_',
  'HOMEBREW_',
  'REACT_',
  'NEXT_',
  'VITE_',
  'COMP_',
  'ZSH_',
  'FISH_',
  'BASH_',
]);

/**
 * Docker's secrets convention: `X_FILE` names a file holding X's value (the postgres and mariadb images, and the
 * many images that copy them, read either). Is `name` covered by its partner, `X` for `X_FILE` or `X_FILE` for `X`,
 * where `has` says whether the code reads (or the docs mention) a name? A name of its own that ends in `_FILE`
 * (`APP_LOG_FILE`) has no partner `APP_LOG` and stays as it is.
 */
export function coveredBySecretFile(name: string, has: (name: string) => boolean): boolean {
  const base = /^([A-Za-z][A-Za-z0-9_]*?)_FILE$/.exec(name)?.[1];
  return base !== undefined ? has(base) : has(`${name}_FILE`);
}
