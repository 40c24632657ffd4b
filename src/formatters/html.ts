/**
 * `--format html`: a docs-health page that needs nothing but itself — inline CSS, inline SVG, one small inline
 * script that sorts the findings table, and a Content-Security-Policy that lets the page load nothing at all.
 * It shows the summary by rule and level, the findings (each file a link relative to where the page is read),
 * the age of every doc's review date as a chart, and, with a baseline, how much of it is left. Every string
 * that comes from the repository (paths, messages, rule ids) is escaped. The markup is also well-formed XML.
 */
import type { Finding, Level, RunResult } from '../types.js';
import type { DocReviewAge, FormatContext } from './format.js';

const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** Text and attribute values as HTML reads them: `&`, `<`, `>` and both quotes escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A repository path as a relative URL from the page (`base` leads from the page's folder to the root). */
export function fileHref(base: string, path: string): string {
  return `${base}${path.split('/').map(encodeURIComponent).join('/')}`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.meta{color:#59636e;margin:0}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;min-width:7rem}.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}th[data-sort]{cursor:pointer;user-select:none}th[data-sort]::after{content:" \\2195";color:#8c959f}
td.num,th.num{text-align:right}.error{color:#cf222e}.warning{color:#9a6700}.note{color:#0969da}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}a{color:#0969da}svg text{font:11px system-ui,sans-serif;fill:#1f2328}
`;

/** Sorts the findings table by the clicked column (numbers by value, text by locale), toggling the direction. */
const SCRIPT = `
document.querySelectorAll('table.sortable th[data-sort]').forEach(function (th, index) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var up = th.getAttribute('aria-sort') !== 'ascending';
    th.closest('tr').querySelectorAll('th').forEach(function (o) { o.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    var key = function (row) { var c = row.cells[index]; return c.getAttribute('data-key') || c.textContent; };
    var numeric = th.getAttribute('data-sort') === 'number';
    Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      var d = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return up ? d : -d;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
`;

/** The count cards and the table of findings by rule and level. */
function summarySection(result: RunResult): string {
  const byRule = new Map<string, Record<Level, number>>();
  for (const f of result.findings) {
    const counts = byRule.get(f.ruleId) ?? { error: 0, warning: 0, note: 0 };
    counts[f.level]++;
    byRule.set(f.ruleId, counts);
  }
  const total = (level: Level) => result.findings.filter((f) => f.level === level).length;
  const cards = [...LEVELS.map((l) => `<div class="card ${l}"><b>${total(l)}</b>${l}s</div>`), `<div class="card"><b>${result.filesChecked}</b>files checked</div>`].join('');
  const rows = [...byRule]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, c]) => `<tr><td><code>${escapeHtml(id)}</code></td>${LEVELS.map((l) => `<td class="num">${c[l]}</td>`).join('')}<td class="num">${c.error + c.warning + c.note}</td></tr>`)
    .join('\n');
  const table = rows
    ? `<table><thead><tr><th>rule</th>${LEVELS.map((l) => `<th class="num">${l}s</th>`).join('')}<th class="num">total</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
    : '<p>No problems found.</p>';
  return `<section id="summary"><h2>Summary</h2><div class="cards">${cards}</div>${table}</section>`;
}

/** One row of the findings table; the position sorts by its numbers, the file links to the file. */
function findingRow(f: Finding, base: string): string {
  const { path, range } = f.location;
  const at = `${range.start.line}:${range.start.column}`;
  const order = String(range.start.line * 100000 + range.start.column);
  const rank = String(LEVELS.indexOf(f.level));
  return `<tr><td class="${f.level}" data-key="${rank}">${f.level}</td><td><code>${escapeHtml(f.ruleId)}</code></td><td><a href="${escapeHtml(fileHref(base, path))}">${escapeHtml(path)}</a></td><td class="num" data-key="${order}">${at}</td><td>${escapeHtml(f.message)}</td></tr>`;
}

/** The sortable table of every finding. */
function findingsSection(result: RunResult, base: string): string {
  if (result.findings.length === 0) return '<section id="findings"><h2>Findings</h2><p>No problems found.</p></section>';
  const head =
    '<tr><th data-sort="number">level</th><th data-sort="text">rule</th><th data-sort="text">file</th><th class="num" data-sort="number">line:col</th><th data-sort="text">message</th></tr>';
  const rows = result.findings.map((f) => findingRow(f, base)).join('\n');
  return `<section id="findings"><h2>Findings (${result.findings.length})</h2><table class="sortable"><thead>${head}</thead><tbody>\n${rows}\n</tbody></table></section>`;
}

const BAR_HEIGHT = 16;
const LABEL_WIDTH = 320;
const CHART_WIDTH = 420;

/** The colour of a review age against the rule's thresholds. */
function ageColour(age: number, warnAfter: number | undefined, errorAfter: number | undefined): string {
  if (errorAfter !== undefined && age > errorAfter) return '#cf222e';
  if (warnAfter !== undefined && age > warnAfter) return '#bf8700';
  return '#2da44e';
}

/** A horizontal bar per doc (oldest review first), with the warn and error thresholds as lines. */
function reviewChart(reviews: readonly DocReviewAge[], warnAfter: number | undefined, errorAfter: number | undefined): string {
  const sorted = [...reviews].sort((a, b) => b.ageDays - a.ageDays || (a.path < b.path ? -1 : 1));
  const max = Math.max(1, ...sorted.map((r) => r.ageDays), errorAfter ?? 0);
  const x = (days: number) => LABEL_WIDTH + (Math.max(0, days) / max) * CHART_WIDTH;
  const height = sorted.length * BAR_HEIGHT + 24;
  const bars = sorted.map((r, i) => {
    const y = i * BAR_HEIGHT;
    const label = `${r.path} — reviewed ${r.reviewed}, ${r.ageDays} days ago`;
    return `<g><title>${escapeHtml(label)}</title><text x="${LABEL_WIDTH - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(r.path.length > 48 ? `…${r.path.slice(-47)}` : r.path)}</text><rect x="${LABEL_WIDTH}" y="${y + 2}" width="${(x(r.ageDays) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT - 4}" fill="${ageColour(r.ageDays, warnAfter, errorAfter)}"/><text x="${(x(r.ageDays) + 4).toFixed(1)}" y="${y + 12}">${r.ageDays}</text></g>`;
  });
  // The warn label ends at its line and the error label starts at its own, so that close thresholds never overlap.
  const line = (days: number | undefined, colour: string, name: string, anchor: 'end' | 'start') =>
    days === undefined
      ? ''
      : `<line x1="${x(days).toFixed(1)}" x2="${x(days).toFixed(1)}" y1="0" y2="${height - 20}" stroke="${colour}" stroke-dasharray="4 3"/><text x="${(x(days) + (anchor === 'end' ? -3 : 3)).toFixed(1)}" y="${height - 6}" text-anchor="${anchor}">${name} ${days} d</text>`;
  const width = LABEL_WIDTH + CHART_WIDTH + 60;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Days since each doc was reviewed" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${line(warnAfter, '#bf8700', 'warn after', 'end')}${line(errorAfter, '#cf222e', 'error after', 'start')}</svg>`;
}

/** The review-age chart, or why there is none. */
function reviewSection(context: FormatContext): string {
  const r = context.reviews;
  if (!r) return '';
  const body = r.docs.length ? reviewChart(r.docs, r.warnAfter, r.errorAfter) : '<p>No doc carries a review date.</p>';
  const undated = r.undated ? `<p class="meta">${r.undated} other doc(s) carry no review date.</p>` : '';
  return `<section id="reviews"><h2>Review dates (${r.docs.length} docs, days since the last review)</h2>${body}${undated}</section>`;
}

/** How much of the baseline is left: the accepted findings still present, of those it accepted. */
function baselineSection(result: RunResult, context: FormatContext): string {
  const b = context.baseline;
  if (!b) return '';
  const left = [...result.suppressed, ...result.findings].filter((f) => f.suppression?.kind === 'baseline').length;
  const share = b.accepted ? left / b.accepted : 0;
  const percent = (share * 100).toFixed(0);
  const bar = `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${percent}% of the baseline left" width="420" height="22" viewBox="0 0 420 22"><rect x="0" y="3" width="400" height="16" fill="#d0d7de"/><rect x="0" y="3" width="${(400 * Math.min(1, share)).toFixed(1)}" height="16" fill="#bf8700"/></svg>`;
  return `<section id="baseline"><h2>Baseline</h2><p><code>${escapeHtml(b.path)}</code> accepted ${b.accepted} finding(s); ${left} are still there (${percent}% left, ${Math.max(0, b.accepted - left)} fixed).</p>${bar}</section>`;
}

/** The whole page. */
export function formatHtml(result: RunResult, context: FormatContext = {}): string {
  const base = context.linkBase ?? '';
  const name = result.root.split(/[\\/]/).filter(Boolean).pop() ?? result.root;
  const csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"/>',
    `<meta http-equiv="Content-Security-Policy" content="${csp}"/>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>docwarden report: ${escapeHtml(name)}</title><style>${STYLE}</style></head><body>`,
    `<h1>docwarden report: ${escapeHtml(name)}</h1><p class="meta">docwarden ${escapeHtml(result.toolVersion)}, ${result.filesChecked} files checked</p>`,
    summarySection(result),
    baselineSection(result, context),
    reviewSection(context),
    findingsSection(result, base),
    `<script>//<![CDATA[${SCRIPT}//]]></script>`,
    '</body></html>',
    '',
  ].join('\n');
}
