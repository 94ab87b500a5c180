// Run a Python script in MicroPython's WebAssembly port (npm package
// @micropython/micropython-webassembly-pyscript) under Node, with some .py
// files copied into its /lib first.
//   node run_micropython.mjs MICROPYTHON_MJS SCRIPT.py [MODULE.py ...]
// Prints the script's output; exits 1 if it raised.
import { readFileSync } from "fs";
import { basename } from "path";
import { pathToFileURL } from "url";

const [mjs, script, ...modules] = process.argv.slice(2);
const { loadMicroPython } = await import(pathToFileURL(mjs).href);
let out = "";
const mp = await loadMicroPython({
  heapsize: 64 * 1024 * 1024,
  stdout: (d) => { out += Buffer.from(d).toString("utf8"); },
  linebuffer: false,
});
try { mp.FS.mkdir("/lib"); } catch (e) { /* already there */ }
for (const path of modules) {
  mp.FS.writeFile("/lib/" + basename(path), readFileSync(path, "utf8"));
}
let failed = false;
try {
  mp.runPython(readFileSync(script, "utf8"));
} catch (e) {
  out += "ERROR " + (e.type || "") + " " + e.message + "\n";
  failed = true;
}
process.stdout.write(out);
process.exit(failed ? 1 : 0);
