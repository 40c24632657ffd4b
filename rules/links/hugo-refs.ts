/**
 * Hugo's `{{< ref "x" >}}` and `{{< relref "x" >}}` shortcodes (also `{{% … %}}`, and inside `[text](…)`): Hugo
 * expands them before Markdown is read, anywhere in the content (code blocks too; the escaped form, with `/*` and `*` `/`
 * inside the braces, is not a call). A path that names no page fails the build (REF_NOT_FOUND) unless `refLinksErrorLevel` is `WARNING`; its
 * `#fragment` must be an anchor of the page.
 */
import { closest, type DocFacts, type HugoRefIndex, resolveHugoRef } from '../../src/api/index.js';
import { checkAnchor } from './anchors.js';
import type { LinkRun } from './run.js';

const SHORTCODE = /\{\{(<|%)[ \t]*(relref|ref)[ \t]+([^\n]*?)[ \t]*(>|%)\}\}/g;
/** One argument: `name="value"`, a quoted or raw string, or a bare word. */
const ARGUMENT = /(?:(\w+)=)?("(?:[^"\\\n]|\\.)*"|`[^`\n]*`|[^\s"`]+)/g;

/** The path argument of a `ref` shortcode with its offset in `args`, and its `lang` argument. */
function refArguments(args: string): { value: string; offset: number; length: number; lang?: string } | null {
  let path: { value: string; offset: number; length: number } | null = null;
  let lang: string | undefined;
  let positional = 0;
  for (const m of args.matchAll(ARGUMENT)) {
    const raw = m[2];
    const quoted = /^["`]/.test(raw);
    const value = quoted ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    const offset = m.index + m[0].length - raw.length + (quoted ? 1 : 0);
    if (m[1] === 'path' || (m[1] === undefined && positional++ === 0)) path = { value, offset, length: quoted ? raw.length - 2 : raw.length };
    else if (m[1] === 'lang') lang = value;
  }
  return path ? { ...path, lang } : null;
}

/** Checks each `ref`/`relref` shortcode of a Hugo page: the page it names, then its `#fragment`. */
export function checkHugoRefs(run: LinkRun, doc: DocFacts): void {
  const site = run.sites.siteOf(doc.path);
  const index = site?.generator === 'hugo' ? site.hugoRefs?.() : undefined;
  const t = index ? run.ws.text(doc.path) : undefined;
  if (!site || !index || !t || !t.text.includes('ref')) return;
  const bodyStart = doc.frontMatter ? t.lines.offsetAt(doc.frontMatter.range.end) : 0;
  for (const m of t.text.matchAll(SHORTCODE)) {
    // `{{< … %}}` is no shortcode; a template call inside the arguments is not read.
    if (m.index < bodyStart || (m[1] === '<') !== (m[4] === '>') || m[3].includes('{{')) continue;
    const arg = refArguments(m[3]);
    if (!arg || /^[a-z][a-z0-9+.-]*:/i.test(arg.value)) continue;
    const start = m.index + m[0].indexOf(m[3]) + arg.offset;
    const range = t.lines.rangeOf(start, start + arg.length);
    const hash = arg.value.indexOf('#');
    const path = (hash < 0 ? arg.value : arg.value.slice(0, hash)).replace(/\?.*$/, '');
    const fragment = hash < 0 ? null : arg.value.slice(hash + 1);
    const shortcode = m[2];
    const found = path === '' ? { target: doc.path, ambiguous: [] } : resolveHugoRef(index, doc.path, path, arg.lang);
    if (found.ambiguous.length) {
      const pages = found.ambiguous
        .slice(0, 3)
        .map((p) => `\`${p}\``)
        .join(', ');
      run.report({
        path: doc.path,
        range,
        messageId: 'hugoRefAmbiguous',
        data: { ref: arg.value, shortcode, count: found.ambiguous.length, pages },
        fingerprintKey: arg.value,
        dependsOn: found.ambiguous,
      });
    } else if (found.target === null && !found.unseen) {
      const outcome = index.errorLevel === 'WARNING' ? 'logs a warning and links to `refLinksNotFoundURL`' : 'fails the build (REF_NOT_FOUND)';
      run.report({ path: doc.path, range, messageId: 'hugoRefNotFound', data: { ref: arg.value, shortcode, outcome, suggestion: refSuggestion(index, path) }, fingerprintKey: arg.value });
    } else if (found.target !== null && fragment !== null && !doc.comments.some((c) => c.start <= m.index && m.index < c.end)) {
      // In an HTML comment the ref still runs (a missing page fails the build), but no reader follows its link.
      checkAnchor(run, { doc, range, fragment: decodeURIComponentSafe(fragment), target: found.target, fingerprintKey: arg.value });
    }
  }
}

/** "; did you mean `/docs/x.md`?" for a page of the same base name, else of the nearest one, written from the content root. */
function refSuggestion(index: HugoRefIndex, path: string): string {
  const name = path
    .replace(/\/+$/, '')
    .replace(/^.*\//, '')
    .replace(/\.[^.]*$/, '')
    .toLowerCase();
  const near = index.names.has(name)
    ? name
    : closest(
        name,
        [...index.names.keys()].filter((n) => n.length > 2),
      );
  const pages = near === null ? [] : (index.names.get(near) ?? []);
  if (pages.length !== 1) return '';
  const contentPath = index.pages.get(pages[0].doc)?.contentPath;
  return contentPath ? `; did you mean \`/${contentPath}\`?` : '';
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
