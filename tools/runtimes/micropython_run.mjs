// Run a Python script on MicroPython (its WebAssembly port) under Node.
//
//   node tools/runtimes/micropython_run.mjs [--heap MB] [--package DIR] SCRIPT
//
// 1. loads MicroPython from the pinned npm package in tools/runtimes/node_modules;
// 2. copies the package folder DIR (default: the checkout's tinynet/: its .py
//    files and data/) into MicroPython's /lib, which is on its sys.path;
// 3. runs SCRIPT as __main__ and exits non-zero if it raises.
// No stub modules are added: what tinynet imports must exist in MicroPython.
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let heapMB = 64;
let pkg = path.resolve(here, "..", "..", "tinynet");
let script = null;
while (args.length) {
  const a = args.shift();
  if (a === "--heap") heapMB = Number(args.shift());
  else if (a === "--package") pkg = path.resolve(args.shift());
  else if (!script) script = path.resolve(a);
  else { console.error("unexpected argument " + a); process.exit(2); }
}
if (!script) {
  console.error("usage: node micropython_run.mjs [--heap MB] [--package DIR] SCRIPT");
  process.exit(2);
}

const mp = await loadMicroPython({
  heapsize: heapMB * 1024 * 1024,
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

try {
  mp.runPython(fs.readFileSync(script, "utf8"));
} catch (error) {
  console.error(error && error.message ? error.message : String(error));
  process.exit(1);
}
process.exit(0);
