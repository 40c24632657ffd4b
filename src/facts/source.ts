import type { CommentSpan, SourceFacts } from './types.js';

/**
 * Comment syntax families. Each scanner skips string literals so that `"//"` or
 * `'#'` inside a string is not taken for a comment.
 */
export type CommentFamily = 'c' | 'hash' | 'html' | 'sql' | 'lua' | 'ini' | 'none';

const BY_EXTENSION: Record<string, CommentFamily> = {};
const assign = (family: CommentFamily, exts: string[]) => {
  for (const e of exts) BY_EXTENSION[e] = family;
};
assign('c', [
  'go',
  'ts',
  'tsx',
  'mts',
  'cts',
  'js',
  'jsx',
  'mjs',
  'cjs',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'gradle',
  'rs',
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'hh',
  'cs',
  'swift',
  'dart',
  'php',
  'proto',
  'css',
  'scss',
  'less',
  'jsonc',
  'json5',
  'zig',
  'v',
  'sol',
  'gql',
  'graphql',
  'hcl',
  'tf',
  'vue',
  'svelte',
]);
assign('hash', [
  'py',
  'pyi',
  'sh',
  'bash',
  'zsh',
  'ksh',
  'fish',
  'yml',
  'yaml',
  'toml',
  'rb',
  'pl',
  'pm',
  'r',
  'ex',
  'exs',
  'cmake',
  'mk',
  'make',
  'nix',
  'conf',
  'cfg',
  'env',
  'properties',
  'tpl',
  'ps1',
  'jl',
  'cr',
  'nim',
  'tcl',
  'awk',
  'sed',
]);
assign('html', ['html', 'htm', 'xml', 'svg', 'md', 'markdown', 'mdown', 'mdx', 'xhtml', 'vue.html']);
assign('sql', ['sql', 'hs', 'elm', 'ada']);
assign('lua', ['lua']);
assign('ini', ['ini']);

const BY_NAME: Record<string, CommentFamily> = {
  dockerfile: 'hash',
  containerfile: 'hash',
  makefile: 'hash',
  gnumakefile: 'hash',
  'cmakelists.txt': 'hash',
  gemfile: 'hash',
  rakefile: 'hash',
  procfile: 'hash',
  jenkinsfile: 'c',
  vagrantfile: 'hash',
  '.gitignore': 'hash',
  '.dockerignore': 'hash',
  '.editorconfig': 'ini',
  '.npmrc': 'ini',
};

/** The comment family of a file by its name, then by its shebang line. */
export function commentFamilyOf(path: string, text?: string): CommentFamily {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (BY_NAME[base]) return BY_NAME[base];
  if (base.startsWith('dockerfile') || base.endsWith('.dockerfile')) return 'hash';
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'hash';
  const dot = base.lastIndexOf('.');
  if (dot > 0 || (dot === 0 && base.length > 1)) {
    const ext = base.slice(dot + 1);
    if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  }
  if (text && text.startsWith('#!')) {
    const first = text.slice(0, text.indexOf('\n') >>> 0 || 200);
    if (/\b(sh|bash|zsh|ksh|dash|python\d?(\.\d+)?|ruby|perl|env)\b/.test(first)) return 'hash';
    if (/\bnode\b|\bdeno\b|\bbun\b/.test(first)) return 'c';
  }
  return 'none';
}

/** Language guess for readers that understand idioms (env-docs): by extension and shebang. */
export function languageOf(path: string, text?: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  const map: Record<string, string> = {
    go: 'go',
    ts: 'node',
    tsx: 'node',
    mts: 'node',
    cts: 'node',
    js: 'node',
    jsx: 'node',
    mjs: 'node',
    cjs: 'node',
    py: 'python',
    pyi: 'python',
    sh: 'shell',
    bash: 'shell',
    zsh: 'shell',
    ksh: 'shell',
    fish: 'shell',
    nu: 'shell',
    yml: 'yaml',
    yaml: 'yaml',
    env: 'dotenv',
    rs: 'rust',
    java: 'java',
    rb: 'ruby',
  };
  if (base === '.env' || base.startsWith('.env.')) return 'dotenv';
  if (base.startsWith('dockerfile') || base.endsWith('.dockerfile')) return 'dockerfile';
  if (map[ext]) return map[ext];
  if (text && text.startsWith('#!')) {
    const first = text.slice(0, Math.max(0, text.indexOf('\n')) || 200);
    if (/\bpython/.test(first)) return 'python';
    if (/\b(node|deno|bun)\b/.test(first)) return 'node';
    if (/\b(sh|bash|zsh|ksh|dash)\b/.test(first)) return 'shell';
  }
  return 'text';
}

function scanC(text: string, out: CommentSpan[], opts: { backtick: boolean; singleQuote: boolean; hashToo: boolean }) {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ start, end: i });
    } else if (opts.hashToo && c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ start, end: i });
    } else if (c === '/' && text[i + 1] === '*') {
      const start = i;
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      out.push({ start, end: i });
    } else if (c === '"' || (c === "'" && opts.singleQuote) || (c === '`' && opts.backtick)) {
      i = skipString(text, i, c, c === '`');
    } else if (c === "'" && !opts.singleQuote) {
      // Rust/Swift style: a char literal only when it closes within a few characters on the same line.
      const m = /^'(?:\\.[^']{0,8}|[^'\\\n])'/.exec(text.slice(i, i + 12));
      i += m ? m[0].length : 1;
    } else i++;
  }
}

function skipString(text: string, i: number, quote: string, multiline: boolean): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (!multiline && (c === '\n' || c === '\r')) return i;
    else i++;
  }
  return n;
}

function scanHash(text: string, out: CommentSpan[], opts: { tripleQuotes: boolean; quotes: boolean }) {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const prev = i === 0 ? '\n' : text[i - 1];
      // `#` starts a comment at a word boundary (not in `$#`, `${#x}`, `a#b`, URLs' fragments).
      if (/\s/.test(prev) || i === 0 || prev === ';') {
        const start = i;
        while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
        out.push({ start, end: i });
        continue;
      }
      i++;
    } else if (opts.quotes && (c === '"' || c === "'")) {
      if (opts.tripleQuotes && text.startsWith(c.repeat(3), i)) {
        const close = text.indexOf(c.repeat(3), i + 3);
        i = close < 0 ? n : close + 3;
      } else {
        // A lone apostrophe in prose-like YAML values must not swallow the rest of the file: strings end at the line.
        i = skipString(text, i, c, false);
      }
    } else i++;
  }
}

function scanLineOnly(text: string, out: CommentSpan[], marker: string) {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (text.startsWith(marker, i)) {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ start, end: i });
    } else if (c === "'" || c === '"') i = skipString(text, i, c, false);
    else i++;
  }
}

function scanHtmlComments(text: string, out: CommentSpan[]) {
  let i = 0;
  for (;;) {
    const open = text.indexOf('<!--', i);
    if (open < 0) return;
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    out.push({ start: open, end });
    i = end;
  }
}

export function commentSpans(text: string, family: CommentFamily, path = ''): CommentSpan[] {
  const out: CommentSpan[] = [];
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (family) {
    case 'c':
      scanC(text, out, {
        backtick: ['go', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte', 'kt', 'kts'].includes(ext),
        singleQuote: !['rs', 'swift', 'go'].includes(ext),
        hashToo: ext === 'php',
      });
      break;
    case 'hash': {
      const yamlLike = ['yml', 'yaml', 'toml', 'env', 'conf', 'cfg', 'properties'].includes(ext) || path.toLowerCase().includes('.env');
      scanHash(text, out, { tripleQuotes: ext === 'py' || ext === 'pyi', quotes: !yamlLike || ext === 'toml' || ext === 'yml' || ext === 'yaml' });
      break;
    }
    case 'html':
      scanHtmlComments(text, out);
      break;
    case 'sql':
      scanLineOnly(text, out, '--');
      break;
    case 'lua':
      scanLineOnly(text, out, '--');
      break;
    case 'ini':
      scanLineOnly(text, out, ';');
      scanHash(text, out, { tripleQuotes: false, quotes: false });
      out.sort((a, b) => a.start - b.start);
      break;
    case 'none':
      break;
  }
  return out;
}

export function extractSourceFacts(path: string, text: string): SourceFacts {
  const family = commentFamilyOf(path, text);
  return { kind: 'source', path, language: family, comments: commentSpans(text, family, path) };
}

/** Binary search: is `offset` inside one of the sorted, non-overlapping spans? */
export function inSpans(spans: readonly CommentSpan[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return true;
  }
  return false;
}
