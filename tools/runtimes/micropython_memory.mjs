// How much of MicroPython's heap tinynet needs to train XOR (2-4-1) and Iris (4-8-3, Adam).
//
//   node tools/runtimes/micropython_memory.mjs [--epochs N] [xor|iris ...]
//
// Runs in MicroPython's WebAssembly port (the pinned npm package in
// tools/runtimes/node_modules), with the checkout's tinynet copied to /lib, the
// trainings of tools/runtimes/crosscheck.py (same layers, seed, optimizer, batch
// size, shuffling; the first N epochs, 30 by default). Iris comes from
// tinynet.datasets.load_iris() (the same numbers as crosscheck.py's own reader).
//
// That port collects garbage only between two runPython calls (it cannot scan
// WebAssembly's own stack while Python code runs), and it grows its heap when an
// allocation does not fit, so "the smallest heapsize that still trains" cannot be
// found by trying smaller heaps there. Instead every step is its own runPython
// call, and for each step this prints, from gc.mem_alloc():
//
// * live: the bytes still in use after the step, once the garbage is collected
//   (a board's heap must hold at least this much);
// * allocated: the bytes the step allocated, garbage included (nothing is
//   collected within a call here);
//
// and, per training, two peaks: max over epochs of (live before the epoch +
// allocated during it), an upper bound of the heap in use at any moment of the
// training, reached only if a board never collected garbage within an epoch;
// and live + what one mini-batch allocates (the readable loop's train_epoch on
// one batch), the heap in use if garbage is collected between batches (the
// epoch's own few buffers aside).
// Epochs run one per call (fit(epochs=1) again and again: the history,
// optimizer state and random stream go on as in one fit call).
import { loadWithPackage } from "./micropython_load.mjs";

const args = process.argv.slice(2);
let epochs = 30;
const workloads = [];
while (args.length) {
  const a = args.shift();
  if (a === "--epochs") epochs = Number(args.shift());
  else if (a === "xor" || a === "iris") workloads.push(a);
  else { console.error("usage: node micropython_memory.mjs [--epochs N] [xor|iris ...]"); process.exit(2); }
}
if (!workloads.length) workloads.push("xor", "iris");

// what crosscheck.py trains (its fit_and_report options), as Python source
const SETUP = {
  xor: `X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
y = [0, 1, 1, 0]`,
  iris: `X, y = load_iris()`,
};
const NETWORK = {
  xor: `net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
options = dict(learning_rate=0.5, batch_size=2)`,
  iris: `net = Network([Dense(4, 8, "tanh"), Dense(8, 3, "softmax")], loss="crossentropy", seed=1)
options = dict(optimizer="adam", learning_rate=0.01, batch_size=16)`,
};

async function measure(workload) {
  let out = "";
  const mp = await loadWithPackage({ stdout: (line) => { out += line + "\n"; } });
  mp.runPython("import gc");
  // one step: collect (at the top level, where this port collects), run CODE, report
  function step(code) {
    mp.runPython("gc.collect()");       // asks for a collection: done before the next call runs
    out = "";
    mp.runPython("_before = gc.mem_alloc()\n" + code + "\nprint(gc.mem_alloc() - _before)");
    const allocated = Number(out.trim().split("\n").pop());
    mp.runPython("gc.collect()");
    out = "";
    mp.runPython("print(gc.mem_alloc())");
    return { allocated, live: Number(out.trim()) };
  }
  const rows = [];
  rows.push(["start (the interpreter)", step("pass")]);
  rows.push(["import tinynet", step("import tinynet\nfrom tinynet import Dense, Network")]);
  if (workload === "iris") {  // the module that reads tinynet/data/iris.csv
    rows.push(["import tinynet.datasets", step("from tinynet.datasets import load_iris")]);
  }
  rows.push(["the data", step(SETUP[workload])]);
  rows.push(["the network", step(NETWORK[workload])]);
  let peak = 0, live = rows[rows.length - 1][1].live, maxEpoch = 0, lastLive = 0;
  for (let e = 0; e < epochs; e++) {
    const r = step("net.fit(X, y, epochs=1, verbose=0, shuffle=True, **options)");
    peak = Math.max(peak, live + r.allocated);
    maxEpoch = Math.max(maxEpoch, r.allocated);
    live = r.live;
    lastLive = r.live;
  }
  rows.push(["after " + epochs + " epochs", { allocated: null, live: lastLive }]);
  out = "";
  mp.runPython("print(net.history.history['loss'][-1])");
  const loss = out.trim();
  // one mini-batch, by the readable loop fit runs here, on copies of the trained parameters
  mp.runPython(BATCH_SETUP);
  const batch = step("python_loop.train_epoch(layout, params[:], one_batch, update)");
  return { rows, peak, maxEpoch, batch, loss, live };
}

const BATCH_SETUP = `import array
from tinynet.backends import python as python_loop
from tinynet.backends.interface import Batches, Update
from tinynet.codes import accuracy_mode
from tinynet.inputs import training_arrays
from tinynet.optimizers import get
layout, params = net.layout(), net.parameters_flat()
n, flat_x, flat_y = training_arrays(X, y, net.n_inputs, net.n_outputs, net.loss)
size = options["batch_size"]
one_batch = Batches(flat_x, flat_y, list(range(size)), size, accuracy_mode(net.loss, flat_y, net.n_outputs))
zeros = array.array("d", bytes(8 * len(params)))
update = Update.of(get(options.get("optimizer", "sgd")), options["learning_rate"], 0.0, zeros, zeros[:], 1)`;

const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
for (const workload of workloads) {
  const { rows, peak, maxEpoch, batch, loss, live } = await measure(workload);
  console.log(`${workload}: ${epochs} epochs, last loss ${loss}`);
  for (const [name, r] of rows) {
    console.log(`  ${name.padEnd(26)} live ${kb(r.live)}` + (r.allocated === null ? "" : `   allocated ${kb(r.allocated)}`));
  }
  console.log(`  ${"one epoch".padEnd(26)} allocates at most ${kb(maxEpoch)}`);
  console.log(`  ${"one mini-batch".padEnd(26)} allocates at most ${kb(batch.allocated)}`);
  console.log(`  ${"peak, no GC in an epoch".padEnd(26)} ${kb(peak)}   (live before the epoch + what it allocates)`);
  console.log(`  ${"peak, GC between batches".padEnd(26)} ${kb(live + batch.allocated)}   (live + one mini-batch)`);
}
