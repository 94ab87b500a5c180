// MicroPython's WebAssembly port with a tinynet package in its /lib, for
// micropython_run.mjs and micropython_memory.mjs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

//: the checkout's tinynet/ folder
export const TINYNET = path.resolve(here, "..", "..", "tinynet");

// Copy the .py files of the folder `from` (and everything in its data/ folders) to `to`.
function copyTree(mp, from, to) {
  mp.FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "__pycache__") copyTree(mp, source, to + "/" + entry.name);
    } else if (entry.name.endsWith(".py") || from.endsWith(path.sep + "data")) {
      mp.FS.writeFile(to + "/" + entry.name, fs.readFileSync(source));
    }
  }
}

// Load MicroPython (the pinned npm package in tools/runtimes/node_modules, or the
// micropython.mjs file `mjs`) with a heap of `heapMB` MB, and copy the package
// folder `pkg` into its /lib, which is on its sys.path.
export async function loadWithPackage({ heapMB = 64, pkg = TINYNET, mjs = null, stdout, stderr }) {
  const { loadMicroPython } = mjs
    ? await import(pathToFileURL(mjs).href)
    : await import("@micropython/micropython-webassembly-pyscript");
  const mp = await loadMicroPython({ heapsize: Math.round(heapMB * 1024 * 1024), stdout, stderr });
  copyTree(mp, pkg, "/lib/" + path.basename(pkg));
  return mp;
}
