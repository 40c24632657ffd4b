/**
 * Arithmetic over named counts in the configuration (`routes - excluded - 40`):
 * numbers, names, + - * /, unary minus and parentheses, parsed by a small
 * recursive-descent parser (never `eval`). A name may hold hyphens between its
 * parts (`raw-tables`), so subtraction of a name is written with spaces.
 */
export type Expression =
  { kind: 'number'; value: number } | { kind: 'name'; name: string } | { kind: 'negate'; operand: Expression } | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expression; right: Expression };

type Token = { kind: 'number'; value: number; at: number } | { kind: 'name'; name: string; at: number } | { kind: 'op'; op: string; at: number };

const MAX_LENGTH = 500;
const MAX_DEPTH = 50;

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)|([-+*/()]))/y;
  let i = 0;
  while (i < source.length) {
    if (/^\s*$/.test(source.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(source);
    if (!m) return `unexpected \`${source.slice(i).trim()[0]}\` at column ${i + 1 + (source.slice(i).length - source.slice(i).trimStart().length)}`;
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1] !== undefined) tokens.push({ kind: 'number', value: Number(m[1]), at });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', name: m[2], at });
    else tokens.push({ kind: 'op', op: m[3], at });
    i = re.lastIndex;
  }
  return tokens;
}

export function parseExpression(source: string): { expression: Expression } | { problem: string } {
  if (source.length > MAX_LENGTH) return { problem: `longer than ${MAX_LENGTH} characters` };
  const tokens = tokenize(source);
  if (typeof tokens === 'string') return { problem: tokens };
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(pos < tokens.length ? `${what} at column ${tokens[pos].at + 1}` : `${what} at the end`);
  };
  const isOp = (op: string) => pos < tokens.length && tokens[pos].kind === 'op' && (tokens[pos] as { op: string }).op === op;
  const sum = (depth: number): Expression => {
    let left = product(depth);
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { op: '+' | '-' }).op;
      left = { kind: 'binary', op, left, right: product(depth) };
    }
    return left;
  };
  const product = (depth: number): Expression => {
    let left = unary(depth);
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { op: '*' | '/' }).op;
      left = { kind: 'binary', op, left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): Expression => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    if (isOp('-')) {
      pos++;
      return { kind: 'negate', operand: unary(depth + 1) };
    }
    if (isOp('(')) {
      pos++;
      const inner = sum(depth + 1);
      if (!isOp(')')) fail('expected `)`');
      pos++;
      return inner;
    }
    const t = tokens[pos];
    if (t?.kind === 'number') {
      pos++;
      return { kind: 'number', value: t.value };
    }
    if (t?.kind === 'name') {
      pos++;
      return { kind: 'name', name: t.name };
    }
    return fail('expected a number, a name or `(`');
  };
  try {
    const expression = sum(0);
    if (pos < tokens.length) fail('expected an operator');
    return { expression };
  } catch (err) {
    if (err instanceof SyntaxError) return { problem: err.message };
    throw err;
  }
}

/** The value of an expression; `lookup` gives a name's number, or undefined when no count has that name. */
export function evaluateExpression(e: Expression, lookup: (name: string) => number | undefined): { value: number } | { problem: string; name?: string } {
  switch (e.kind) {
    case 'number':
      return { value: e.value };
    case 'name': {
      const v = lookup(e.name);
      return v === undefined ? { problem: `\`${e.name}\` names no count (the claim's \`counts\`, or another claim's \`count\`)`, name: e.name } : { value: v };
    }
    case 'negate': {
      const v = evaluateExpression(e.operand, lookup);
      return 'problem' in v ? v : { value: -v.value };
    }
    case 'binary': {
      const l = evaluateExpression(e.left, lookup);
      if ('problem' in l) return l;
      const r = evaluateExpression(e.right, lookup);
      if ('problem' in r) return r;
      if (e.op === '/' && r.value === 0) return { problem: 'division by zero' };
      const value = e.op === '+' ? l.value + r.value : e.op === '-' ? l.value - r.value : e.op === '*' ? l.value * r.value : l.value / r.value;
      return { value };
    }
  }
}
