// End-to-end tests of `tinynet playground` in Debian's chromium, driven by
// playwright-core (which never downloads a browser of its own).
//
//   npm ci --prefix tests/browser && node tests/browser/playground.test.mjs
//
// Each test starts its own server (`python -m tinynet playground --no-browser
// --port 0`, bound to 127.0.0.1) and opens the page it prints. Environment:
// PYTHON (the interpreter, default python3), SCREENSHOT (where to save the
// screenshot, default a temporary folder), ONLY (run the tests whose name
// contains it). Exits 1 if any test fails.

import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PYTHON = process.env.PYTHON || "python3";
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "tinynet-playground-e2e-"));
const SCREENSHOT = process.env.SCREENSHOT || path.join(WORK, "playground.png");
const tests = [];
const test = (name, fn) => tests.push({name, fn});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(PYTHON, ["-m", "tinynet", "playground", "--no-browser", "--port", "0"],
                       {cwd: WORK, stdio: ["ignore", "pipe", "pipe"]});
    let out = "", err = "";
    proc.stderr.on("data", (d) => { err += d; });
    proc.stdout.on("data", (d) => {
      out += d;
      const match = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
      if (match) resolve({proc, url: match[1], stderr: () => err});
    });
    proc.on("exit", (code) => reject(new Error("server exited with " + code + ": " + err)));
    setTimeout(() => reject(new Error("server did not print its URL: " + out + err)), 20000);
  });
}

// A page on a fresh server, with every console error and every request recorded.
async function open(context, hash = "") {
  const server = await startServer();
  const page = await context.newPage();
  const errors = [], requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(server.url + hash);
  await page.waitForFunction(() => Number(document.body.dataset.updates) >= 1);
  const id = (name) => page.getByTestId(name);
  const close = async () => {
    await page.close();
    server.proc.kill("SIGINT");
    await new Promise((resolve) => server.proc.once("exit", resolve));
    assert.ok(!server.stderr().includes("Traceback"), server.stderr());
  };
  return {page, server, errors, requests, id, close};
}

const number = async (locator) => Number(await locator.textContent());

async function waitFor(fn, timeout, what) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await sleep(50);
  }
}

async function downloadText(p, button) {
  const [download] = await Promise.all([p.page.waitForEvent("download"), p.id(button).click()]);
  const file = path.join(WORK, "download-" + Date.now() + "-" + download.suggestedFilename());
  await download.saveAs(file);
  return {text: fs.readFileSync(file, "utf8"), file, name: download.suggestedFilename()};
}

const layersOf = (model) => JSON.parse(model).layers.map((l) => [l.weights, l.bias]);

async function playUntil(p, condition, timeout, what) {
  await p.id("play").click();
  const t0 = Date.now();
  await waitFor(condition, timeout, what);
  const seconds = (Date.now() - t0) / 1000;
  await p.id("pause").click();
  await p.page.waitForFunction(() => document.getElementById("pause").disabled);
  return seconds;
}

// ------------------------------------------------------------------ tests

test("the page loads with no console error and no request leaving 127.0.0.1", async (context) => {
  const p = await open(context);
  await p.id("step").click();
  await waitFor(async () => (await number(p.id("epoch"))) === 1, 10000, "epoch 1");
  await sleep(500);
  assert.deepEqual(p.errors, []);
  assert.ok(p.requests.length >= 4);
  for (const url of p.requests) assert.match(url, /^(http:\/\/127\.0\.0\.1:\d+\/|blob:http:\/\/127\.0\.0\.1|data:)/, url);
  assert.equal(await p.id("seed").textContent(), "1");
  assert.equal(await p.page.locator("#wires line.hit").count(), 2 * 4 + 4 * 2 + 2 * 1);
  // test points (squares with a black edge) can be hidden: the picture changes
  const picture = () => p.id("boundary").evaluate((c) => c.toDataURL());
  const withTest = await picture();
  await p.id("show-test").uncheck();
  await waitFor(async () => (await picture()) !== withTest, 5000, "the test points to go");
  await p.id("show-test").check();
  await waitFor(async () => (await picture()) === withTest, 5000, "the test points to come back");
  await p.close();
});

// Threshold 0.25: a network that has learnt nothing scores ln 2 = 0.693 (it says 0.5
// everywhere); below 0.25 the circle must be drawn round the inner class, with the
// 5 % label noise of the data setting a floor well under it.
test("play on circle with two hidden layers drives the test loss below 0.25", async (context) => {
  const p = await open(context, "#dataset=circle&layers=4,2");
  await p.id("learning-rate").selectOption("0.1");
  await p.page.waitForFunction(() => location.hash.includes("lr=0.1"));
  const seconds = await playUntil(p, async () => {
    const v = await number(p.id("loss-test"));
    return v > 0 && v < 0.25;
  }, 90000, "test loss < 0.25");
  const epoch = await number(p.id("epoch"));
  console.log("    circle 2-4-2-1, lr 0.1: test loss < 0.25 after %d epochs, %s s", epoch, seconds.toFixed(1));
  await p.page.screenshot({path: SCREENSHOT, fullPage: true});
  console.log("    screenshot: " + SCREENSHOT);
  await p.close();
});

test("hovering a weight shows its value, and the value changes while training", async (context) => {
  const p = await open(context);
  const wire = p.page.locator('[data-weight="0-0-0"]');
  await wire.hover();
  const tip = p.id("weight-tip");
  await p.page.waitForFunction(() => !document.getElementById("weight-tip").hidden);
  const before = await tip.textContent();
  assert.match(before, /weight\[0\]\[0\] = -?\d/);
  await p.page.evaluate(() => document.getElementById("play").click());  // the mouse stays on the wire
  await p.page.waitForFunction((b) => document.getElementById("weight-tip").textContent !== b, before,
                               {timeout: 20000});
  const after = await tip.textContent();
  assert.notEqual(after, before);
  // the line's colour is the weight's sign, its width grows with the size
  const value = Number(after.split("= ")[1]);
  const stroke = await p.page.evaluate(() => document.querySelector('[data-weight="0-0-0"]').previousSibling.getAttribute("stroke"));
  assert.equal(stroke, value < 0 ? "rgb(245,147,34)" : "rgb(8,119,189)");
  await p.page.evaluate(() => document.getElementById("pause").click());
  await p.close();
});

test("clicking a weight edits it", async (context) => {
  const p = await open(context);
  await p.page.locator('[data-weight="1-0-0"]').click();
  await p.id("weight-input").fill("0.75");
  await p.id("weight-input").press("Enter");
  await p.page.locator('[data-weight="1-0-0"]').hover();
  await p.page.waitForFunction(() => document.getElementById("weight-tip").textContent.endsWith("= 0.75000000"));
  const model = JSON.parse((await downloadText(p, "export-model")).text);
  assert.equal(model.layers[1].weights[0][0], 0.75);
  await p.close();
});

test("step advances exactly one epoch", async (context) => {
  const p = await open(context);
  for (const expected of [1, 2, 3]) {
    await p.id("step").click();
    await waitFor(async () => (await number(p.id("epoch"))) === expected, 10000, "epoch " + expected);
  }
  await sleep(600);
  assert.equal(await number(p.id("epoch")), 3);
  await p.close();
});

test("reset restores the initial weights bit for bit; new seed changes them", async (context) => {
  const p = await open(context);
  const initial = (await downloadText(p, "export-model")).text;
  await playUntil(p, async () => (await number(p.id("epoch"))) >= 30, 30000, "30 epochs");
  assert.notDeepEqual(layersOf((await downloadText(p, "export-model")).text), layersOf(initial));
  await p.id("reset").click();
  await waitFor(async () => (await number(p.id("epoch"))) === 0, 10000, "epoch 0");
  assert.deepEqual(layersOf((await downloadText(p, "export-model")).text), layersOf(initial));
  await p.id("new-seed").click();
  await waitFor(async () => (await p.id("seed").textContent()) !== "1", 10000, "a new seed");
  assert.notDeepEqual(layersOf((await downloadText(p, "export-model")).text), layersOf(initial));
  await p.close();
});

test("the exported Python script ends with the same weights as the page's model", async (context) => {
  const p = await open(context, "#dataset=moons&layers=5,3&optimizer=adam&lr=0.01&reg=l2&rate=0.001");
  await playUntil(p, async () => (await number(p.id("epoch"))) >= 40, 30000, "40 epochs");
  const epoch = await number(p.id("epoch"));
  const model = await downloadText(p, "export-model");
  const script = await downloadText(p, "export-python");
  assert.equal(script.name, "playground_experiment.py");
  assert.match(script.text, new RegExp("EPOCHS = " + epoch + "\\b"));
  const printed = execFileSync(PYTHON, ["-c",
    "import json, runpy, sys; net = runpy.run_path(sys.argv[1])['net']; " +
    "print(json.dumps([[l.weights, l.bias] for l in net.layers]))", script.file], {cwd: WORK}).toString();
  const lines = printed.trim().split("\n");
  assert.deepEqual(JSON.parse(lines[lines.length - 1]), layersOf(model.text));
  // and tinynet.load reads the exported model
  execFileSync(PYTHON, ["-c", "import sys, tinynet; assert tinynet.load(sys.argv[1]).sizes == [2, 5, 3, 1]",
                        model.file]);
  const torch = await downloadText(p, "export-pytorch");
  assert.match(torch.text, /nn\.Linear\(2, 5\)/);
  await p.close();
});

test("a model exported and imported again comes back", async (context) => {
  const p = await open(context, "#layers=3");
  await p.id("step").click();
  const model = await downloadText(p, "export-model");
  await p.id("add-layer").click();
  await waitFor(async () => (await p.page.locator("#layer-count").textContent()) === "2 hidden layers", 10000, "2 layers");
  await p.id("import-model").setInputFiles(model.file);
  await waitFor(async () => (await p.page.locator("#layer-count").textContent()) === "1 hidden layer", 10000, "1 layer");
  assert.deepEqual(layersOf((await downloadText(p, "export-model")).text), layersOf(model.text));
  await p.id("import-model").setInputFiles({name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{}")});
  await waitFor(async () => /not a tinynet model/.test(await p.id("message").textContent()), 10000, "error line");
  await p.close();
});

test("upload of a good CSV trains on it; a bad CSV gives a one-line error", async (context) => {
  const p = await open(context);
  const rows = ["x1,x2,label"];
  for (let i = 0; i < 80; i++) rows.push([Math.cos(i), Math.sin(i * 1.3), i % 2].join(","));
  await p.id("upload-data").setInputFiles({name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n"))});
  await waitFor(async () => (await p.id("dataset").inputValue()) === "upload", 10000, "dataset upload");
  assert.equal(await p.id("message").textContent(), "");
  await p.id("step").click();
  await waitFor(async () => (await number(p.id("epoch"))) === 1, 10000, "epoch 1");
  await p.id("upload-data").setInputFiles({name: "bad.csv", mimeType: "text/csv",
                                           buffer: Buffer.from("1,2,0\n3,4,1\n5,six,0\n7,8,1\n")});
  await waitFor(async () => (await p.id("message").textContent()).includes("line 3"), 10000, "the error");
  const message = await p.id("message").textContent();
  assert.ok(!message.includes("\n"), message);
  assert.equal(await p.id("dataset").inputValue(), "upload");  // the good data is kept
  const big = Buffer.alloc(300 * 1024, "1,2,0\n");
  await p.id("upload-data").setInputFiles({name: "big.csv", mimeType: "text/csv", buffer: big});
  await waitFor(async () => (await p.id("message").textContent()).includes("larger than"), 10000, "size cap");
  await p.close();
});

test("three classes: softmax output and every class's colour on the boundary", async (context) => {
  const p = await open(context, "#dataset=gauss&classes=3&layers=4&lr=0.1");
  assert.equal(await p.page.locator("#network canvas.node").count(), 7 + 4 + 3);
  await playUntil(p, async () => (await number(p.id("epoch"))) >= 60, 30000, "60 epochs");
  const shares = await p.page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="boundary"]');
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = [[245, 147, 34], [8, 119, 189], [44, 160, 44]];
    const counts = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4 * 7) {  // every 7th pixel
      const d = colours.map((c) => {
        // distance in hue direction: the background is a pale mix of the class colours
        const r = data[i] - 255, g = data[i + 1] - 255, b = data[i + 2] - 255;
        const cr = c[0] - 255, cg = c[1] - 255, cb = c[2] - 255;
        const dot = r * cr + g * cg + b * cb;
        return dot / Math.sqrt(cr * cr + cg * cg + cb * cb) / (Math.sqrt(r * r + g * g + b * b) || 1);
      });
      counts[d.indexOf(Math.max(...d))]++;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => c / total);
  });
  console.log("    three classes: share of the boundary per class colour", shares.map((s) => s.toFixed(2)).join(", "));
  for (const share of shares) assert.ok(share > 0.1, String(shares));
  await p.close();
});

test("the URL holds the settings", async (context) => {
  const p = await open(context, "#dataset=xor&layers=3,3,3&lr=0.3&activation=relu&features=x1,x2,x1*x2&seed=42");
  assert.equal(await p.id("dataset").inputValue(), "xor");
  assert.equal(await p.id("learning-rate").inputValue(), "0.3");
  assert.equal(await p.id("seed").textContent(), "42");
  assert.equal(await p.page.locator("#layer-count").textContent(), "3 hidden layers");
  await p.id("remove-layer").click();
  await p.page.waitForFunction(() => location.hash.includes("layers=3%2C3&") || location.hash.includes("layers=3,3&"));
  await p.id("dataset").selectOption("spiral");
  await p.page.waitForFunction(() => location.hash.includes("dataset=spiral"));
  // every control lands in the URL (and so in the server's settings)
  const controls = [["activation", "tanh", "activation=tanh"], ["regularization", "l2", "reg=l2"],
                    ["regularization-rate", "0.01", "rate=0.01"], ["init", "he", "init=he"],
                    ["optimizer", "momentum", "optimizer=momentum"], ["classes", "4", "classes=4"],
                    ["problem", "regression", "problem=regression"]];
  for (const [testid, value, expected] of controls) {
    await p.id(testid).selectOption(value);
    await p.page.waitForFunction((e) => location.hash.includes(e), expected);
  }
  for (const [testid, value, expected] of [["noise", "25", "noise=25"], ["train-ratio", "70", "train=70"],
                                           ["batch-size", "17", "batch=17"]]) {
    await p.id(testid).fill(value);
    await p.page.waitForFunction((e) => location.hash.includes(e), expected);
  }
  const l1 = p.page.locator('[data-testid="regularization"] option[value="l1"]');
  assert.ok(await l1.isDisabled());
  assert.match(await l1.getAttribute("title"), /L2 \(weight_decay\) but not L1/);
  await p.id("add-neuron-0").click();
  await p.page.waitForFunction(() => /layers=4(%2C|,)3&/.test(location.hash));
  await p.id("feature-x1^2").click();
  await p.page.waitForFunction(() => /features=x1(%2C|,)x2(%2C|,)x1%5E2(%2C|,)x1\*x2/.test(location.hash));
  assert.equal(await p.page.locator("#wires line.hit").count(), 4 * 4 + 4 * 3 + 3 * 1);
  await p.id("explain").click();
  await waitFor(async () => (await p.id("explanation").textContent()).startsWith("ONE TRAINING STEP"), 10000, "explain");
  await p.close();
});

test("at least 10 updates per second while training 2-8-8-1 (counted over 5 s)", async (context) => {
  const p = await open(context, "#layers=8,8");
  await p.id("play").click();
  await sleep(1000);
  const count = () => p.page.evaluate(() => Number(document.body.dataset.updates));
  const e0 = await number(p.id("epoch")), u0 = await count(), t0 = Date.now();
  await sleep(5000);
  const e1 = await number(p.id("epoch")), u1 = await count(), seconds = (Date.now() - t0) / 1000;
  await p.id("pause").click();
  const rate = (u1 - u0) / seconds;
  console.log("    2-8-8-1: %s updates/s drawn, %s epochs/s trained", rate.toFixed(1), ((e1 - e0) / seconds).toFixed(0));
  assert.ok(rate >= 10, "only " + rate.toFixed(1) + " updates per second");
  await p.close();
});

test("spiral: time to 90 % test accuracy (measured)", async (context) => {
  const p = await open(context, "#dataset=spiral&noise=10&layers=8,8&optimizer=adam&lr=0.03");
  const seconds = await playUntil(p, async () => parseFloat(await p.id("acc-test").textContent()) >= 90,
                                  120000, "90 % test accuracy");
  console.log("    spiral 2-8-8-1, Adam 0.03, noise 10: 90 %% test accuracy after %d epochs, %s s",
              await number(p.id("epoch")), seconds.toFixed(1));
  await p.close();
});

// ------------------------------------------------------------------ runner

const profile = fs.mkdtempSync(path.join(WORK, "profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  acceptDownloads: true,
  viewport: {width: 1280, height: 860},
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
let failed = 0, ran = 0;
for (const t of tests) {
  if (process.env.ONLY && !t.name.includes(process.env.ONLY)) continue;
  ran++;
  const t0 = Date.now();
  try {
    await t.fn(context);
    console.log("ok   %s (%s s)", t.name, ((Date.now() - t0) / 1000).toFixed(1));
  } catch (e) {
    failed++;
    console.log("FAIL %s\n     %s", t.name, String(e.stack || e).split("\n").slice(0, 6).join("\n     "));
  }
}
await context.close();
console.log("%d of %d browser tests passed", ran - failed, ran);
process.exit(failed || !ran ? 1 : 0);
