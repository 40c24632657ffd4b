import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvNames } from '../src/facts/env-readers.js';
import { scanNameMentions, suggestEnvName, wholeNameRegex } from '../src/facts/env-names.js';
import { goReadRanges } from '../src/facts/env-go-ranges.js';
import { extractEnvCodeFacts, joinEnvReads, treeLanguageOf, type TreeReader } from '../src/facts/env-trees.js';
import { loadGrammars } from '../src/facts/syntax.js';
import { cli, FIXTURES, runFixture } from './helpers.js';
import { TempRepo } from './git-repo.js';

const names = (reader: Parameters<typeof readEnvNames>[0], text: string) => readEnvNames(reader, text).map((r) => r.name);

describe('env readers', () => {
  it('report the offsets of the name itself', () => {
    const text = 'x := os.Getenv("APP_PORT")';
    const [read] = readEnvNames('go', text);
    expect(text.slice(read.start, read.end)).toBe('APP_PORT');
  });

  it('go: reads, tags and flag sources, not writes', () => {
    const text = [
      'os.Getenv("A") ; os.LookupEnv("B") ; os.Setenv("W", "1")',
      'Port int `env:"C,required" json:"port"` ; Addr string `arg:"--addr,env:C2" default:":8080"`',
      '&cli.StringFlag{EnvVars: []string{"D", "E"}}',
      'Sources: cli.EnvVars("F", "G")',
      'viper.BindEnv("key.only") ; viper.BindEnv("cache.dir", "H") ; viper.BindEnv("I")',
    ].join('\n');
    expect(names('go', text)).toEqual(['A', 'B', 'C', 'C2', 'D', 'E', 'F', 'G', 'H', 'I']);
  });

  it('a name built at run time reads the family of its constant prefix', () => {
    expect(names('go', 'os.Getenv("APP_P_" + n) ; os.Getenv(fmt.Sprintf("APP_Q_%s_URL", n))')).toEqual(['APP_P_', 'APP_Q_']);
    expect(names('node', 'process.env[`APP_L_${name}_URL`] ; process.env[`${x}_URL`]')).toEqual(['APP_L_']);
    expect(names('python', 'os.environ[f"APP_O_{name}_ID"] ; os.getenv(f\'APP_R_{n}\')')).toEqual(['APP_O_', 'APP_R_']);
  });

  it('node: reads and destructuring, not writes or deletes', () => {
    const text = [
      'const a = process.env.A; process.env.W = "x"; delete process.env.X;',
      'if (process.env["B"] === "1") {}',
      'const { C, D: d, E = "1", ...rest } = process.env;',
      'import.meta.env.F; Deno.env.get("G"); process.env.H ??= "d";',
    ].join('\n');
    expect(names('node', text)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });

  it('python: reads, not writes or deletes', () => {
    const text = 'os.environ["A"]\nos.environ["W"] = "1"\ndel os.environ["X"]\nos.environ.get("B")\nos.getenv(\'C\')\nos.environ["D"] == "1"';
    expect(names('python', text)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('shell: expansions, not assignments or escaped dollars', () => {
    expect(names('shell', 'X=1\necho $A ${B} ${C:-d} ${#D} \\$E $$')).toEqual(['A', 'B', 'C', 'D']);
  });

  it("shell: a variable the script sets before it reads it is the script's own, not a setting (traefik's script/crossbinary-default.sh)", () => {
    const script = [
      'OS_PLATFORM_ARG=(linux windows darwin)',
      'for OS in "${OS_PLATFORM_ARG[@]}"; do echo "$OS $APP_TARGET"; done',
      'local_dir=/tmp; readonly APP_MODE=x; echo "$local_dir $APP_MODE"',
      'read -r APP_ANSWER; echo "$APP_ANSWER"',
      'eval "APP_TRAP=($(trap -p DEBUG))"; echo "${APP_TRAP[2]}"',
      // Read before it is set, or set from itself: the environment's value is read.
      'echo "$APP_LATE"; APP_LATE=1',
      'APP_DEFAULT="${APP_DEFAULT:-on}"; echo "$APP_DEFAULT"',
    ].join('\n');
    expect(names('shell', script)).toEqual(['APP_TARGET', 'APP_LATE', 'APP_DEFAULT', 'APP_DEFAULT']);
    // A function runs after the script's own assignments, wherever it is defined (starship's init script).
    const init = ['prompt_hook() {', '  if [ "${APP_READY:-}" = true ]; then eval "$APP_HOOK"; fi', '  echo "$APP_USER_SETTING"', '}', 'APP_HOOK="$PROMPT_COMMAND"', 'APP_READY=true'].join('\n');
    expect(names('shell', init)).toEqual(['APP_USER_SETTING', 'PROMPT_COMMAND']);
  });

  it('compose: environment keys in both forms and interpolations, not escaped ones', () => {
    const text = 'services:\n  a:\n    image: "x:${TAG}"\n    environment:\n      - A=1\n      - "B=2"\n      - C\n    labels:\n      L: 1\n  b:\n    environment:\n      D: 1\n    command: echo $$E';
    expect(names('compose', text)).toEqual(['TAG', 'A', 'B', 'C', 'D']);
  });

  it('helm: env entries in templates and values, not other names', () => {
    const text =
      'containers:\n  - name: app\n    env:\n      - name: A\n        value: "1"\n      {{- if .Values.x }}\n      - name: "B"\n      {{- end }}\n    ports:\n      - name: http\nenv:\n  C: 1';
    expect(names('helm', text)).toEqual(['A', 'B', 'C']);
  });

  it('dotenv: keys, with or without export', () => {
    expect(names('dotenv', 'A=1\nexport B=2\n  C = 3\nnot a key\n')).toEqual(['A', 'B', 'C']);
  });
});

describe('doc mentions', () => {
  const scan = (text: string) => scanNameMentions(text, wholeNameRegex('APP_[A-Z0-9_]+')).map((m) => ({ text: m.text, family: m.family?.source }));

  it('placeholders and bare prefixes make families; emphasis and HTML do not', () => {
    expect(scan('`APP_P_<NAME>_KEY`, APP_T_{KIND}_FILE, APP_A_*, APP_S_ and **APP_B** or APP_C<br>')).toEqual([
      { text: 'APP_P_<NAME>_KEY', family: '^APP_P_[A-Za-z0-9_]+_KEY$' },
      { text: 'APP_T_{KIND}_FILE', family: '^APP_T_[A-Za-z0-9_]+_FILE$' },
      { text: 'APP_A_*', family: '^APP_A_[A-Za-z0-9_]+$' },
      { text: 'APP_S_', family: '^APP_S_[A-Za-z0-9_]+$' },
      { text: 'APP_B', family: undefined },
      { text: 'APP_C', family: undefined },
    ]);
  });

  it('a placeholder is not itself a name, even when names are broad', () => {
    expect(scanNameMentions('X_<NAME>_Y', wholeNameRegex('[A-Z][A-Z0-9_]*')).map((m) => m.text)).toEqual(['X_<NAME>_Y']);
  });
});

describe('suggestEnvName', () => {
  const read = ['APP_SCHEDULER_RENEWAL_CHECK_INTERVAL', 'APP_RENEWAL_CHECK_INTERVALS', 'APP_SCHEDULER_WORKERS', 'APP_SCHEDULER_JITTER'];

  it('a word added or dropped beats a closer edit distance', () => {
    expect(suggestEnvName('APP_RENEWAL_CHECK_INTERVAL', read)).toBe('APP_SCHEDULER_RENEWAL_CHECK_INTERVAL');
  });

  it('a shortened word is a rename too', () => {
    expect(suggestEnvName('APP_DATABASE_PASS', ['APP_DATABASE_PASSWORD', 'APP_DATABASE_PATH'])).toBe('APP_DATABASE_PASSWORD');
    expect(suggestEnvName('APP_DB_US', ['APP_DB_USERNAME'])).toBeNull();
  });

  it('suggests typos but not different words', () => {
    expect(suggestEnvName('APP_SCHEDULER_WORKER', read)).toBe('APP_SCHEDULER_WORKERS');
    expect(suggestEnvName('APP_SCHEDULER_BATCH', read)).toBeNull();
  });

  it('prefers undocumented names on a tie', () => {
    expect(suggestEnvName('APP_DB_URL', ['APP_DB_URL_A', 'APP_DB_URL_B'], (n) => n === 'APP_DB_URL_B')).toBe('APP_DB_URL_B');
  });
});

describe('env-docs findings', () => {
  it('an undocumented name carries its other read sites as related locations', async () => {
    const result = await runFixture(join(FIXTURES, 'env-docs', 'invalid-renamed'));
    const jitter = result.findings.find((f) => f.message.startsWith('`APP_SCHEDULER_JITTER`'));
    expect(jitter?.location.range.start).toEqual({ line: 8, column: 23 });
    expect(jitter?.related).toEqual([
      { path: 'internal/scheduler/scheduler.go', range: { start: { line: 12, column: 41 }, end: { line: 12, column: 61 } }, message: '`APP_SCHEDULER_JITTER` is also read here' },
    ]);
  });

  it('a phantom points at where its suggestion is read', async () => {
    const result = await runFixture(join(FIXTURES, 'env-docs', 'invalid-renamed'));
    const phantom = result.findings.find((f) => f.message.startsWith('`APP_RENEWAL_CHECK_INTERVAL`'));
    expect(phantom?.related.map((r) => `${r.path}:${r.range.start.line}:${r.range.start.column}`)).toEqual(['internal/scheduler/scheduler.go:6:25']);
  });

  it('media files under a docs glob are neither read nor noted', async () => {
    const result = await runFixture(join(FIXTURES, 'env-docs', 'invalid-dotenv-docs'));
    expect(result.notices).toEqual([]);
  });

  it('a valid case leaves no notices either', async () => {
    const result = await runFixture(join(FIXTURES, 'env-docs', 'valid-go-reader'));
    expect(result.notices).toEqual([]);
  });
});

describe('syntax-tree env readers', () => {
  const read = async (reader: TreeReader, path: string, text: string) => {
    await loadGrammars([treeLanguageOf(reader, path)]);
    const facts = extractEnvCodeFacts(path, text, reader);
    expect(facts.error).toBeUndefined();
    return joinEnvReads([facts]).map((r) => `${r.exported ? 'set ' : ''}${r.name}@${text.slice(r.start, r.end)}`);
  };

  it('a literal in a comment or in an unrelated string is not a read; a literal passed to a reader is', async () => {
    expect(
      await read('go', 'a.go', 'package a\n// os.Getenv("A_COMMENT")\n/* os.Getenv("A_BLOCK") */\nvar s = "os.Getenv(\\"A_STRING\\")"\nvar r = `os.Getenv("A_RAW")`\nvar v = os.Getenv("A_READ")\n'),
    ).toEqual(['A_READ@A_READ']);
    expect(await read('node', 'a.ts', '// process.env.A_COMMENT\nconst s = "process.env.A_STRING";\nconst t = `process.env.A_TEMPLATE`;\nconst v = process.env.A_READ;\n')).toEqual(['A_READ@A_READ']);
    expect(await read('python', 'a.py', '# os.getenv("A_COMMENT")\n"""os.getenv("A_DOCSTRING")"""\nv = os.getenv("A_READ")\n')).toEqual(['A_READ@A_READ']);
    expect(await read('ruby', 'a.rb', '# ENV["A_COMMENT"]\ns = "ENV[\'A_STRING\']"\nv = ENV["A_READ"]\n')).toEqual(['A_READ@A_READ']);
  });

  it('resolves constants, keeps run-time names as prefix families, and follows wrappers across files', async () => {
    await loadGrammars(['go']);
    const lib = extractEnvCodeFacts('lib.go', 'package c\nfunc get(key string) string { return os.Getenv(key) }\nfunc getInt(k string) int { return atoi(get(k)) }\n', 'go');
    const use = extractEnvCodeFacts(
      'use.go',
      'package c\nconst portKey = "APP_PORT"\nvar a = os.Getenv(portKey)\nvar b = getInt("APP_WORKERS")\nvar c = os.Getenv("APP_P_" + name)\nvar d = other("APP_NOT_READ")\n',
      'go',
    );
    expect(
      joinEnvReads([lib, use])
        .map((r) => r.name)
        .sort(),
    ).toEqual(['APP_PORT', 'APP_P_', 'APP_WORKERS']);
    // Without the file that defines the wrappers, the call is not a read.
    expect(
      joinEnvReads([use])
        .map((r) => r.name)
        .sort(),
    ).toEqual(['APP_PORT', 'APP_P_']);
  });

  it('go: a file with no reader idiom is parsed only when it calls a wrapper, and reads the same as parsed', async () => {
    await loadGrammars(['go']);
    const texts: Record<string, string> = {
      'config/env.go': 'package config\nfunc GetEnvBool(key string, def bool) bool { v, ok := os.LookupEnv(key); return ok && v == "1" || def }\n',
      // No idiom: it reads only through GetEnvBool, and its Enabled becomes a wrapper once it is parsed.
      'jobs/jobs.go':
        'package jobs\nfunc Enabled(name string) bool {\n\tif name == "APP_ALL" {\n\t\treturn true\n\t}\n\treturn config.GetEnvBool(name, false)\n}\nvar on = Enabled("APP_JOBS")\n// config.GetEnvBool("APP_IN_COMMENT", false)\n',
      // Calls only Enabled, a wrapper no file defines until jobs.go is parsed.
      'api/api.go': 'package api\nvar on = jobs.Enabled("APP_API")\nvar env = []string{"APP_CHILD="+id, `APP_RAW`}\n',
      // Calls no wrapper: never parsed, its literal still known.
      'log/log.go': 'package log\nvar l = logger.With("APP_LABEL")\n',
    };
    const lazy = Object.entries(texts).map(([path, text]) => extractEnvCodeFacts(path, text, 'go'));
    expect(lazy.map((f) => f.lazyCallees !== undefined)).toEqual([false, true, true, true]);
    const parsed: string[] = [];
    const full = (f: { path: string }) => (parsed.push(f.path), extractEnvCodeFacts(f.path, texts[f.path], 'go', true));
    const shown = (reads: ReturnType<typeof joinEnvReads>) => reads.map((r) => `${r.path} ${r.exported ? 'set ' : ''}${r.name}@${texts[r.path].slice(r.start, r.end)}`).sort();
    const reads = shown(joinEnvReads(lazy, full));
    expect(parsed.sort()).toEqual(['api/api.go', 'jobs/jobs.go']);
    expect(reads).toEqual(['api/api.go APP_API@APP_API', 'api/api.go set APP_CHILD@APP_CHILD', 'jobs/jobs.go APP_JOBS@APP_JOBS']);
    // The same as every file parsed, literals and child settings included.
    const all = Object.entries(texts).map(([path, text]) => extractEnvCodeFacts(path, text, 'go', true));
    expect(shown(joinEnvReads(all))).toEqual(reads);
    expect(lazy.map((f) => [f.literals, f.childSets])).toEqual(all.map((f) => [f.literals, f.childSets]));
  });

  it('go: parses only the declarations that can read, and reads the same through them', async () => {
    await loadGrammars(['go']);
    const text = [
      'package c',
      'import "os"',
      'const portKey = "PORT"',
      'func get(key string) string { return os.Getenv(key) }',
      'func getInt(k string) int { return atoi(get(k)) }',
      'func getDur(k string) int { return getInt(k) * 1000 }',
      'func load() { port = get(portKey); workers = getDur("APP_WORKERS") }',
      'func unrelated(a, b int) int {',
      '\treturn a + b // not parsed',
      '}',
      'func main() {}',
      '',
    ].join('\n');
    const ranges = goReadRanges(text, /Getenv/);
    const parsed = (ranges ?? []).map((r) => text.slice(r.startIndex, r.endIndex)).join('');
    expect(parsed).not.toContain('unrelated');
    expect(parsed).not.toContain('func main');
    for (const fn of ['package c', 'portKey = "PORT"', 'func get(', 'func getInt(', 'func getDur(', 'func load(']) expect(parsed).toContain(fn);
    const reads = joinEnvReads([extractEnvCodeFacts('c.go', text, 'go')]).map((r) => `${r.name}@${text.slice(r.start, r.end)}`);
    expect(reads.sort()).toEqual(['APP_WORKERS@APP_WORKERS', 'PORT@portKey']);
  });

  it('go: parses only the statements of a function that can read, and reads the same through them', async () => {
    await loadGrammars(['go']);
    const text = [
      'package c',
      'func load(prefix string) {',
      '\tkey := "APP_A"',
      '\tlog.Info("Starting up", "pid", os.Getpid())',
      '\tif cfg.Debug {',
      '\t\tfmt.Println("noise")',
      '\t} else {',
      '\t\tkey = "APP_B"',
      '\t}',
      '\tdb.Exec(`',
      '\tselect x from t',
      '`)',
      '\tport := os.Getenv(key)',
      '\tname := os.Getenv(prefix)',
      '\tt.Run("Case_One", func(t *testing.T) { check(t) })',
      '}',
      'func TestLoad(t *testing.T) {',
      '\tt.Run("noise", func(t *testing.T) { helper(t) })',
      '\tt.Setenv("APP_T", "1")',
      '}',
      '',
    ].join('\n');
    const ranges = goReadRanges(text, /Getenv|Setenv/);
    const parsed = (ranges ?? []).map((r) => text.slice(r.startIndex, r.endIndex)).join('');
    // A statement no reader, name literal, parameter or literal-bound name reaches is left out; a raw string stays whole.
    for (const left of ['Starting up', 'select x', 'Case_One', 'helper(t)']) expect(parsed).not.toContain(left);
    for (const kept of ['key := "APP_A"', 'key = "APP_B"', 'os.Getenv(key)', 'os.Getenv(prefix)', 't.Setenv("APP_T"']) expect(parsed).toContain(kept);
    const facts = extractEnvCodeFacts('c.go', text, 'go');
    // `key` is bound to two literals, so it resolves to neither; `prefix` makes load a wrapper.
    expect(joinEnvReads([facts]).map((r) => r.name)).toEqual([]);
    expect(facts.wrappers).toEqual([{ fn: 'load', param: 0 }]);
    expect(facts.literals).toEqual(['APP_A', 'APP_B', 'APP_T']);
  });

  it('a name spelled as a whole string literal is a literal; in a comment, inside another string or with a placeholder it is not', async () => {
    await loadGrammars(['go', 'python']);
    const go = extractEnvCodeFacts(
      'a.go',
      'package a\n// "A_COMMENT"\nvar m = map[string]bool{"A_KEY": true, fmt.Sprintf("A_FMT_%s", x): true}\nvar s = "say \\"A_QUOTED\\""\nvar r = `A_RAW`\n',
      'go',
    );
    expect(go.literals).toEqual(['A_KEY', 'A_RAW']);
    const py = extractEnvCodeFacts('a.py', '# "A_COMMENT"\nKEYS = ["A_KEY", f"A_F_{x}", b"A_BYTES"]\ns = "x \'A_INNER\' y"\n', 'python');
    expect(py.literals).toEqual(['A_BYTES', 'A_KEY']);
  });

  it('what the program sets for itself or a child process is exported, not read', async () => {
    expect(await read('go', 'a.go', 'package a\nfunc f() { os.Setenv("A_SET", "1"); cmd.Env = append(os.Environ(), "A_CHILD="+v) }\n')).toEqual(['set A_SET@A_SET', 'set A_CHILD@A_CHILD']);
    expect(await read('node', 'a.js', 'process.env.A_SET = "1";\ndelete process.env.A_GONE;\n')).toEqual(['set A_SET@A_SET', 'set A_GONE@A_GONE']);
    expect(await read('python', 'a.py', 'os.environ["A_SET"] = "1"\n')).toEqual(['set A_SET@A_SET']);
  });
});

describe('init and the shell-completion protocol', () => {
  it('a CLI framework reading COMP_WORDS and COMP_CWORD does not make COMP_ the project prefix (fastapi/typer)', async () => {
    const repo = new TempRepo({
      'README.md': '# cli\n\nShell completion for bash, zsh and fish.\n',
      'cli/completion.py':
        'import os\n\n\ndef complete():\n    words = os.environ.get("COMP_WORDS", "")\n    cword = int(os.environ.get("COMP_CWORD", "0"))\n    args = os.getenv("_CLI_COMPLETE_ARGS", "")\n    line = os.getenv("COMP_LINE", "")\n    return words, cword, args, line\n',
    });
    repo.commit('cli');
    const init = await cli(['init'], repo.root);
    expect(init.code).toBe(0);
    expect(init.stdout).not.toContain('COMP_');
    expect(init.stdout).toContain('no common environment-variable prefix');
  });
});
