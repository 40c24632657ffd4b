/**
 * The progress line of a long run on a terminal: one line on stderr, rewritten in place as docs are read
 * and parsed (`docwarden: parsing 1,200/5,000 docs (3.1 s)`), and erased before the report is printed.
 * Never in a pipe, in a CI log (`CI` set) or with `--quiet`: there every byte written stays.
 */

/** A run that reads fewer docs than this ends before a progress line would help. */
export const PROGRESS_MIN_FILES = 300;

/** How often the line is rewritten at most (ms): a redraw per file would cost more than the parse. */
export const PROGRESS_INTERVAL_MS = 100;

/** What the run reports: the phase, how many of its files are done, and how many it has. */
export type ProgressReport = (phase: 'reading' | 'parsing', done: number, total: number) => void;

export interface ProgressSink {
  write(text: string): void;
  /** Is stderr a terminal? */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  quiet: boolean;
  /** The clock (ms); default: performance.now. */
  now?: () => number;
}

/** Erases the line the cursor is on and returns to its start. */
const CLEAR = '\r\x1b[2K';

/** Is `CI` set to something other than an explicit no? CI systems set it (GitHub `true`, GitLab `true`, Travis `true`). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** The progress line of one run. */
export interface Progress {
  report: ProgressReport;
  /** Erases the line if it was shown; call before printing the report. */
  end(): void;
}

/** A progress line for `sink`, or null where none may be shown (not a terminal, CI, `--quiet`). */
export function createProgress(sink: ProgressSink): Progress | null {
  if (!sink.isTTY || sink.quiet || inCi(sink.env)) return null;
  const now = sink.now ?? (() => performance.now());
  const started = now();
  let last = -Infinity;
  let shown = false;
  const count = new Intl.NumberFormat('en-US');
  return {
    report(phase, done, total) {
      if (total < PROGRESS_MIN_FILES) return;
      const t = now();
      if (t - last < PROGRESS_INTERVAL_MS && done < total) return;
      last = t;
      shown = true;
      sink.write(`${CLEAR}docwarden: ${phase} ${count.format(done)}/${count.format(total)} docs (${((t - started) / 1000).toFixed(1)} s)`);
    },
    end() {
      if (shown) sink.write(CLEAR);
      shown = false;
    },
  };
}
