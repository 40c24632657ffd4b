import { matchInputs, MISSING_SCHEMA, reportUnreadableInput } from '../src/engine/inputs.js';
import { defineRule } from '../src/engine/rule.js';
import type { DocFacts } from '../src/facts/types.js';
import { configuredResolveOptions, dirOf, folderReadme, resolveLink, type ResolveOptions } from '../src/workspace/resolve.js';
import { MARKDOWN_EXTENSION, type Workspace } from '../src/workspace/workspace.js';

export interface DocsIndexOptions {
  index: string;
  files?: string[];
  'reachable-from'?: string;
  missing?: 'report' | 'ignore';
}

/** The docs a doc links to (not images), resolved as `links` resolves them; a folder link reaches the folder's README. */
function linkedDocs(ws: Workspace, doc: DocFacts, resolveOptions: ResolveOptions): string[] {
  const out = new Set<string>();
  for (const link of doc.links) {
    if (link.kind === 'image') continue;
    const resolved = resolveLink(ws, doc.path, link.url, resolveOptions);
    if (resolved.kind !== 'local' || !resolved.target) continue;
    const target = resolved.targetKind === 'dir' ? folderReadme(ws, resolved.target) : resolved.target;
    if (target && target !== doc.path) out.add(target);
  }
  return [...out].sort();
}

/** `a/b/c.md` as written from a doc in `a/x/`: `../b/c.md`. */
function relativeLink(fromDoc: string, target: string): string {
  const from = dirOf(fromDoc).split('/').filter(Boolean);
  const to = target.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
}

export default defineRule<DocsIndexOptions>({
  id: 'docs-index',
  description: 'Every doc under a folder is linked from its index, and (with reachable-from) every doc is reachable by links from the root README.',
  defaultLevel: 'off',
  optionsSchema: {
    index: { type: 'string', default: 'docs/README.md', description: 'the index doc that must link every file (repository-relative)' },
    files: {
      type: 'array',
      items: { type: 'string' },
      description: 'docs that must be linked directly from the index (globs); default: every Markdown file under the index\'s folder',
    },
    missing: MISSING_SCHEMA,
    'reachable-from': { type: 'string', description: 'a root doc (e.g. README.md) from which every doc must be reachable by following links' },
  },
  messages: {
    unlisted: 'Not linked from the index `{index}`; add a link such as `[{title}]({href})` there',
    unreachable: 'Not reachable by links from `{root}`; link it from `{nearest}`, the nearest index readers reach{also}',
  },
  check(ctx) {
    const ws = ctx.workspace;
    const { index } = ctx.options;
    const resolveOptions = configuredResolveOptions(ws);
    const indexDir = dirOf(index);
    const globs = ctx.options.files ?? [indexDir ? `${indexDir}/**` : '**'];
    const isIndexed = (p: string) => MARKDOWN_EXTENSION.test(p) && p !== index && !ws.isSymlink(p);
    const missing = ctx.options.missing;
    const files = ctx.options.files ? matchInputs(ctx, globs, { at: ['rules', 'docs-index', 'files'], what: 'docs-index files', missing }, isIndexed) : ws.match(globs).filter(isIndexed);
    const indexDoc = ws.isFile(index) ? ws.doc(index) : undefined;
    const unlisted = new Set<string>();
    if (!indexDoc) {
      reportUnreadableInput(ctx, { at: ['rules', 'docs-index', 'index'], what: 'docs-index index', missing }, index, `${ws.isFile(index) ? 'cannot be read' : 'does not exist'} (${files.length} doc(s) cannot be checked)`);
    } else {
      const listed = new Set(linkedDocs(ws, indexDoc, resolveOptions));
      for (const path of files) {
        if (listed.has(path)) continue;
        const t = ws.text(path);
        if (!t) continue;
        unlisted.add(path);
        const title = ws.doc(path)?.headings[0]?.text.replace(/[[\]]/g, '') || path.slice(path.lastIndexOf('/') + 1);
        ctx.report({
          path,
          range: t.lines.rangeOf(0, 0),
          messageId: 'unlisted',
          data: { index, title, href: relativeLink(index, path) },
          related: [{ path: index, range: ws.text(index)!.lines.rangeOf(0, 0), message: 'the index' }],
        });
      }
    }

    const root = ctx.options['reachable-from'];
    if (root === undefined) return;
    if (!ws.isFile(root) || !ws.doc(root)) {
      reportUnreadableInput(ctx, { at: ['rules', 'docs-index', 'reachable-from'], what: 'docs-index reachable-from', missing }, root, ws.isFile(root) ? 'cannot be read' : 'does not exist');
      return;
    }
    // Breadth-first over links from the root; only Markdown docs pass links on.
    const reached = new Set<string>([root]);
    const queue = [root];
    while (queue.length) {
      const doc = ws.doc(queue.shift()!);
      if (!doc) continue;
      for (const target of linkedDocs(ws, doc, resolveOptions)) {
        if (reached.has(target) || !MARKDOWN_EXTENSION.test(target)) continue;
        reached.add(target);
        queue.push(target);
      }
    }
    const scope = [...new Set([...ws.docs(), ...files, ...(indexDoc ? [index] : [])])].sort();
    const unreached = scope.filter((p) => !reached.has(p) && !unlisted.has(p) && ws.doc(p));
    const unreachedSet = new Set(unreached);
    const linksOf = new Map(unreached.map((p) => [p, linkedDocs(ws, ws.doc(p)!, resolveOptions).filter((t) => unreachedSet.has(t))]));
    const linkedFromUnreached = new Set([...linksOf.values()].flat());
    // Report the entry points of each unreachable group (docs no other unreachable doc links to; a cycle's first doc), each with what linking it would bring in.
    const covered = new Set<string>();
    const entryPoints = [...unreached.filter((p) => !linkedFromUnreached.has(p)), ...unreached];
    for (const path of entryPoints) {
      if (covered.has(path)) continue;
      const group: string[] = [];
      const stack = [path];
      covered.add(path);
      while (stack.length) {
        for (const t of linksOf.get(stack.pop()!) ?? []) {
          if (covered.has(t)) continue;
          covered.add(t);
          group.push(t);
          stack.push(t);
        }
      }
      const t = ws.text(path)!;
      const also = group.length ? ` (linking it also reaches ${group.length} more unreachable doc(s): ${group.sort().map((g) => `\`${g}\``).join(', ')})` : '';
      ctx.report({ path, range: t.lines.rangeOf(0, 0), messageId: 'unreachable', data: { root, nearest: nearestReachedIndex(ws, path, reached, root), also } });
    }
  },
});

/** The README of the closest folder above `path` that readers already reach, else the root doc. */
function nearestReachedIndex(ws: Workspace, path: string, reached: ReadonlySet<string>, root: string): string {
  let dir = dirOf(path);
  for (;;) {
    const readme = folderReadme(ws, dir);
    if (readme && readme !== path && reached.has(readme)) return readme;
    if (dir === '') return root;
    dir = dirOf(dir);
  }
}
