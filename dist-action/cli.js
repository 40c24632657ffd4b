#!/usr/bin/env node
import { createRequire as __docwardenCreateRequire } from 'node:module';
const require = __docwardenCreateRequire(import.meta.url);

// src/cli-loader.ts
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cachedDataVersionTag } from "node:v8";
import vm from "node:vm";
var BODY = "cli-main.cjs";
var PREFIX = "cli-";
var SUFFIX = ".v8cache";
function codeCachePath(argv, env, bodyHash) {
  if (argv.includes("--no-cache") || env.DOCWARDEN_CODE_CACHE === "0" || env.CI) return null;
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "docwarden", "code");
  return join(dir, `${PREFIX}${bodyHash.slice(0, 16)}-${cachedDataVersionTag().toString(16)}${SUFFIX}`);
}
function readCache(path, bodyHash) {
  if (!path) return void 0;
  try {
    const file = readFileSync(path);
    if (file.toString("latin1", 0, 64) !== bodyHash) return void 0;
    return file.subarray(64);
  } catch {
    return void 0;
  }
}
function writeCache(path, bodyHash, data) {
  try {
    const dir = join(path, "..");
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(bodyHash, "latin1"), data]), { mode: 384 });
    renameSync(tmp, path);
    for (const name of readdirSync(dir)) if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && join(dir, name) !== path) rmSync(join(dir, name), { force: true });
  } catch {
  }
}
function start() {
  const here = import.meta.url;
  const bodyPath = fileURLToPath(new URL(`./${BODY}`, here));
  const text = readFileSync(bodyPath, "utf8");
  const source = text.startsWith("#!") ? `//${text.slice(2)}` : text;
  const bodyHash = "1523fb63038a52dbcca57de2c7866a6abf31c10514b31d76badc405ff35bba83";
  const cachePath = codeCachePath(process.argv.slice(2), process.env, bodyHash);
  const cachedData = readCache(cachePath, bodyHash);
  const wrapper = `(function (exports, require, module, __filename, __dirname, __docwardenMetaUrl) {${source}
})`;
  const script = new vm.Script(wrapper, { filename: bodyPath, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const run = script.runInThisContext();
  const module = { exports: {} };
  const thisFile = fileURLToPath(here);
  run(module.exports, createRequire(here), module, thisFile, join(thisFile, ".."), here);
  const trivial = process.argv.slice(2).some((a) => ["--help", "-h", "--version", "-v"].includes(a));
  if (cachePath && (cachedData === void 0 || script.cachedDataRejected) && !trivial) process.once("exit", () => writeCache(cachePath, bodyHash, script.createCachedData()));
}
if (true) start();
export {
  codeCachePath
};
