// Run a Python script on MicroPython (its WebAssembly port) under Node.
//
//   node tools/runtimes/micropython_run.mjs [--heap MB] [--package DIR] [--mjs FILE] SCRIPT [ARG...]
//
// 1. loads MicroPython from the pinned npm package in tools/runtimes/node_modules
//    (or from FILE, a micropython.mjs of the npm package
//    @micropython/micropython-webassembly-pyscript, e.g. one installed elsewhere);
//    --heap sets its heap (MicroPython's garbage-collected memory), 64 MB by default;
// 2. copies the package folder DIR (default: the checkout's tinynet/: its .py
//    files and data/) into MicroPython's /lib, which is on its sys.path;
// 3. copies the files of SCRIPT's folder (not its subfolders) into /run, first
//    on sys.path as CPython puts a script's folder, so the script finds the
//    files and modules beside it;
// 4. runs SCRIPT as __main__ (sys.argv = [SCRIPT, ARG...], __file__ set) and
//    exits non-zero if it raises.
// No stub modules are added: what tinynet imports must exist in MicroPython.
// Used by .ci/run (steps 9 and 10) and tests/test_runtimes_bits.py.
import fs from "node:fs";
import path from "node:path";

import { TINYNET, loadWithPackage } from "./micropython_load.mjs";

const args = process.argv.slice(2);
let heapMB = 64;
let pkg = TINYNET;
let mjs = null;
let script = null;
while (args.length && !script) {
  const a = args.shift();
  if (a === "--heap") heapMB = Number(args.shift());
  else if (a === "--package") pkg = path.resolve(args.shift());
  else if (a === "--mjs") mjs = path.resolve(args.shift());
  else script = path.resolve(a);
}
if (!script || !(heapMB > 0)) {
  console.error("usage: node micropython_run.mjs [--heap MB] [--package DIR] [--mjs FILE] SCRIPT [ARG...]");
  process.exit(2);
}
const scriptArgs = args;

const mp = await loadWithPackage({
  heapMB, pkg, mjs,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});

mp.FS.mkdirTree("/run");
const folder = path.dirname(script);
for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
  if (entry.isFile()) mp.FS.writeFile("/run/" + entry.name, fs.readFileSync(path.join(folder, entry.name)));
}
const runPath = "/run/" + path.basename(script);

try {
  mp.runPython("import sys\n__file__ = " + JSON.stringify(runPath) + "\nsys.argv[:] = "
               + JSON.stringify([runPath, ...scriptArgs]) + "\nsys.path.insert(0, '/run')\ndel sys\n");
  mp.runPython(fs.readFileSync(script, "utf8"));
} catch (error) {
  console.error(error && error.message ? error.message : String(error));
  process.exit(1);
}
process.exit(0);
