/**
 * `npm run new-rule NAME`: a new rule's four pieces — rules/NAME.ts, docs/rules/NAME.md, a failing and a
 * passing fixture — plus its line in rules/index.ts and its row in the README's rules table. The rule
 * written works (it reports a configurable marker phrase in docs) and passes the meta test; replace its
 * check with the real one, then `npm run schema`, `npm run bundle`, `npm test`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const camel = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function ruleModule(id: string): string {
  return `import { defineRule } from '../src/api/index.js';

/** Scaffolded by \`npm run new-rule\`: reports a marker phrase in docs; make it find the drift ${id} is for. */
export default defineRule<{ phrase: string }>({
  id: '${id}',
  description: 'Docs that still contain a marker phrase.',
  defaultLevel: 'off',
  optionsSchema: {
    phrase: { type: 'string', minLength: 1, default: 'FIXME', description: 'the phrase a doc must not contain' },
  },
  messages: {
    found: '\`{phrase}\` is still in this doc; resolve it or remove the marker',
  },
  check(ctx) {
    const { phrase } = ctx.options;
    for (const path of ctx.facts.docs()) {
      const t = ctx.facts.text(path);
      if (!t) continue;
      for (let at = t.text.indexOf(phrase); at >= 0; at = t.text.indexOf(phrase, at + phrase.length)) {
        ctx.report({ path, range: t.lines.rangeOf(at, at + phrase.length), messageId: 'found', data: { phrase } });
      }
    }
  },
});
`;
}

function rulePage(id: string): string {
  return `# ${id}

Docs that still contain a marker phrase (\`FIXME\` by default).

## Why

A marker left in a published doc tells readers the page is unfinished.

## Examples

### Failing

\`docwarden.yml\`:

\`\`\`yaml
rules:
  ${id}: error
\`\`\`

\`README.md\`:

\`\`\`markdown
# Project

FIXME: describe the install.
\`\`\`

\`\`\`text
README.md:3:1-3:6  error  \`FIXME\` is still in this doc; resolve it or remove the marker  ${id}
\`\`\`

### Passing

\`docwarden.yml\`:

\`\`\`yaml
rules:
  ${id}: error
\`\`\`

\`README.md\`:

\`\`\`markdown
# Project

Run \`make install\`.
\`\`\`

## Options

| option | default | meaning |
|---|---|---|
| \`phrase\` | \`FIXME\` | the phrase a doc must not contain |

## When not to use it

When markers in docs are tracked some other way.
`;
}

function write(root: string, path: string, text: string): void {
  const abs = join(root, path);
  if (existsSync(abs)) throw new Error(`${path} exists already`);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

/** The registry with one more import and entry, both kept sorted. */
export function addToRegistry(registry: string, id: string): string {
  const name = camel(id);
  const lines = registry.split('\n');
  const imports = lines.filter((l) => /^import \w+ from '\.\/[\w-]+\.js';$/.test(l));
  const importLine = `import ${name} from './${id}.js';`;
  const before = imports.find((l) => l > importLine);
  const importAt = before ? lines.indexOf(before) : lines.indexOf(imports[imports.length - 1]) + 1;
  lines.splice(importAt, 0, importLine);
  const entryLine = `  ${name} as RuleModule<never>,`;
  const entries = lines.filter((l) => /^ {2}\w+ as RuleModule<never>,$/.test(l));
  const next = entries.find((l) => l > entryLine);
  const entryAt = next ? lines.indexOf(next) : lines.indexOf(entries[entries.length - 1]) + 1;
  lines.splice(entryAt, 0, entryLine);
  return lines.join('\n');
}

/** The README with a row for the rule in its rules table, in id order. */
export function addToReadme(readme: string, id: string): string {
  const lines = readme.split('\n');
  const row = `| [\`${id}\`](docs/rules/${id}.md) | off | docs that still contain a marker phrase |`;
  const rows = lines.filter((l) => /^\| \[`[\w-]+`\]\(docs\/rules\//.test(l));
  if (rows.length === 0) throw new Error('README.md: no rules table found');
  const next = rows.find((l) => l > row);
  lines.splice(next ? lines.indexOf(next) : lines.indexOf(rows[rows.length - 1]) + 1, 0, row);
  return lines.join('\n');
}

/** Writes the new rule's files under `root` (a checkout of docwarden); returns the paths written or changed. */
export function scaffoldRule(root: string, id: string): string[] {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) throw new Error(`${id}: a rule id is lower-case words joined by "-"`);
  const config = `rules:\n  ${id}: error\n`;
  const files: Record<string, string> = {
    [`rules/${id}.ts`]: ruleModule(id),
    [`docs/rules/${id}.md`]: rulePage(id),
    [`fixtures/${id}/invalid-marker/docwarden.yml`]: config,
    [`fixtures/${id}/invalid-marker/README.md`]: '# Project\n\nFIXME: describe the install.\n',
    [`fixtures/${id}/invalid-marker/expected.txt`]: `README.md:3:1-3:6  error  \`FIXME\` is still in this doc; resolve it or remove the marker  ${id}\n`,
    [`fixtures/${id}/valid-no-marker/docwarden.yml`]: config,
    [`fixtures/${id}/valid-no-marker/README.md`]: '# Project\n\nRun `make install`.\n',
  };
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  const registry = join(root, 'rules', 'index.ts');
  writeFileSync(registry, addToRegistry(readFileSync(registry, 'utf8'), id));
  const readme = join(root, 'README.md');
  writeFileSync(readme, addToReadme(readFileSync(readme, 'utf8'), id));
  return [...Object.keys(files), 'rules/index.ts', 'README.md'];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const id = process.argv[2];
  if (!id) {
    process.stderr.write('usage: npm run new-rule NAME\n');
    process.exit(2);
  }
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  for (const path of scaffoldRule(root, id)) process.stdout.write(`wrote ${path}\n`);
  process.stdout.write('next: replace the check, then npm run schema, npm run bundle, npm test\n');
}
