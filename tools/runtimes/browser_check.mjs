// Load docs/browser/index.html in headless Chromium and compare what it prints with CPython.
//
//   node tools/runtimes/browser_check.mjs --wheel WHEEL --expected FILE [--report-only]
//
// 1. serves, from 127.0.0.1 on a free port: docs/browser/ (the page and xor.py),
//    the pinned npm package pyodide (as node_modules/pyodide/) and WHEEL;
// 2. starts Debian's chromium (/usr/bin/chromium) through playwright-core, with a
//    fresh profile; playwright never downloads a browser;
// 3. waits for the page to finish training, then compares its printed lines with
//    FILE (what `python docs/browser/xor.py` printed on CPython). Exits 1 if they
//    differ (0 with --report-only) and 2 if the page fails.
import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pageDir = path.resolve(here, "..", "..", "docs", "browser");
const pyodideDir = path.join(here, "node_modules", "pyodide");

const args = process.argv.slice(2);
let wheel = null, expectedFile = null, reportOnly = false;
while (args.length) {
  const a = args.shift();
  if (a === "--wheel") wheel = path.resolve(args.shift());
  else if (a === "--expected") expectedFile = path.resolve(args.shift());
  else if (a === "--report-only") reportOnly = true;
  else { console.error("unknown argument " + a); process.exit(2); }
}
if (!wheel || !expectedFile) {
  console.error("usage: node browser_check.mjs --wheel WHEEL --expected FILE [--report-only]");
  process.exit(2);
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".json": "application/json", ".py": "text/plain",
  ".zip": "application/zip", ".whl": "application/zip" };

let bytesServed = 0;
function fileFor(urlPath) {
  const p = decodeURIComponent(urlPath.split("?")[0]);
  if (p === "/" + path.basename(wheel)) return wheel;
  const [root, rest] = p.startsWith("/node_modules/pyodide/")
    ? [pyodideDir, p.slice("/node_modules/pyodide/".length)]
    : [pageDir, p === "/" ? "index.html" : p.slice(1)];
  const file = path.resolve(root, rest);
  return file.startsWith(root + path.sep) ? file : null; // nothing outside the two folders
}

const server = http.createServer((req, res) => {
  const file = fileFor(req.url);
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end("not found");
    return;
  }
  const body = fs.readFileSync(file);
  bytesServed += body.length;
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/?wheel=${encodeURIComponent(path.basename(wheel))}`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tinynet-chromium-"));
// a persistent context is how playwright passes --user-data-dir (a fresh one here)
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let status = 0;
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  const started = Date.now();
  await page.goto(url);
  const state = page.getByTestId("status");
  await page.waitForFunction(
    () => ["done", "failed"].includes(document.querySelector('[data-testid="status"]').textContent),
    null, { timeout: 300000 });
  const printed = await page.getByTestId("result").textContent();
  console.log(`page ${await state.textContent()} in ${((Date.now() - started) / 1000).toFixed(1)} s, `
    + `${(bytesServed / 1e6).toFixed(1)} MB served from 127.0.0.1`);
  if ((await state.textContent()) !== "done") {
    console.error(printed);
    status = 2;
  } else {
    const expected = fs.readFileSync(expectedFile, "utf8").trim().split("\n");
    const got = printed.trim().split("\n");
    let differ = expected.length !== got.length;
    for (let i = 0; i < Math.max(expected.length, got.length); i++) {
      const same = expected[i] === got[i];
      differ ||= !same;
      console.log(`${same ? "  ==" : "  !="} ${got[i] ?? "(missing)"}${same ? "" : `   (CPython: ${expected[i] ?? "(missing)"})`}`);
    }
    if (differ) {
      console.log("browser check: the page's numbers differ from CPython's");
      status = reportOnly ? 0 : 1;
    } else {
      console.log("browser check: the page printed exactly what CPython printed");
    }
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(status);
