#!/usr/bin/env node
import { main } from './cli.js';

// A reader that stops early (`docwarden | head`) closes the pipe: the rest of the output is dropped, as other
// command-line tools drop it, and the run still ends with its own exit code (no stack trace for the EPIPE).
let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  stdoutClosed = true;
});

// No top-level await: the bundle runs this module as CommonJS (src/cli-loader.ts).
void main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => stdoutClosed || process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  // Let stdout drain before exiting (large SARIF on a pipe).
  process.exitCode = code;
});
