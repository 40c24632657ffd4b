import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { RULES } from '../src/registry.js';
import { cli, FIXTURES } from './helpers.js';
import { TempRepo } from './git-repo.js';

/** Runs init, then docwarden with the written configuration: it must load and run, and pass (real drift is reported as warnings). */
async function initAndRun(repo: TempRepo): Promise<{ init: string; yaml: string; lint: { code: number; stdout: string; stderr: string } }> {
  const init = await cli(['init'], repo.root);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  const yaml = readFileSync(join(repo.root, 'docwarden.yml'), 'utf8');
  expect(() => loadConfig(join(repo.root, 'docwarden.yml'), 'docwarden.yml', RULES)).not.toThrow();
  const lint = await cli(['--no-color'], repo.root);
  expect(lint.stderr).toBe('');
  // A proposal never fails its own first run: a rule that finds something today starts at warning.
  expect(lint.code, lint.stdout).toBe(0);
  return { init: init.stdout, yaml, lint };
}

/** The configuration with the "enable when available" rule blocks switched on, as the lead will after merging. */
function uncommented(yaml: string): { rules: Record<string, Record<string, unknown>> } {
  const lines = yaml.split('\n').map((l) => (/^ {2}# [a-z-]+:$/.test(l) || /^ {2}# {3}/.test(l) ? `  ${l.slice(4)}` : l));
  return parseYaml(lines.join('\n')) as { rules: Record<string, Record<string, unknown>> };
}

describe('docwarden init', () => {
  it('a Go service with a docs index, Last-reviewed lines and a GitHub remote', async () => {
    const repo = new TempRepo({
      'README.md': '# Tollgate\n\nSee [the docs](docs/README.md).\n',
      'docs/README.md': '# Docs\n\n> Last reviewed: 2026-04-01\n\n- [Install](install.md)\n',
      'docs/install.md': '# Install\n\n> Last reviewed: 2026-03-15\n\nSet `TOLLGATE_PORT` and `TOLLGATE_TOKEN`.\n',
      'cmd/tollgate/main.go':
        'package main\n\nimport "os"\n\nfunc main() {\n\t_ = os.Getenv("TOLLGATE_PORT")\n\t_, _ = os.LookupEnv("TOLLGATE_TOKEN")\n\t_ = os.Getenv("HOME")\n\t// os.Getenv("OTHER_A") os.Getenv("OTHER_B") os.Getenv("OTHER_C") are in a comment\n}\n',
      'vendor/lib/README.md': '# vendored\n\n[dead](nowhere.md)\n',
    });
    repo.git('remote', 'add', 'origin', 'git@github.com:example-org/tollgate.git');
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: 3 Markdown docs (docs/ 2, (root) 1)');
    expect(init).toContain('found: vendored Markdown to ignore: **/vendor/**');
    expect(init).toContain('found: repository URLs from git remotes: https://github.com/example-org/tollgate');
    expect(init).toContain('found: docs index docs/README.md');
    expect(init).toContain('found: 2 docs with a review date (`> Last reviewed: YYYY-MM-DD` lines)');
    expect(init).toContain('found: 2 environment variables named TOLLGATE_… read by go code');
    expect(init).toContain('wrote docwarden.yml');
    const config = parseYaml(yaml) as { ignore: string[]; rules: Record<string, { 'repository-urls'?: string[] }> };
    expect(config.ignore).toEqual(['**/vendor/**']);
    expect(config.rules.links['repository-urls']).toEqual(['https://github.com/example-org/tollgate']);
    // Rules this branch does not register are written as comments; registered ones as live configuration.
    for (const id of ['env-docs', 'last-reviewed', 'docs-index']) {
      const registered = RULES.some((r) => r.id === id);
      expect(yaml.includes(`\n  ${id}:\n`), `${id} live`).toBe(registered);
      expect(yaml.includes(`\n  # ${id}:\n`), `${id} commented`).toBe(!registered);
      if (!registered) expect(yaml).toContain(`  # ${id} is not in this version of docwarden yet: enable when available.`);
    }
    expect(lint.stdout).toContain('No problems found');
    // Switched on, the commented blocks use DESIGN.md's configuration names.
    expect(uncommented(yaml).rules).toEqual({
      links: { level: 'error', 'repository-urls': ['https://github.com/example-org/tollgate'] },
      'docs-index': { level: 'error', index: 'docs/README.md', files: ['docs/**/*.md', '!docs/README.md'] },
      'last-reviewed': {
        level: 'error',
        files: ['docs/**/*.md'],
        pattern: '^>\\s*Last\\s*reviewed:\\s*(?<date>\\d{4}-\\d{2}-\\d{2})',
        'warn-after': 90,
        'error-after': 120,
      },
      'env-docs': { level: 'error', names: 'TOLLGATE_[A-Z0-9_]+', code: [{ files: ['**/*.go', '!**/*_test.go', '!**/testdata/**', '!test/**', '!scripts/**'], reader: 'go' }] },
    });
    const pattern = new RegExp(String(uncommented(yaml).rules['last-reviewed'].pattern), 'm');
    expect(pattern.exec('# Docs\n\n> Last reviewed: 2026-04-01\n')?.groups?.date).toBe('2026-04-01');
  });

  it('a Node package with only a README, process.env reads and real drift', async () => {
    const repo = new TempRepo({
      'README.md': '# pkg\n\nSee [usage](docs/usage.md) and [the API](API.md).\n',
      'API.md': '# API\n',
      'src/index.ts':
        "const port = process.env.SHOP_PORT;\nconst key = process.env['SHOP_API_KEY'];\nconst env = process.env.NODE_ENV;\nconst env2 = process.env.NODE_OPTIONS;\nexport { port, key, env, env2 };\n",
    });
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain("found: no GitHub or GitLab git remote (links to this repository's URLs are not checked)");
    expect(init).toContain('found: 2 environment variables named SHOP_… read by node code');
    expect(yaml).not.toContain('docs-index');
    expect(yaml).not.toContain('last-reviewed');
    expect(lint.stdout).toContain('Cannot find `docs/usage.md`');
    expect(lint.stdout).toMatch(/warning +Cannot find `docs\/usage\.md`/);
  });

  it('a VitePress site in a test folder is test data: its sidebar is not proposed as the docs index', async () => {
    const repo = new TempRepo({
      'README.md': '# tool\n\nSee the [guide](docs/guide.md).\n',
      'docs/guide.md': '# Guide\n\nUse it.\n',
      '__tests__/e2e/.vitepress/config.ts': "export default { themeConfig: { sidebar: [{ text: 'Home', link: '/home/' }] } }\n",
      '__tests__/e2e/home/index.md': '# Home\n\nA test page.\n',
      '__tests__/e2e/other.md': '# Other\n\nAnother test page.\n',
    });
    repo.commit('layout');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('found: vitepress site __tests__/e2e/.vitepress/config.ts: a site in a test folder, so no docs-index for it');
    expect(yaml).not.toContain('__tests__/e2e/.vitepress/config.ts');
  });

  it('a Python project with documentation/index.md and front-matter review dates', async () => {
    const repo = new TempRepo({
      'README.md': '# tool\n\nDocs: [index](documentation/index.md).\n',
      'documentation/index.md': '---\ntitle: Index\nlast_reviewed: 2026-04-01\n---\n# Index\n\n[Guide](guide.md)\n',
      'documentation/guide.md': '---\nlast_reviewed: 2026-04-15\n---\n# Guide\n\nSettings: `MYAPP_A`, `MYAPP_B`, `MYAPP_C`.\n',
      'app/settings.py':
        "import os\n\nA = os.environ['MYAPP_A']\nB = os.environ.get('MYAPP_B')\nC = os.getenv(\"MYAPP_C\")\n# os.getenv('ZZ_X') os.getenv('ZZ_Y') os.getenv('ZZ_Z') os.getenv('ZZ_W')\n",
    });
    repo.git('remote', 'add', 'upstream', 'https://github.com/example-org/tool.git');
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: docs index documentation/index.md');
    expect(init).toContain('found: 2 docs with a review date (front matter last_reviewed)');
    expect(init).toContain('found: 3 environment variables named MYAPP_… read by python code');
    expect(uncommented(yaml).rules['docs-index']).toEqual({ level: 'error', index: 'documentation/index.md', files: ['documentation/**/*.md', '!documentation/index.md'] });
    expect(uncommented(yaml).rules['last-reviewed']).toEqual({ level: 'error', files: ['documentation/**/*.md'], 'warn-after': 90, 'error-after': 120 });
    expect(yaml).not.toContain('pattern:');
    expect(lint.stdout).toContain('No problems found');
  });

  it('a MkDocs site: detected with nothing to configure, its nav proposed as the docs index, levels by what is clean', async () => {
    const repo = new TempRepo({
      'mkdocs.yml':
        'site_name: Demo\nnav:\n  - Home: index.md\n  - Setup: guide/setup.md\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n',
      'docs/index.md': '# Home\n\n## Tags & emojis 🥳\n\nSee [setup](guide/setup.md).\n',
      // Beside index.md, MkDocs leaves README.md out of the site ("conflicts with index.md"): no page, so not asked for in the nav.
      'docs/README.md': '# Contributing to the docs\n\nRun `mkdocs serve`.\n',
      'docs/guide/orphan.md': '# Orphan\n\nIn no nav.\n',
      'docs/guide/setup.md': '# Setup\n\n[Tags](../index.md#tags-emojis) <img src="../../img/logo.png">\n',
      'docs/img/logo.png': '',
    });
    repo.commit('site');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: mkdocs site mkdocs.yml: 3 page(s) in docs/ at /; heading ids: python-markdown; links resolve as the site resolves them (detected, nothing to configure)');
    expect(init).toContain('found: site navigation mkdocs.yml (2 entries): proposed as the docs index');
    expect(init).toContain('found: links: clean today, so it starts at error');
    expect(init).toContain('found: docs-index: 1 finding(s) today, so it starts at warning');
    expect(uncommented(yaml).rules['docs-index']).toEqual({ level: 'warning', index: 'mkdocs.yml' });
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toContain('docs/README.md');
    expect(lint.stdout).toContain('docs/guide/orphan.md');
    expect(lint.stdout).toContain("Not in the mkdocs site's navigation `mkdocs.yml`");
  });

  it("a variable only a docs site's build configuration reads is not the project's (go-task/task's DOCS_CHANNEL)", async () => {
    const repo = new TempRepo({
      'README.md': '# tool\n\nSee [the site](website/src/index.md).\n',
      'website/.vitepress/config.ts': "const channel = process.env.DOCS_CHANNEL ?? 'latest'\nexport default { srcDir: 'src', title: process.env.DOCS_LOCAL ? 'local' : channel }\n",
      'website/src/index.md': '# Home\n',
      'main.go': 'package main\n\nfunc main() {}\n',
    });
    repo.commit('site');
    const { init, yaml } = await initAndRun(repo);
    expect(init).not.toContain('DOCS_');
    expect(yaml).not.toContain('env-docs');
  });

  it('a roff man page documents the variables it names (junegunn/fzf documents FZF_API_KEY in man/man1/fzf.1)', async () => {
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/pick\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "os"\n\nfunc main() { _, _, _ = os.Getenv("PICK_DEFAULT_OPTS"), os.Getenv("PICK_API_KEY"), os.Getenv("PICK_PREVIEW_LINES") }\n',
      'README.md': '# pick\n\nSet `PICK_DEFAULT_OPTS` to give default options.\n',
      'man/man1/pick.1':
        '.TH PICK 1\n.SH ENVIRONMENT VARIABLES\n.TP\n.B PICK_API_KEY\nCan be used to require an API key for the server\n.TP\n.B PICK_PREVIEW_LINES\nThe number of lines of the preview window\n',
    });
    repo.commit('pick');
    const { yaml, lint } = await initAndRun(repo);
    expect(uncommented(yaml).rules['env-docs'].docs).toContain('man/man1/pick.1');
    expect(lint.stdout).not.toContain('PICK_API_KEY');
    expect(lint.stdout).not.toContain('PICK_PREVIEW_LINES');
  });

  it("GitHub Actions' INPUT_ names are the platform's, not the project's (nektos/act's bundled actions read INPUT_CWD, INPUT_COMMAND)", async () => {
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/runner\n\ngo 1.22\n',
      'main.go': 'package main\n\nfunc main() {}\n',
      'pkg/runner/res/trampoline.js':
        'const cwd = process.env.INPUT_CWD\nconst command = process.env.INPUT_COMMAND\nconst token = process.env.STATE_TOKEN\nconsole.log(cwd, command, token, process.env.STATE_PID)\n',
      'README.md': '# runner\n\nRuns workflows locally.\n',
    });
    repo.commit('runner');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('no common environment-variable prefix');
    expect(yaml).not.toContain('env-docs');
  });

  it("a dependency's prefix is not the project's (traefik reads go-acme/lego's LEGO_ names); the project's own is taken", async () => {
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/proxy\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-acme/lego/v4 v4.20.0 // indirect\n\tgithub.com/rs/zerolog v1.33.0\n)\n',
      'acme.go':
        'package proxy\n\nimport "os"\n\n// Compatibility with lego.\nfunc caSettings() (string, string, string) {\n\treturn os.Getenv("LEGO_CA_SERVER_NAME"), os.Getenv("LEGO_CA_CERTIFICATES"), os.Getenv("LEGO_CA_SYSTEM_CERT_POOL")\n}\n',
      'main.go': 'package proxy\n\nimport "os"\n\nfunc listen() (string, string) {\n\treturn os.Getenv("PROXY_ADDR"), os.Getenv("PROXY_TOKEN")\n}\n',
      'README.md': '# proxy\n\nSet `PROXY_ADDR` and `PROXY_TOKEN`. To skip CNAMEs set `LEGO_DISABLE_CNAME_SUPPORT=true`.\n',
    });
    repo.commit('proxy');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('3 environment variables named LEGO_… read by the code belong to the dependency github.com/go-acme/lego/v4, not to the project');
    expect(uncommented(yaml).rules['env-docs'].names).toBe('PROXY_[A-Z0-9_]+');
  });

  it("a changelog folder and a breaking-changes list tell history: their old names are no phantoms (astral-sh/ruff's RUFF_FORMAT)", async () => {
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/lint\n\ngo 1.22\n',
      'cmd/lint/main.go': 'package main\n\nimport "os"\n\nfunc main() { _, _ = os.Getenv("LINT_OUTPUT_FORMAT"), os.Getenv("LINT_CACHE_DIR") }\n',
      'README.md': '# lint\n\n`LINT_OUTPUT_FORMAT` picks the report format and `LINT_CACHE_DIR` the cache.\n',
      'BREAKING_CHANGES.md': '# Breaking changes\n\n## 0.2.0\n\n`LINT_FORMAT` is now `LINT_OUTPUT_FORMAT`.\n',
      'changelogs/0.1.x.md': '# 0.1.x\n\n- Read the report format from `LINT_FORMAT`.\n',
    });
    repo.commit('lint');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('(2 changelogs left out)');
    const env = uncommented(yaml).rules['env-docs'] as { level: string; docs?: string[] };
    expect(env.level).toBe('error');
    expect(lint.stdout).not.toContain('LINT_FORMAT');
  });

  it("a docs folder's README that links only the site's configuration is no index (nodejs/undici's docs/README.md)", async () => {
    const repo = new TempRepo({
      'package.json': '{ "name": "client", "version": "1.0.0" }\n',
      'README.md': '# client\n\nSee [the docs](docs/docs/index.md).\n',
      'docs/README.md': '# Documentation source\n\n- [`site.json`](./docs/site.json): the sidebar.\n- [`type-map.json`](./docs/type-map.json): type links.\n',
      'docs/docs/site.json': '{ "sidebar": [] }\n',
      'docs/docs/type-map.json': '{}\n',
      'docs/docs/index.md': '# client\n\nStart with [the API](api/Client.md).\n',
      'docs/docs/api/Client.md': '# Client\n',
      'docs/docs/api/Pool.md': '# Pool\n',
    });
    repo.commit('docs');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('docs/README.md links no other doc, so it is not an index; no docs-index proposed');
    expect(uncommented(yaml).rules['docs-index']).toBeUndefined();
  });

  it("help text in the program documents its variables, and names only tests read are real (cli/cli's `gh help environment`, acceptance tests)", async () => {
    const topic = (name: string, what: string) => `\t\t%[1]s${name}%[1]s: ${what}\n`;
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/hub\n\ngo 1.22\n',
      'cmd/hub/main.go': 'package main\n\nimport "os"\n\nfunc main() { _, _, _ = os.Getenv("HUB_PAGER"), os.Getenv("HUB_EDITOR"), os.Getenv("HUB_REPO") }\n',
      // Raw strings cannot hold a backtick, so Go help text passes it as a format argument.
      'pkg/root/help_topic.go':
        'package root\n\nvar environment = heredoc.Docf(`\n' +
        topic('HUB_PAGER', 'the terminal pager program to send standard output to') +
        topic('HUB_EDITOR', 'the editor tool to use for authoring text') +
        topic('HUB_REPO', 'specify the repository in the OWNER/REPO format for commands') +
        topic('HUB_BROWSR', 'the web browser to use for opening links') +
        '`, "`")\n',
      'acceptance/acceptance_test.go': 'package acceptance\n\nimport "os"\n\nfunc host() string { return os.Getenv("HUB_ACCEPTANCE_HOST") }\n',
      'acceptance/README.md': '# Acceptance tests\n\nSet `HUB_ACCEPTANCE_HOST` to the test host.\n',
      'README.md': '# hub\n\nRun `hub help environment` for its settings.\n',
    });
    repo.commit('cli');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('pkg/root/help_topic.go: help text naming 4 HUB_… variables the file does not read; read as documentation');
    expect(init).toContain('1 documented HUB_… name only tests or scripts/ use (HUB_ACCEPTANCE_HOST)');
    const env = uncommented(yaml).rules['env-docs'] as { docs: string[]; code: unknown[] };
    expect(env.docs).toContain('pkg/root/help_topic.go');
    expect(env.code).toContainEqual({ files: ['**/*_test.go'], tests: true });
    // The help text's typo is the one finding: every read name is documented there, and the test harness's name is real.
    expect(lint.stdout).toContain('`HUB_BROWSR` is mentioned in the docs but no code reads it');
    expect(lint.stdout).toContain('1 problem');
  });

  it("scripts/ are developers' tools and constants are not help text (astral-sh/uv: scripts/*.py, a nextest hook, self_update.rs)", async () => {
    const repo = new TempRepo({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'src/main.rs': 'fn main() {\n    let _ = (std::env::var("APP_CACHE_DIR"), std::env::var("APP_LOG"), std::env::var("APP_NO_COLOR"));\n}\n',
      // Constants named like variables, and a test module whose strings name three: code, not help text.
      'src/update.rs':
        'const APP_RELEASES_DOWNLOAD_PREFIX: &str = "https://example.com/releases/download/";\n\n' +
        'pub fn url(version: &str) -> String {\n    let canonical = format!("{APP_RELEASES_DOWNLOAD_PREFIX}{version}/app.tar.gz");\n    canonical\n}\n\n' +
        '#[cfg(test)]\nmod tests {\n    const SCRIPT: &str = "printf the value of APP_INSTALL_DIR and APP_DOWNLOAD_URL and APP_NO_MODIFY_PATH for the installer";\n}\n',
      'scripts/registries-test.py': 'import os\n\nTIMEOUT = os.environ.get("APP_TEST_TIMEOUT", "30")\n',
      'scripts/setup-hook.sh': '#!/usr/bin/env bash\nif [[ -n "${APP_TEST_CODESIGN_IDENTITY:-}" ]]; then echo sign; fi\n',
      'README.md': '# app\n\n| Variable | Meaning |\n| --- | --- |\n| `APP_CACHE_DIR` | cache |\n| `APP_LOG` | log filter |\n| `APP_NO_COLOR` | no colour |\n',
      'CONTRIBUTING.md': '# Contributing\n\nSet `APP_TEST_CODESIGN_IDENTITY` to sign the test binaries.\n',
    });
    repo.commit('app');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).not.toContain('src/update.rs');
    expect(init).toContain('1 documented APP_… name only tests or scripts/ use (APP_TEST_CODESIGN_IDENTITY)');
    const env = uncommented(yaml).rules['env-docs'] as { docs?: string[]; code: Array<{ files: string[]; tests?: true }> };
    expect(env.docs ?? []).not.toContain('src/update.rs');
    // Only the script that spells a documented name is read, as a test; the Python script's own knob needs no doc.
    expect(env.code).toContainEqual({ files: ['scripts/**/*.{sh,bash}'], tests: true });
    expect(lint.stdout).not.toContain('APP_');
  });

  it("flags' variables that --help shows are documented there when most undocumented names are such (casey/just's clap `env =`)", async () => {
    const flags = ['dry-run', 'quiet', 'verbose', 'highlight', 'explain', 'timestamp'];
    const field = (f: string) => `    #[arg(long, env = "APP_${f.toUpperCase().replace(/-/g, '_')}")]\n    ${f.replace(/-/g, '_')}: bool,\n`;
    const repo = new TempRepo({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'src/main.rs': `use clap::Parser;\n\n#[derive(Parser)]\nstruct Cli {\n${flags.map(field).join('')}}\n\nfn main() {\n    let _ = std::env::var("APP_COMPLETE");\n    let _ = Cli::parse();\n}\n`,
      'README.md': '# app\n\nRun `app build`; `app --help` lists every flag and its variable.\n',
    });
    repo.commit('app');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain("6 of the 7 undocumented APP_… names are flags' variables that the program's --help shows beside the flag; flag-help: true");
    expect(uncommented(yaml).rules['env-docs']['flag-help']).toBe(true);
    // The one variable no flag binds is still reported.
    expect(lint.stdout).toContain('`APP_COMPLETE` is read by the code but no doc mentions it');
    expect(lint.stdout).toContain('1 problem');
  });

  it("a few flags' variables among documented names keep the default: the docs are where the project documents them (dandavison/delta)", async () => {
    const repo = new TempRepo({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'src/main.rs':
        'use clap::Parser;\n\n#[derive(Parser)]\nstruct Cli {\n    #[arg(long, env = "APP_NAVIGATE")]\n    navigate: bool,\n}\n\nfn main() {\n    let _ = (std::env::var("APP_PAGER"), std::env::var("APP_THEME"));\n    let _ = Cli::parse();\n}\n',
      'README.md': '# app\n\nSet `APP_PAGER` for the pager and `APP_THEME` for colours.\n',
    });
    repo.commit('app');
    const { yaml, lint } = await initAndRun(repo);
    expect(uncommented(yaml).rules['env-docs']['flag-help']).toBeUndefined();
    expect(lint.stdout).toContain('`APP_NAVIGATE` is read by the code but no doc mentions it');
  });

  it("man pages' scdoc sources document variables, their `_…_` underlines apart (alacritty's extra/man/*.scd)", async () => {
    const repo = new TempRepo({
      'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
      'src/main.rs': 'fn main() {\n    let _ = (std::env::var("APP_WINDOW_ID"), std::env::var("APP_EXTRA_LOG_TARGETS"), std::env::var("APP_SOCKET"));\n}\n',
      'README.md': '# app\n\nA terminal. See the man pages.\n',
      'extra/man/app-msg.1.scd': 'app-msg(1)\n\n# OPTIONS\n\n*-w, --window-id* <WINDOW_ID>\n\tDefault: _$APP_WINDOW_ID_\n',
      'extra/man/app.5.scd': 'app(5)\n\n# DEBUG\n\n\tTo add extra libraries to logging _APP_EXTRA_LOG_TARGETS_ variable\n\tcan be used.\n\n\t\t_APP_EXTRA_LOG_TARGETS="winit;vte" app -vvv_\n',
    });
    repo.commit('app');
    const { yaml, lint } = await initAndRun(repo);
    const env = uncommented(yaml).rules['env-docs'] as { docs?: string[] };
    expect(env.docs).toEqual(expect.arrayContaining(['extra/man/app-msg.1.scd', 'extra/man/app.5.scd']));
    // The one name no man page documents.
    expect(lint.stdout).toContain('`APP_SOCKET` is read by the code but no doc mentions it');
    expect(lint.stdout).not.toContain('APP_WINDOW_ID');
    expect(lint.stdout).not.toContain('APP_EXTRA_LOG_TARGETS');
  });

  it("a browser end-to-end suite's variables are tests' (schollz/croc's web/e2e and playwright.config.ts)", async () => {
    const repo = new TempRepo({
      'package.json': '{ "name": "app", "version": "1.0.0", "scripts": { "test": "playwright test" } }\n',
      'src/server.ts': 'export const token = process.env.APP_TOKEN;\nexport const port = process.env.APP_PORT;\nexport const host = process.env.APP_HOST;\n',
      'e2e/stack.mjs': 'export const relayPorts = process.env.APP_E2E_RELAY_PORTS ?? "9009";\nexport const vitePort = process.env.APP_E2E_VITE_PORT ?? "5173";\n',
      'playwright.config.ts': 'export default { webServer: { command: process.env.APP_E2E_BINARY_NAME ?? "app" } };\n',
      'README.md': '# app\n\nSet `APP_TOKEN`, `APP_PORT` and `APP_HOST`.\n',
    });
    repo.commit('app');
    const { yaml, lint } = await initAndRun(repo);
    const env = uncommented(yaml).rules['env-docs'] as { code: Array<{ files: string[] }> };
    expect(env.code[0].files).toContain('!**/e2e/**');
    expect(lint.stdout).not.toContain('APP_E2E');
  });

  it("docs that order themselves in a site's navigation with front matter get no docs-index (prometheus/prometheus's sort_rank)", async () => {
    const page = (title: string, rank: number) => `---\ntitle: ${title}\nsort_rank: ${rank}\n---\n\n# ${title}\n\nText.\n`;
    const repo = new TempRepo({
      'README.md': '# server\n\nSee [the docs](docs/index.md).\n',
      'docs/index.md': '# Server\n\n## Content\n\n- [Getting started](getting_started.md)\n- [Querying](querying/basics.md)\n',
      'docs/getting_started.md': page('Getting started', 1),
      'docs/feature_flags.md': page('Feature flags', 12),
      'docs/querying/basics.md': page('Querying basics', 1),
      'docs/querying/api.md': page('HTTP API', 7),
      'docs/querying/functions.md': page('Functions', 3),
    });
    repo.commit('docs');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain(
      "found: docs under docs/ order themselves in a site's navigation with front matter (`sort_rank` in 5 of 5), so docs/index.md is not that navigation; no docs-index proposed",
    );
    expect(yaml).not.toMatch(/^ {2}docs-index:/m);
  });

  it("archived docs are left out of the docs, like changelogs (pnpm/pnpm.io's versioned_docs_archived)", async () => {
    const repo = new TempRepo({
      'README.md': '# site\n\nSee [the intro](docs/intro.md).\n',
      'docs/intro.md': '# Intro\n\nHello.\n',
      'versioned_docs_archived/version-1.x/intro.md': '# Intro\n\nSee [the settings](settings#store-dir).\n',
      'versioned_docs_archived/version-1.x/faq.md': '# FAQ\n\nSee [the intro](intro).\n',
      'notes/archive/2019/plan.md': '# Plan\n\nSee [the design](design.md).\n',
    });
    repo.commit('site');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: archived docs left out of the docs (kept as they were, like a changelog): 3 docs in notes/archive/, versioned_docs_archived/');
    expect(parseYaml(yaml).docs).toEqual(['**/*.md', '!notes/archive/**', '!versioned_docs_archived/**']);
    expect(lint.stdout).toContain('No problems found');
  });

  it("a prefix only generated code reads is not the project's (prometheus/alertmanager's go-swagger server)", async () => {
    const repo = new TempRepo({
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'cmd/app/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("app") }\n',
      'api/restapi/server.go': [
        '// Code generated by go-swagger; DO NOT EDIT.',
        '',
        'package restapi',
        '',
        'import "os"',
        '',
        'var host = os.Getenv("TLS_HOST")',
        'var port = os.Getenv("TLS_PORT")',
        'var cert = os.Getenv("TLS_CERTIFICATE")',
        '',
      ].join('\n'),
      'README.md': '# app\n\nRun `app`.\n',
    });
    repo.commit('app');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('found: no common environment-variable prefix in the names the code reads');
    expect(yaml).not.toMatch(/^ {2}#? ?env-docs:/m);
  });

  it("Gradle's other test source sets are tests (detekt/detekt's src/functionalTest, src/testFixtures)", async () => {
    const repo = new TempRepo({
      'settings.gradle.kts': 'rootProject.name = "app"\n',
      'app/src/main/kotlin/Main.kt': 'fun token() = System.getenv("APP_TOKEN")\nfun port() = System.getenv("APP_PORT")\nfun host() = System.getenv("APP_HOST")\n',
      'app/src/functionalTest/kotlin/SdkTest.kt': 'val sdk = System.getenv("APP_SDK_ROOT")\n',
      'app/src/testFixtures/kotlin/Fixtures.kt': 'val home = System.getenv("APP_FIXTURE_HOME")\n',
      'app/src/main/java/Tool.java': 'class Tool { String a = System.getenv("APP_TOKEN"); }\n',
      'app/src/integrationTest/java/ToolIT.java': 'class ToolIT { String b = System.getenv("APP_IT_DB"); }\n',
      'README.md': '# app\n\nSet `APP_TOKEN`, `APP_PORT` and `APP_HOST`.\n',
    });
    repo.commit('app');
    const { yaml, lint } = await initAndRun(repo);
    const env = uncommented(yaml).rules['env-docs'] as { code: Array<{ files: string[] }> };
    expect(env.code.flatMap((c) => c.files)).toContain('!**/src/{test,*Test,testFixtures}/**');
    expect(lint.stdout).not.toContain('APP_SDK_ROOT');
    expect(lint.stdout).not.toContain('APP_FIXTURE_HOME');
    expect(lint.stdout).not.toContain('APP_IT_DB');
  });

  it("reStructuredText and AsciiDoc docs document variables; a help-text source's identifiers are code (pypa/pipx, rubocop)", async () => {
    const help = [
      'import textwrap',
      '',
      'APP_DESCRIPTION = textwrap.dedent(',
      '    """',
      '    Install and run apps.',
      '    """',
      ')',
      'APP_DESCRIPTION += """',
      'optional environment variables:',
      '  APP_HOME             Overrides the default location of the app home folder',
      '  APP_BIN_DIR          Overrides the location of the app binaries folder',
      '  APP_MAN_DIR          Overrides the location of the app manual pages folder',
      '"""',
      '',
      'def parser(argparse):',
      '    return argparse.ArgumentParser(description=APP_DESCRIPTION)',
      '',
    ].join('\n');
    const repo = new TempRepo({
      'pyproject.toml': '[project]\nname = "app"\n',
      'src/app/paths.py': 'import os\n\nHOME = os.environ.get("APP_HOME")\nBIN = os.environ.get("APP_BIN_DIR")\nMAN = os.environ.get("APP_MAN_DIR")\nSHARED = os.environ.get("APP_SHARED_LIBS")\n',
      'src/app/main.py': help,
      'README.md': '# app\n\nSee the docs.\n',
      'docs/reference/environment-variables.rst': 'Environment variables\n=====================\n\n- ``APP_HOME``\n- ``APP_SHARED_LIBS``\n',
      'docs/changelog.rst': 'Changelog\n=========\n\n- Remove the ``APP_HOME_ALLOW_SPACE`` environment variable.\n',
      'changelog/1.md': 'Add `APP_OLD_A`.\n',
      'changelog/2.md': 'Add `APP_OLD_B`.\n',
      'changelog/3.md': 'Add `APP_OLD_C`.\n',
    });
    repo.commit('app');
    const { yaml, lint } = await initAndRun(repo);
    const env = uncommented(yaml).rules['env-docs'] as { docs: string[] };
    expect(env.docs).toContain('docs/reference/environment-variables.rst');
    expect(env.docs).toContain('src/app/main.py');
    expect(env.docs).not.toContain('docs/changelog.rst');
    expect(env.docs).toContain('!changelog/**');
    expect(lint.stdout).not.toContain('APP_');
  });

  it("Markdown a formatter's tests read as input is not documentation (prettier/prettier's tests/format/)", async () => {
    const repo = new TempRepo({
      'package.json': '{ "name": "fmt", "version": "1.0.0", "scripts": { "test": "vitest" } }\n',
      'tests/format/markdown/link/format.test.js': 'runFormatTest(import.meta, ["markdown"]);\n',
      'tests/format/markdown/link/broken.md': '[a link to nothing](./nowhere.md) and [an anchor](#none)\n',
      'tests/format/markdown/link/cases/deep.md': '[also nothing](../../gone.md)\n',
      'tests/README.md': '# Tests\n\nRun `npm test`.\n',
      'README.md': '# fmt\n\nSee [the tests](tests/README.md).\n',
    });
    repo.commit('fmt');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('Markdown beside the tests that read it, test inputs left out of the docs: 1 folder (tests/format/)');
    expect((parseYaml(yaml) as { docs: string[] }).docs).toContain('!tests/format/**');
    expect(lint.stdout).toContain('No problems found');
  });

  it("a site's pages that a .gitignore names but git tracks are generated: their links are not checked (vuejs/pinia's typedoc packages/docs/api/)", async () => {
    const repo = new TempRepo({
      'packages/docs/.vitepress/config.ts': "export default { title: 'Store' };\n",
      'packages/docs/index.md': '# Store\n\nSee [the API](./api/index.md) and [the guide](./guide.md#setup).\n',
      'packages/docs/guide.md': '# Guide\n\n## Setup\n\nNothing to set up.\n',
      'packages/docs/api/index.md': '# API\n\n- [createStore](./store/functions/createStore.md#returns)\n',
      'packages/docs/api/store/functions/createStore.md': '# createStore()\n\nReturns [a Store](../interfaces/Store.md#id).\n',
      'packages/docs/api/store/interfaces/Store.md': '# Store\n\n## $id\n\nThe id.\n',
      'README.md': '# store\n\nDocs in [packages/docs](packages/docs/index.md).\n',
    });
    repo.commit('store and its generated API pages');
    // Ignored once the build took over writing them; the copies committed before stay tracked.
    repo.write({ '.gitignore': 'node_modules\npackages/docs/api\n' });
    repo.commit('the docs build writes the API pages');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('links: clean today');
    // They stay pages: index.md's link to api/index.md is published, not "a file the site does not publish".
    expect(yaml).not.toContain('packages/docs/api');
    // typedoc's `#returns` and `#id` anchors are the generator's: fixed by the next build, not reported.
    expect(lint.stdout).toContain('No problems found');
    expect(lint.stdout + lint.stderr).toContain(
      'links: 3 site page(s) that a .gitignore names although they are tracked are generated by the docs build; their links are not checked (packages/docs/api/)',
    );
  });

  it('a site whose mkdocs.yml names another repository publishes its pages there: links to pages not here are not checked (pydantic/pydantic-settings)', async () => {
    const repo = new TempRepo({
      'mkdocs.yml': 'site_name: framework\nrepo_url: https://github.com/acme/framework\nnav:\n  - index.md\n',
      'docs/index.md': '# Settings\n\nSee [aliases](fields.md#field-aliases) and [errors](../api/settings.md#SettingsError).\n\n## Usage\n\n[Usage](#usage).\n',
      'README.md': '# framework-settings\n\nRead [the documentation](docs/index.md).\n',
    });
    repo.commit('settings');
    repo.git('remote', 'add', 'origin', 'https://github.com/acme/framework-settings.git');
    const { init, lint } = await initAndRun(repo);
    expect(init).toContain('links: clean today');
    expect(lint.stdout).toContain('No problems found');
    expect(lint.stdout + lint.stderr).toContain(
      "links: mkdocs.yml names the repository `https://github.com/acme/framework` as the site's (repo_url): its pages are published on that repository's site, which is not here; 2 link(s) to pages this repository does not hold are not checked",
    );
  });

  it("a generated doc in no site here links its own site's URLs: those are not checked (astral-sh/ruff's crates/ty/docs/rules.md)", async () => {
    const repo = new TempRepo({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/tool/docs/rules.md':
        "<!-- WARNING: This file is auto-generated (cargo dev generate-all). Edit 'crates/tool/src/lints.rs' if you want to change anything here. -->\n\n# Rules\n\n## `unused-import`\n\nDefault level: [`warn`](../../rules#rule-levels).\n",
      'README.md': '# tool\n\nThe [rules](crates/tool/docs/rules.md).\n',
    });
    repo.commit('tool');
    const { lint } = await initAndRun(repo);
    expect(lint.stdout).toContain('No problems found');
    expect(lint.stdout + lint.stderr).toContain('links: crates/tool/docs/rules.md says it is generated and belongs to no site here: 1 link(s) in it');
  });

  it("a Go repository's top-level test/ helpers and testdata/ fixtures are not the program (golangci/golangci-lint's GL_KEEP_TEMP_FILES)", async () => {
    const repo = new TempRepo({
      'go.mod': 'module github.com/example/lint\n\ngo 1.22\n',
      'cmd/lint/main.go': 'package main\n\nimport "os"\n\nfunc main() { _, _ = os.Getenv("GL_DEBUG"), os.Getenv("GL_CONFIG") }\n',
      'test/testshared/fix.go': 'package testshared\n\nimport "os"\n\nfunc keep() bool { return os.Getenv("GL_KEEP_TEMP_FILES") != "" }\n',
      'pkg/golinters/testdata/sample.go': 'package testdata\n\nimport "os"\n\nvar _ = os.Getenv("GL_FIXTURE_ONLY")\n',
      'README.md': '# lint\n\nSet `GL_DEBUG` for logs and `GL_CONFIG` for the config file.\n',
    });
    repo.commit('lint');
    const { yaml, lint } = await initAndRun(repo);
    const env = uncommented(yaml).rules['env-docs'] as { code: Array<{ files: string[] }> };
    expect(env.code[0].files).toEqual(['**/*.go', '!**/*_test.go', '!**/testdata/**', '!test/**', '!scripts/**']);
    expect(lint.stdout).toContain('No problems found');
  });

  it("a coding agent's hook variables and a build image's arguments are not the project's settings (astral-sh/uv)", async () => {
    const repo = new TempRepo({
      'agents/hooks/post-edit-format.py': 'import os\n\nroot = os.environ["CLAUDE_PROJECT_DIR"]\nremote = os.environ.get("CLAUDE_CODE_REMOTE")\n',
      Dockerfile: 'FROM rust:1 AS build\nARG XWIN_VERSION\nARG XWIN_ARCH\nRUN cargo xwin build --target "$XWIN_ARCH"\n',
      'README.md': '# tool\n\nBuild with `docker build .`.\n',
    });
    repo.commit('tool');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain("2 environment variables named XWIN_… read only by scripts or Dockerfiles, and no doc mentions one: a build's settings, so env-docs is not proposed");
    expect(init).not.toContain('CLAUDE_');
    expect(uncommented(yaml).rules['env-docs']).toBeUndefined();
  });

  it("Yarn's committed release in .yarn/ is vendored code: its PNP_ reads are not the project's (jestjs/jest)", async () => {
    const repo = new TempRepo({
      '.yarn/releases/yarn-4.18.0.cjs': 'const a = process.env.PNP_DEBUG_LEVEL;\nconst b = process.env.PNP_ALWAYS_WARN_ON_FALLBACK;\nconst c = process.env.PNP_TRACE;\n',
      'src/index.js': 'module.exports = () => 1;\n',
      'README.md': '# runner\n',
    });
    repo.commit('runner');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('no common environment-variable prefix in the names the code reads');
    expect(uncommented(yaml).rules['env-docs']).toBeUndefined();
  });

  it('translations a Crowdin configuration syncs are left out of the docs, and out of env-docs (starship/starship)', async () => {
    const repo = new TempRepo({
      'crowdin.yml': 'files:\n  - source: /docs/**/*.md\n    ignore:\n      - /docs/%locale%\n    translation: /docs/%locale%/**/%original_file_name%\n',
      'README.md': '# prompt\n\nSee [the configuration](docs/config/README.md).\n',
      'docs/config/README.md': '# Configuration\n\nSet `PROMPT_CONFIG` to move it. See [style strings](#style-strings).\n\n## Style strings\n',
      'docs/faq/README.md': '# FAQ\n\nSee [the configuration](../config/README.md).\n',
      // Crowdin translates the heading; the anchor stays English: broken on the translated page, and fixed in Crowdin.
      'docs/fr-FR/config/README.md': '# Configuration\n\nDéfinissez `PROMPT_CONFIG` et `PROMPT_OLD`. Voir [chaînes de style](#style-strings).\n\n## Chaînes de style\n',
      'docs/zh_CN/config/README.md': '# 配置\n\n参见 [样式](#style-strings)。\n\n## 样式字符串\n',
      'main.go': 'package main\n\nimport "os"\n\nfunc main() { _, _ = os.Getenv("PROMPT_CONFIG"), os.Getenv("PROMPT_THEME") }\n',
    });
    repo.commit('site');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('translations crowdin.yml syncs from Crowdin, left out of the docs (fix them in Crowdin): 2 folders (docs/fr-FR, docs/zh_CN)');
    const config = uncommented(yaml) as unknown as { docs: string[]; rules: Record<string, { docs?: string[] }> };
    expect(config.docs).toEqual(['**/*.md', '!docs/fr-FR/**', '!docs/zh_CN/**']);
    // docs/faq is a folder, not a language: its doc is checked.
    expect(init).toContain('found: 3 Markdown docs');
    expect(lint.stdout).not.toContain('fr-FR');
    expect(lint.stdout).toContain('PROMPT_THEME');
  });

  it("a name the project's Dockerfile sets is the image's, not a user's setting (louislam/uptime-kuma's UPTIME_KUMA_IS_CONTAINER)", async () => {
    const repo = new TempRepo({
      'README.md': '# kuma\n\nSet `KUMA_PORT` to listen elsewhere.\n',
      'server/config.js':
        "const isContainer = process.env.KUMA_IS_CONTAINER === '1';\nconst port = process.env.KUMA_PORT;\nconst host = process.env.KUMA_HOST;\nmodule.exports = { isContainer, port, host };\n",
      'docker/base.dockerfile': 'FROM node:20\nARG TARGETPLATFORM\nENV KUMA_IS_CONTAINER=1\n',
    });
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: 2 environment variables named KUMA_… read by node code (1 Dockerfile set or take some); 1 name');
    expect(uncommented(yaml).rules['env-docs'].code).toContainEqual({ files: ['docker/base.dockerfile'], reader: 'dockerfile' });
    expect(lint.stdout).toContain('`KUMA_HOST` is read by the code');
    expect(lint.stdout).not.toContain('KUMA_IS_CONTAINER');
  });
  it("a name the image's entrypoint exports is the image's, not a user's setting (gethomepage/homepage's HOMEPAGE_BUILDTIME)", async () => {
    const repo = new TempRepo({
      'README.md': '# home\n\nSet `HOME_PORT` to listen elsewhere.\n',
      'src/config.js': "export const built = process.env.HOME_BUILDTIME ?? '';\nexport const port = process.env.HOME_PORT;\nexport const dir = process.env.HOME_CONFIG_DIR;\n",
      'docker-entrypoint.sh': '#!/bin/sh\nset -e\nexport HOME_BUILDTIME=$(date +%s)\nexec "$@"\n',
    });
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('about 1 undocumented');
    expect(uncommented(yaml).rules['env-docs'].code).toContainEqual({ files: ['docker-entrypoint.sh'], reader: 'shell' });
    expect(lint.stdout).toContain('`HOME_CONFIG_DIR` is read by the code');
    expect(lint.stdout).not.toContain('HOME_BUILDTIME');
  });
  it('env-docs is not proposed when the docs name far more variables than the readers see read', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `TOOL_SETTING_${i}`);
    const repo = new TempRepo({
      'README.md': `# tool\n\n${names.map((n) => `- \`${n}\``).join('\n')}\n`,
      'run.sh': '#!/bin/sh\necho "$TOOL_SETTING_0 $TOOL_SETTING_1"\n',
    });
    repo.commit('layout');
    const { init, yaml } = await initAndRun(repo);
    expect(init).toContain('env-docs not proposed: the docs name 12 TOOL_… variables the readers do not see read');
    expect(yaml).not.toContain('env-docs');
  });

  it('commands and cli-flags: init says what they check and proposes each only where its first run is clean', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'stamp', version: '1.0.0', bin: { stamp: 'bin/stamp.js' }, scripts: { build: 'tsc', test: 'vitest' } }),
      'bin/stamp.js':
        "#!/usr/bin/env node\nimport { parseArgs } from 'node:util';\nconst { values } = parseArgs({ options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } } });\nconsole.log(values);\n",
      Makefile: 'all: build\n\nbuild:\n\tnpm run build\n',
    };
    const clean = new TempRepo({ ...files, 'README.md': '# stamp\n\n```sh\nnpm run build\nmake build\nstamp --output out.txt --force\n```\n' });
    clean.commit('layout');
    const first = await initAndRun(clean);
    expect(first.init).toContain('found: commands: 2 scripts in package.json, 2 targets in Makefile; clean today, so proposed at error');
    expect(first.init).toContain('found: cli-flags: 1 program: stamp (node): 2 flags; clean today, so proposed at error');
    expect(uncommented(first.yaml).rules).toMatchObject({ commands: { level: 'error' }, 'cli-flags': { level: 'error' } });
    expect(first.lint.stdout).toContain('No problems found');

    // A doc that runs a script nobody defines and gives a flag the program lacks: neither rule is proposed, both say why.
    const drift = new TempRepo({ ...files, 'README.md': '# stamp\n\n```sh\nnpm run lint\nstamp --outptu out.txt\n```\n' });
    drift.commit('layout');
    const second = await initAndRun(drift);
    expect(second.init).toContain('found: commands: 2 scripts in package.json, 2 targets in Makefile; 1 finding(s) today, so not proposed (it runs at its default, warning)');
    expect(second.init).toContain('found: cli-flags: 1 program: stamp (node): 2 flags; 1 finding(s) today, so not proposed (it runs at its default, warning)');
    expect(second.yaml).not.toMatch(/^ {2}(?:commands|cli-flags):/m);
    expect(second.lint.stdout).toMatch(/warning +`npm run lint`/);

    // Flags defined in a way no reader sees (BurntSushi/ripgrep's own Flag trait): a guard that would check nothing is not proposed.
    const unread = new TempRepo({
      'Cargo.toml': '[package]\nname = "rg"\nversion = "1.0.0"\n',
      'src/main.rs': 'mod defs;\nfn main() { let args: Vec<String> = std::env::args().collect(); defs::parse(&args); }\n',
      'src/defs.rs': 'pub fn parse(args: &[String]) { for a in args { if a == "--hidden" { println!("hidden"); } } }\n',
      'README.md': '# rg\n\n```sh\nrg --hidden foo\n```\n',
    });
    unread.commit('layout');
    const third = await initAndRun(unread);
    expect(third.init).toContain('found: cli-flags: 1 program: rg (rust): 0 flags: no flag is defined in a form it reads, so not proposed');
    expect(third.yaml).not.toMatch(/^ {2}cli-flags:/m);
  });

  it('Markdown that tests read or write (fixtures, snapshots, generated goldens) is left out of the proposed docs', async () => {
    const repo = new TempRepo({
      'README.md': '# tool\n\nSee [the guide](docs/guide.md).\n',
      'docs/guide.md': '# Guide\n\nUse it.\n',
      'site/tests/md-output/goldens/index.md': '# Home\n\n[Get started](docs/get-started/)\n',
      'src/__tests__/input.md': '# Input\n\n[broken on purpose](missing.md)\n',
      'internal/fixtures/README.md': '# Fixtures\n\nOne folder per case; see [the guide](../../docs/guide.md).\n',
      'pkg/render/testdata/table.md': '| a |\n|---|\n| [x](nowhere.md) |\n',
    });
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    // A README in a test folder describes the tests for people: it stays a doc.
    expect(init).toContain('found: 3 Markdown docs ((root) 1, docs/ 1, internal/ 1)');
    expect(init).toContain('found: Markdown that tests read or write, left out of the docs: **/__tests__/**, **/testdata/**, **/goldens/**');
    expect(init).toContain('found: links: clean today, so it starts at error');
    expect((parseYaml(yaml) as { docs: string[] }).docs).toEqual(['**/*.md', '!**/__tests__/**', '!**/testdata/**', '!**/goldens/**']);
    expect(lint.stdout).toContain('No problems found');
  });

  it('sites configured in a test folder are test inputs: their docs are left out, a README about the tests stays', async () => {
    const repo = new TempRepo({
      'README.md': '# tool\n\nSee [the guide](guide/src/README.md).\n',
      'guide/book.toml': '[book]\ntitle = "Guide"\n',
      'guide/src/SUMMARY.md': '# Summary\n\n[Intro](README.md)\n- [Usage](usage.md)\n',
      'guide/src/README.md': '# Guide\n\nRead [the usage](usage.html).\n',
      'guide/src/usage.md': '# Usage\n\nRun it.\n',
      'tests/testsuite/README.md': '# Tests\n\nEach folder under build/ is a book.\n',
      'tests/testsuite/build/missing_file/book.toml': '[book]\n',
      'tests/testsuite/build/missing_file/src/SUMMARY.md': '- [Chapter 1](./chapter_1.md)\n',
      'tests/testsuite/build/no_toml/src/SUMMARY.md': '- [Chapter](./chapter.md)\n',
      'tests/testsuite/build/no_toml/src/chapter.md': '# Chapter\n\n[broken on purpose](nowhere.md)\n',
      'tests/gui/books/basic/book.toml': '[book]\n',
      'tests/gui/books/basic/src/SUMMARY.md': '- [Chapter](chapter.md)\n',
      'tests/gui/books/basic/src/chapter.md': '# Chapter\n\n[link]\n\n[a](a)\n',
    });
    repo.commit('layout');
    const { init, yaml, lint } = await initAndRun(repo);
    expect(init).toContain('found: 3 sites configured in test folders, test inputs left out of the docs: 2 folders (tests/gui/, tests/testsuite/build/)');
    expect(init).toContain('found: mdbook site tests/gui/books/basic/book.toml: a site in a test folder, so no docs-index for it');
    expect(init).toContain('found: site navigation guide/src/SUMMARY.md (2 entries): proposed as the docs index');
    expect(init).toContain('found: links: clean today, so it starts at error');
    expect((parseYaml(yaml) as { docs: string[] }).docs).toEqual(['**/*.md', '!tests/gui/**', '!tests/testsuite/build/**']);
    expect(lint.stdout).toContain('No problems found');
  });

  it('the demo repository: never overwrites; once its configuration is gone, init reports real drift', async () => {
    const repo = new TempRepo();
    cpSync(join(FIXTURES, 'demo'), repo.root, { recursive: true });
    repo.commit('demo');
    const before = readFileSync(join(repo.root, 'docwarden.yml'), 'utf8');
    const existing = await cli(['init'], repo.root);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('docwarden.yml already exists; init never overwrites a configuration');
    const dry = await cli(['init', '--dry-run'], repo.root);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('rules:\n  # dead links, anchors and repo paths in inline code\n  links:');
    expect(dry.stderr).toMatch(/found: \d+ environment variables named TOLLGATE_… read by go code/);
    expect(readFileSync(join(repo.root, 'docwarden.yml'), 'utf8')).toBe(before);

    rmSync(join(repo.root, 'docwarden.yml'));
    const { init, lint } = await initAndRun(repo);
    // The drift is there to see, as warnings: the rule that finds it says so and starts below error.
    expect(lint.stdout).toMatch(/warning +Cannot find heading or anchor `#signal-handling` in `docs\/configuration\.md`/);
    expect(init).toMatch(/links: \d+ finding\(s\) today, so it starts at warning/);
  });
});
