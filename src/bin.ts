#!/usr/bin/env node
import { main } from './cli.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
});
// Let stdout drain before exiting (large SARIF on a pipe).
process.exitCode = code;
