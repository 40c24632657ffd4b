/** Variables a doc's shell block sets and uses itself, which say nothing about the program's environment. */
import { type DocFacts, type LineIndex, shownCommands } from '../../src/api/index.js';

/** An assignment word: `NAME=value`, `NAME=$(…)` (the command substitution is a command of its own). */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** A stretch of a doc's text (a code block) and the names its script sets and then expands. */
export interface ScriptVariables {
  start: number;
  end: number;
  names: ReadonlySet<string>;
}

/**
 * The shell blocks of `doc` that set a variable with a bare assignment (no program on the line, no `export`) and
 * then expand it (`$NAME`, `${NAME}`): lazygit's install steps set `LAZYGIT_VERSION=$(curl …)` to build a download
 * URL. Such a name is the script's own; a mention of it there documents a variable the code reads, if one does, but
 * claims none. `NAME=value` alone (a `.env` file shown as shell) and `NAME=value prog` (set for the program) are
 * not script variables.
 */
export function scriptVariables(doc: DocFacts, lines: LineIndex): ScriptVariables[] {
  const blocks = doc.codeBlocks;
  if (blocks.length === 0) return [];
  const assigned = new Map<number, Set<string>>();
  for (const command of shownCommands(lines, blocks, doc.codeSpans)) {
    if (command.source !== 'block' || command.words.length === 0) continue;
    const names = command.words.map((w) => ASSIGNMENT.exec(w.text)?.[1]);
    if (names.some((n) => n === undefined)) continue;
    let set = assigned.get(command.block);
    if (!set) assigned.set(command.block, (set = new Set()));
    for (const n of names) set.add(n as string);
  }
  const out: ScriptVariables[] = [];
  for (const [number, names] of assigned) {
    const block = blocks[number - 1];
    const expanded = new Set([...names].filter((n) => new RegExp(`\\$(?:\\{${n}\\b|${n}(?![A-Za-z0-9_]))`).test(block.value)));
    if (expanded.size === 0) continue;
    out.push({ start: lines.offsetAt(block.range.start), end: lines.offsetAt(block.range.end), names: expanded });
  }
  return out;
}

/** Is the mention of `name` at `offset` one of a script's own variables? */
export function isScriptVariable(scripts: readonly ScriptVariables[], name: string, offset: number): boolean {
  return scripts.some((s) => offset >= s.start && offset <= s.end && s.names.has(name));
}
