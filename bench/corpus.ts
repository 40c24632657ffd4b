import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A synthetic documentation repository for the benchmark and the worker tests:
 * `docCount` Markdown docs in nested folders with headings, cross-file links
 * and anchors, reference links, images, tables, lists, code blocks and repo
 * paths in inline code, plus the source files those paths name. About 1 in 50
 * links is deliberately dead so that every tool has something to report.
 * Deterministic: the same count gives the same bytes.
 */
export interface CorpusSummary {
  docs: number;
  sources: number;
  bytes: number;
}

/** mulberry32: a tiny seeded generator, so the corpus never depends on Math.random. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'cache',
  'worker',
  'config',
  'router',
  'limiter',
  'metrics',
  'deploy',
  'token',
  'session',
  'schema',
  'bundle',
  'release',
  'gateway',
  'storage',
  'queue',
  'plugin',
  'native',
  'module',
  'layout',
  'render',
  'bridge',
  'event',
];

function docPath(i: number): string {
  return `docs/area-${i % 25}/topic-${Math.floor(i / 25) % 40}/page-${i}.md`;
}

function sourcePath(i: number): string {
  return `src/pkg-${i % 30}/${WORDS[i % WORDS.length]}-${i}.ts`;
}

function relativeLink(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

function sectionTitle(doc: number, section: number): string {
  return `${WORDS[(doc + section) % WORDS.length]} ${WORDS[(doc * 7 + section * 3) % WORDS.length]} ${section}`;
}

function slugOf(title: string): string {
  return title.toLowerCase().replace(/ /g, '-');
}

export function generateCorpus(dir: string, docCount = 5000): CorpusSummary {
  rmSync(dir, { recursive: true, force: true });
  const random = seeded(0xd0c5 + docCount);
  const pick = (n: number) => Math.floor(random() * n);
  const sourceCount = Math.max(10, Math.floor(docCount / 5));
  let bytes = 0;
  const write = (path: string, text: string) => {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  };
  for (let s = 0; s < sourceCount; s++) {
    write(sourcePath(s), `// ${WORDS[s % WORDS.length]} module ${s}\nexport function ${WORDS[s % WORDS.length]}${s}(): number {\n  return ${s};\n}\n`);
  }
  const sectionsOf = (doc: number) => 3 + (doc % 5);
  const index: string[] = ['# Documentation', '', 'Every page of this corpus:', ''];
  for (let d = 0; d < docCount; d++) {
    const path = docPath(d);
    index.push(`- [Page ${d}](${path})`);
    const out: string[] = [`# Page ${d}: ${WORDS[d % WORDS.length]}`, '', `This page describes the ${WORDS[(d + 3) % WORDS.length]} of the system.`, ''];
    for (let s = 0; s < sectionsOf(d); s++) {
      out.push(`## ${sectionTitle(d, s)}`, '');
      const target = pick(docCount);
      const targetSection = pick(sectionsOf(target));
      const dead = pick(50) === 0;
      const anchor = dead ? 'no-such-section' : slugOf(sectionTitle(target, targetSection));
      const source = pick(sourceCount);
      out.push(
        `See [page ${target}](${relativeLink(path, docPath(target))}#${anchor}) and the [${WORDS[s % WORDS.length]} section](#${slugOf(sectionTitle(d, (s + 1) % sectionsOf(d)))}).`,
        `The implementation lives in \`${dead && pick(2) === 0 ? sourcePath(source).replace('.ts', '.tsx') : sourcePath(source)}\`; it is configured with \`--${WORDS[s % WORDS.length]}-limit\`.`,
        `Read the [reference][ref-${s}] before changing it, and keep the **${WORDS[(s + d) % WORDS.length]}** settings in sync with the defaults.`,
        '',
        `[ref-${s}]: ${relativeLink(path, docPath((target + 1) % docCount))}`,
        '',
      );
      if (s % 2 === 0) {
        out.push('| Option | Default | Source |', '| --- | --- | --- |');
        for (let r = 0; r < 4; r++) {
          const src = pick(sourceCount);
          out.push(`| \`${WORDS[(r + s) % WORDS.length]}.${WORDS[(r + d) % WORDS.length]}\` | ${r * 10} | [${WORDS[src % WORDS.length]}](${relativeLink(path, sourcePath(src))}) |`);
        }
        out.push('');
      } else {
        for (let r = 0; r < 4; r++)
          out.push(
            `- \`${WORDS[(r * 3 + s) % WORDS.length]}\`: ${WORDS[(r + d) % WORDS.length]} handling, see [page ${(d + r + 1) % docCount}](${relativeLink(path, docPath((d + r + 1) % docCount))}).`,
          );
        out.push('');
      }
      if (s === 1) out.push('```ts', `import { ${WORDS[source % WORDS.length]}${source} } from './${sourcePath(source)}';`, `${WORDS[source % WORDS.length]}${source}();`, '```', '');
      if (s === 2 && d % 3 === 0) out.push(`![diagram](${relativeLink(path, `docs/assets/diagram-${d % 10}.svg`)})`, '');
    }
    write(path, `${out.join('\n')}\n`);
  }
  for (let i = 0; i < 10; i++) write(`docs/assets/diagram-${i}.svg`, '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  write('README.md', `${index.join('\n')}\n`);
  return { docs: docCount + 1, sources: sourceCount, bytes };
}

/**
 * One long document, the shape real changelogs have: a release heading per
 * version linking to its compare URL by reference, sections of bullets with
 * pull-request links, inline code, links into the docs (one anchor of them
 * dead) and a definition per release at the end. `bytes` is a lower bound on its size.
 */
export function generateChangelog(dir: string, bytes = 1_000_000): CorpusSummary {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'docs', 'guide.md'), '# Guide\n\n## Options\n\nEvery option of the tool.\n');
  writeFileSync(join(dir, 'src', 'cli.ts'), 'export const cli = true;\n');
  let text = '# Changelog\n\nAll notable changes to this project are documented in this file.\n\n';
  const definitions: string[] = [];
  for (let v = 0; text.length < bytes; v++) {
    const version = `${Math.floor(v / 100)}.${Math.floor(v / 10) % 10}.${v % 10}`;
    text += `## [${version}] - 2024-${String(1 + (v % 12)).padStart(2, '0')}-${String(1 + (v % 28)).padStart(2, '0')}\n\n### Added\n\n`;
    for (let i = 0; i < 4; i++) {
      text += `- Support for **feature ${v}.${i}** in \`src/cli.ts\` ([#${v * 10 + i}](https://github.com/example/tool/pull/${v * 10 + i})) by @dev${i}\n`;
    }
    const anchor = v === 7 ? 'optoins' : 'options';
    text += `\n### Fixed\n\n- A crash when \`--flag-${v}\` was empty; see [the guide](docs/guide.md#${anchor}) and [issue ${v}][issue-${v}]\n- Typos in the README\n\n`;
    definitions.push(`[${version}]: https://github.com/example/tool/compare/v${version}...HEAD`, `[issue-${v}]: https://github.com/example/tool/issues/${v}`);
  }
  text += `\n${definitions.join('\n')}\n`;
  writeFileSync(join(dir, 'CHANGELOG.md'), text);
  return { docs: 2, sources: 1, bytes: text.length };
}
