import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as stringifyYaml } from 'yaml';
import { CONFIG_FILE_NAMES, defaultConfig } from './config/load.js';
import { inSpans } from './facts/source.js';
import { RULES } from '../rules/index.js';
import { gitTopLevel } from './workspace/git.js';
import { globMatcher, Workspace } from './workspace/workspace.js';
import { writeFileExclusive } from './workspace/write.js';
import { proposeForSites, startingLevel } from './sites/propose.js';
import type { CliIo } from './cli.js';

/** What `docwarden init` learned about a repository, and the configuration it proposes. */
export interface InitProposal {
  /** One line per fact found, for the user to read. */
  found: string[];
  yaml: string;
}

type EnvReader = 'go' | 'node' | 'python';

/** Reads of environment variables with a literal name, per language; a read inside a comment does not count. */
const ENV_READS: Record<EnvReader, { extensions: RegExp; pattern: RegExp; files: string[] }> = {
  go: {
    extensions: /\.go$/,
    pattern: /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
    files: ['**/*.go', '!**/*_test.go'],
  },
  node: {
    extensions: /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/,
    pattern: /\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\])/g,
    files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}', '!**/*.test.*', '!**/*.spec.*', '!**/__tests__/**'],
  },
  python: {
    extensions: /\.py$/,
    pattern: /\bos\.(?:environ(?:\.get)?\s*[[(]\s*|getenv\(\s*)['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
    files: ['**/*.py', '!**/test_*.py', '!**/*_test.py'],
  },
};

/** Prefixes that belong to platforms and tools, not to the project's own settings. */
const PLATFORM_PREFIXES = new Set(['NODE_', 'NPM_', 'GITHUB_', 'RUNNER_', 'CI_', 'XDG_', 'LC_', 'GIT_', 'PYTHON_', 'GO_', 'VITEST_', 'JEST_']);

/** Folders whose Markdown is vendored, not the project's documentation. */
const VENDORED = ['node_modules', 'vendor', 'third_party', 'third-party'];

const DOCS_FOLDER = /^(docs?|documentation)$/i;
const INDEX_NAME = /^(readme|index)\.(md|markdown)$/i;
/** `Last reviewed: 2026-05-13` in the forms docs write it: plain, quoted (`> `), bold, with `-` or space. */
const LAST_REVIEWED = /^(\s*(?:>\s*)?(?:\*\*|__|_|\*)?Last[ -]reviewed(?:\*\*|__|_|\*)?\s*:\s*(?:\*\*|__|_|\*)?\s*)(\d{4}-\d{2}-\d{2})\b/im;
const FRONT_MATTER_DATE_KEYS = ['last_reviewed', 'last-reviewed', 'lastReviewed'];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}

/** The most frequent key of a count map; ties go to the alphabetically first, so the result is deterministic. */
function mostCommon(counts: Map<string, number>): [string, number] | undefined {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0];
}

/** Globs covering `paths`: `dir/**\/*.md` per top-level folder, root files by name. */
function folderGlobs(paths: readonly string[]): string[] {
  const globs = new Set<string>();
  for (const p of paths) {
    const slash = p.indexOf('/');
    globs.add(slash < 0 ? p : `${p.slice(0, slash)}/**/*.md`);
  }
  return [...globs].sort();
}

/** Looks at the repository and proposes a configuration; rules this version does not have are written as comments. */
export function proposeConfig(ws: Workspace, registered: ReadonlySet<string>): InitProposal {
  const found: string[] = [];
  const rules: { id: string; options: Record<string, unknown>; why: string }[] = [];

  // Vendored Markdown is never the project's docs.
  const docs = ws.docs();
  const vendored = VENDORED.filter((v) => docs.some((d) => d.split('/').includes(v))).map((v) => `**/${v}/**`);
  const ownDocs = docs.filter((d) => !VENDORED.some((v) => d.split('/').includes(v)));
  const topFolders = new Map<string, number>();
  for (const d of ownDocs) {
    const top = d.includes('/') ? `${d.slice(0, d.indexOf('/'))}/` : '(root)';
    topFolders.set(top, (topFolders.get(top) ?? 0) + 1);
  }
  const where = [...topFolders.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).slice(0, 5).map(([k, n]) => `${k} ${n}`);
  found.push(`${plural(ownDocs.length, 'Markdown doc')}${where.length ? ` (${where.join(', ')})` : ''}`);
  if (vendored.length) found.push(`vendored Markdown to ignore: ${vendored.join(', ')}`);

  const remotes = ws.gitRemoteUrls();
  found.push(remotes.length ? `repository URLs from git remotes: ${remotes.join(', ')}` : 'no GitHub or GitLab git remote (links to this repository\'s URLs are not checked)');
  const sites = proposeForSites(ws);
  found.push(...sites.found);
  const linksOptions = remotes.length ? { 'repository-urls': remotes } : {};
  const isVendored = (path: string) => VENDORED.some((v) => path.split('/').includes(v));
  const linksLevel = startingLevel(ws, RULES, 'links', linksOptions, isVendored);
  found.push(linksLevel.found);
  rules.push({ id: 'links', options: { level: linksLevel.level, ...linksOptions }, why: 'dead links, anchors and repo paths in inline code' });

  // The index: a site's navigation, else a docs folder's README/index that really links the docs beside it.
  const proposeIndex = (options: Record<string, unknown>, why: string) => {
    const start = startingLevel(ws, RULES, 'docs-index', options, isVendored);
    found.push(start.found);
    rules.push({ id: 'docs-index', options: { level: start.level, ...options }, why });
  };
  if (sites.docsIndex) proposeIndex(sites.docsIndex.options, sites.docsIndex.why);
  const docsFolders = sites.docsIndex ? [] : ws.entriesOf('').filter((name) => DOCS_FOLDER.test(name) && ws.isDir(name));
  for (const folder of docsFolders) {
    const index = ws.entriesOf(folder).find((name) => INDEX_NAME.test(name));
    if (!index) {
      found.push(`docs folder ${folder}/ has no README.md or index.md`);
      continue;
    }
    // A site's pages are found through its navigation, not through a README among them.
    if (sites.siteFolders.some((f) => f === folder || folder.startsWith(`${f}/`) || f.startsWith(`${folder}/`))) {
      found.push(`docs index ${folder}/${index} is a page of a documentation site whose navigation docwarden cannot read; no docs-index proposed`);
      break;
    }
    const links = ws.doc(`${folder}/${index}`)?.links ?? [];
    if (!links.some((l) => l.kind !== 'image' && !/^[a-z][a-z0-9+.-]*:|^#/i.test(l.url))) {
      found.push(`${folder}/${index} links no other doc, so it is not an index; no docs-index proposed`);
      break;
    }
    found.push(`docs index ${folder}/${index}`);
    proposeIndex({ index: `${folder}/${index}`, files: [`${folder}/**/*.md`, `!${folder}/${index}`] }, `every doc under ${folder}/ is linked from ${folder}/${index}`);
    break;
  }

  // A Last-reviewed convention: the line form most docs use, or front matter.
  const lineForms = new Map<string, number>();
  const reviewed: string[] = [];
  let frontMatterDates = 0;
  for (const path of ownDocs) {
    const facts = ws.doc(path);
    const text = ws.text(path)?.text;
    if (!facts || text === undefined) continue;
    const data = facts.frontMatter?.data as Record<string, unknown> | undefined;
    if (data && typeof data === 'object' && FRONT_MATTER_DATE_KEYS.some((k) => k in data)) {
      frontMatterDates++;
      reviewed.push(path);
      continue;
    }
    const m = LAST_REVIEWED.exec(text);
    if (!m) continue;
    reviewed.push(path);
    const prefix = m[1].replace(/^\s+/, '');
    lineForms.set(prefix, (lineForms.get(prefix) ?? 0) + 1);
  }
  if (reviewed.length > 0) {
    const form = mostCommon(lineForms);
    const files = folderGlobs(reviewed);
    const options: Record<string, unknown> = { level: 'error', files };
    if (form) options.pattern = `^${escapeRegex(form[0])}(?<date>\\d{4}-\\d{2}-\\d{2})`;
    options['warn-after'] = 90;
    options['error-after'] = 120;
    const how = form ? `\`${form[0].trim()} YYYY-MM-DD\` lines` : 'front matter last_reviewed';
    found.push(`${plural(reviewed.length, 'doc')} with a review date (${how}${form && frontMatterDates ? `; ${frontMatterDates} in front matter` : ''})`);
    rules.push({ id: 'last-reviewed', options, why: 'review dates go stale' });
  }

  // Environment variables: the most common PREFIX_ of the names the code reads.
  const namesByReader = new Map<EnvReader, Set<string>>();
  // Only files the proposed configuration would read count (tests left out), so the prefix matches what env-docs will see.
  const counted = Object.fromEntries((Object.keys(ENV_READS) as EnvReader[]).map((r) => [r, globMatcher(ENV_READS[r].files)])) as Record<EnvReader, (path: string) => boolean>;
  for (const path of ws.files) {
    if (ws.isIgnored(path) || VENDORED.some((v) => path.split('/').includes(v))) continue;
    const reader = (Object.keys(ENV_READS) as EnvReader[]).find((r) => ENV_READS[r].extensions.test(path));
    if (!reader || !counted[reader](path)) continue;
    const t = ws.text(path);
    if (!t || !/env|Getenv/.test(t.text)) continue;
    const comments = ws.source(path)?.comments ?? [];
    for (const m of t.text.matchAll(ENV_READS[reader].pattern)) {
      if (inSpans(comments, m.index)) continue;
      const name = m[1] ?? m[2];
      const set = namesByReader.get(reader) ?? new Set<string>();
      set.add(name);
      namesByReader.set(reader, set);
    }
  }
  const prefixNames = new Map<string, Set<string>>();
  for (const names of namesByReader.values()) {
    for (const name of names) {
      const m = /^([A-Z][A-Z0-9]*_)[A-Z0-9_]+$/.exec(name);
      if (!m || PLATFORM_PREFIXES.has(m[1])) continue;
      const set = prefixNames.get(m[1]) ?? new Set<string>();
      set.add(name);
      prefixNames.set(m[1], set);
    }
  }
  const prefix = mostCommon(new Map([...prefixNames].map(([p, s]) => [p, s.size])));
  if (prefix && prefix[1] >= 2) {
    const readers = [...namesByReader.entries()].filter(([, names]) => [...names].some((n) => n.startsWith(prefix[0]))).map(([r]) => r).sort();
    found.push(`${plural(prefix[1], 'environment variable')} named ${prefix[0]}… read by ${readers.join(', ')} code`);
    rules.push({
      id: 'env-docs',
      options: {
        level: 'error',
        names: `${prefix[0]}[A-Z0-9_]+`,
        code: readers.map((r) => ({ files: ENV_READS[r].files, reader: r })),
      },
      why: 'environment variables the code reads and the docs name must agree',
    });
  } else {
    found.push('no common environment-variable prefix in os.Getenv / process.env / os.environ reads');
  }

  const lines: string[] = [
    '# docwarden configuration, started by `docwarden init`; see docs/configuration.md in the docwarden repository.',
    '# Adopting on a repository with existing drift: `docwarden --update-baseline` accepts what is there today.',
  ];
  if (vendored.length) lines.push(stringifyYaml({ ignore: vendored }, { flowCollectionPadding: false }).trimEnd());
  lines.push('rules:');
  for (const rule of rules) {
    const block = stringifyYaml({ [rule.id]: rule.options }, { lineWidth: 0 })
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`);
    lines.push(`  # ${rule.why}`);
    if (registered.has(rule.id)) lines.push(...block);
    else lines.push(`  # ${rule.id} is not in this version of docwarden yet: enable when available.`, ...block.map((l) => `  #${l.slice(1)}`));
  }
  return { found, yaml: `${lines.join('\n')}\n` };
}

const INIT_HELP = `Usage: docwarden init [--root DIR] [--dry-run]

Writes a starting docwarden.yml for the repository by looking at it: its docs
folders and index files, a Last-reviewed convention, the environment-variable
prefix the code reads, and the GitHub remote URLs. Prints what it found. Never
overwrites an existing configuration.

Options:
  --root DIR   the repository (default: the git top level, else the current folder)
  --dry-run    print the configuration instead of writing it
  -h, --help   show this help
`;

/** `docwarden init`: exit 0 on success, 2 when a configuration already exists or the arguments are wrong. */
export async function runInit(argv: string[], io: CliIo): Promise<number> {
  let values: { root?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { root: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    io.stderr(`docwarden init: ${(err as Error).message}\nRun docwarden init --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(INIT_HELP);
    return 0;
  }
  const root = values.root ? resolve(io.cwd, values.root) : (gitTopLevel(io.cwd) ?? resolve(io.cwd));
  if (!existsSync(root)) {
    io.stderr(`docwarden init: --root ${values.root}: no such folder\n`);
    return 2;
  }
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(join(root, name)));
  if (existing && !values['dry-run']) {
    io.stderr(`docwarden init: ${existing} already exists; init never overwrites a configuration (use --dry-run to see the proposal)\n`);
    return 2;
  }
  const ws = new Workspace({ root, config: defaultConfig(RULES) });
  const proposal = proposeConfig(ws, new Set(RULES.map((r) => r.id)));
  if (values['dry-run']) {
    io.stdout(proposal.yaml);
    for (const line of proposal.found) io.stderr(`found: ${line}\n`);
    return 0;
  }
  try {
    writeFileExclusive(join(root, 'docwarden.yml'), proposal.yaml);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr('docwarden init: docwarden.yml appeared while init ran; it was left alone\n');
      return 2;
    }
    throw err;
  }
  io.stdout(`${proposal.found.map((l) => `found: ${l}`).join('\n')}\nwrote docwarden.yml; run \`docwarden\` to see what it reports.\n`);
  return 0;
}
