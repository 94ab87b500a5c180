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
// Used by .ci/run (steps 9 and 10), tests/test_runtimes_bits.py and
// tools/runtimes/micropython_memory.py.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let heapMB = 64;
let pkg = path.resolve(here, "..", "..", "tinynet");
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

const { loadMicroPython } = mjs
  ? await import(pathToFileURL(mjs).href)
  : await import("@micropython/micropython-webassembly-pyscript");
const mp = await loadMicroPython({
  heapsize: Math.round(heapMB * 1024 * 1024),
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});

function copyTree(from, to) {
  mp.FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "__pycache__") copyTree(source, to + "/" + entry.name);
    } else if (entry.name.endsWith(".py") || from.endsWith(path.sep + "data")) {
      mp.FS.writeFile(to + "/" + entry.name, fs.readFileSync(source));
    }
  }
}
copyTree(pkg, "/lib/" + path.basename(pkg));

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
