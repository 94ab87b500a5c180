// Run Python inside Pyodide (CPython 3.14 compiled to WebAssembly) under Node.
//
//   node tools/runtimes/pyodide_run.mjs --wheels DIR [--mount HOSTDIR]... (--pytest ARGS... | --script FILE ARGS...)
//
// 1. loads Pyodide from the pinned npm package in tools/runtimes/node_modules
//    (no network: everything comes from that folder);
// 2. unpacks every wheel in DIR (the pure tinynet wheel, pytest and its
//    pure-Python dependencies) into Pyodide's site-packages, as pip would;
// 3. mounts each HOSTDIR (e.g. the checkout, so the tests and the files they
//    read are there) at the same path inside Pyodide, read through Node's fs;
// 4. runs pytest.main(ARGS) or the script FILE, from /tmp, with
//    TINYNET_BACKEND=python, and exits with its status (non-zero on failure).
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(message) {
  console.error(message);
  console.error("usage: node pyodide_run.mjs --wheels DIR [--mount HOSTDIR]... (--pytest ARGS... | --script FILE ARGS...)");
  process.exit(2);
}

const args = process.argv.slice(2);
let wheels = null;
const mounts = [];
let mode = null;
let rest = [];
while (args.length) {
  const a = args.shift();
  if (a === "--wheels") wheels = path.resolve(args.shift());
  else if (a === "--mount") mounts.push(path.resolve(args.shift()));
  else if (a === "--pytest" || a === "--script") { mode = a.slice(2); rest = args.splice(0); }
  else usage("unknown argument " + a);
}
if (!wheels || !fs.existsSync(wheels)) usage("--wheels DIR is required and must exist");
if (!mode) usage("--pytest or --script is required");

const pyodide = await loadPyodide({
  indexURL: path.join(here, "node_modules", "pyodide") + path.sep,
  env: { HOME: "/home/pyodide", TINYNET_BACKEND: "python", PYTHONHASHSEED: "0" },
});
// raw writes, so pytest's progress dots stay on one line
pyodide.setStdout({ write: (bytes) => { process.stdout.write(bytes); return bytes.length; } });
pyodide.setStderr({ write: (bytes) => { process.stderr.write(bytes); return bytes.length; } });

function mount(hostDir, at) {
  pyodide.FS.mkdirTree(at);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: hostDir }, at);
}
mount(wheels, "/wheels");
for (const dir of mounts) mount(dir, dir);

pyodide.globals.set("RUN_MODE", mode);
pyodide.globals.set("RUN_ARGS", pyodide.toPy(rest));
let status;
try {
  status = await pyodide.runPythonAsync(`
import os, sys, sysconfig, zipfile
purelib = sysconfig.get_paths()["purelib"]
for name in sorted(os.listdir("/wheels")):
    if name.endswith(".whl"):
        with zipfile.ZipFile(os.path.join("/wheels", name)) as wheel:
            wheel.extractall(purelib)
os.makedirs("/tmp", exist_ok=True)
os.chdir("/tmp")
import tinynet
where = os.path.dirname(tinynet.__file__)
assert os.path.realpath(where).startswith(os.path.realpath(purelib)), "tinynet imported from %s, not from the wheel in %s" % (where, purelib)
print("Pyodide: Python %s on %s; tinynet %s from %s, backend %s"
      % (sys.version.split()[0], sys.platform, tinynet.__version__, where, tinynet.BACKEND))
args = list(RUN_ARGS)
if RUN_MODE == "pytest":
    import pytest
    status = int(pytest.main(args))
else:
    import runpy
    sys.argv = args
    status = 0
    try:
        runpy.run_path(args[0], run_name="__main__")
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
status
`);
} catch (error) {
  // a Python exception: print its traceback, not Pyodide's minified JavaScript
  console.error(error && error.message ? error.message : String(error));
  status = 1;
}
process.exit(status);
