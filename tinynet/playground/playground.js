// tinynet playground: the page only draws. Training runs in Python (tinynet's
// own Network.fit) on the server that served this file; the server streams
// each new state to the page and the page sends it the buttons you press.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const INTS = ["noise", "train", "batch", "classes", "seed", "dseed"];
const FLOATS = ["lr", "rate"];
const CLASS_COLOURS = [[245, 147, 34], [8, 119, 189], [44, 160, 44], [148, 103, 189], [214, 39, 40]];
const WHITE = [255, 255, 255];
const NODE = 34, ROW = 44;

let setup = null;      // data, domain and network shape (changes with the settings)
let state = null;      // the latest state: epoch, losses, weights, pictures
let hovered = null;    // [layer, k, j] of the weight under the mouse
let lastEpoch = -1;
let updates = 0;       // states drawn that showed a new epoch (the tests count them)

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ the API

async function api(path, body, asText) {
  const options = body === undefined ? {} : {
    method: "POST", body: typeof body === "string" ? body : JSON.stringify(body),
    headers: {"Content-Type": typeof body === "string" ? "text/plain" : "application/json"},
  };
  const response = await fetch(path + "?token=" + encodeURIComponent(TOKEN), options);
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error || text; } catch (e) { /* plain text */ }
    throw new Error(message.trim());
  }
  return asText ? text : JSON.parse(text);
}

function say(text) { $("message").textContent = text || ""; }

async function attempt(action) {
  try { say(""); return await action(); } catch (e) { say(e.message.split("\n")[0]); return null; }
}

// --------------------------------------------------------- settings and URL

function settingsFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const s = {};
  for (const [key, value] of params) {
    if (key === "features") s[key] = value ? value.split(",") : [];
    else if (key === "layers") s[key] = value ? value.split(",").map(Number) : [];
    else if (INTS.includes(key)) s[key] = parseInt(value, 10);
    else if (FLOATS.includes(key)) s[key] = parseFloat(value);
    else s[key] = value;
  }
  return s;
}

function hashOf(s) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(s)) params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  return "#" + params.toString();
}

async function changeSettings(patch) {
  const next = Object.assign({}, setup.settings, patch);
  const result = await attempt(() => api("/api/settings", next));
  if (result) applySetup(result);
  else showSettings(setup.settings);  // put the controls back
}

function showSettings(s) {
  for (const el of document.querySelectorAll("[data-setting]")) {
    const value = s[el.dataset.setting];
    if (el.tagName === "SELECT") {
      const option = Array.from(el.options).find((o) => Number(o.value) === value || o.value === String(value));
      if (option) el.value = option.value;
    } else {
      el.value = value;
    }
  }
  $("noise-value").textContent = s.noise + " %";
  $("train-value").textContent = s.train + " %";
  $("batch-value").textContent = s.batch;
  $("classes").disabled = !["gauss", "spiral"].includes(s.dataset) || s.problem === "regression";
  $("seed").textContent = s.seed;
  $("layer-count").textContent = s.layers.length + " hidden layer" + (s.layers.length === 1 ? "" : "s");
  $("dataset").querySelector("option[value=upload]").disabled = s.dataset !== "upload";
}

function applySetup(newSetup) {
  setup = newSetup;
  state = null;
  lastEpoch = -1;
  showSettings(setup.settings);
  history.replaceState(null, "", location.pathname + location.search + hashOf(setup.settings));
  $("backend").textContent = "training loop: " + setup.backend;
  $("acc-box").hidden = setup.settings.problem === "regression";
  buildNetwork();
  drawLegend();
}

// ------------------------------------------------------------------ colours

function mix(a, b, t) { return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)); }

// -1 -> orange, 0 -> white, +1 -> blue (TensorFlow Playground's colours)
function signColour(v) {
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(WHITE, CLASS_COLOURS[0], -t) : mix(WHITE, CLASS_COLOURS[1], t);
}

// a picture from the server: base64 bytes 0..254 standing for -1..1
function decode(text) {
  const bytes = atob(text), values = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) values[i] = (bytes.charCodeAt(i) - 127) / 127;
  return values;
}

// signColour of every byte value, worked out once
const BYTE_COLOURS = Array.from({length: 256}, (_, b) => signColour((b - 127) / 127));

// paint a picture from the server straight from its bytes
function paintBytes(canvas, n, text) {
  const bytes = atob(text), ctx = canvas.getContext("2d"), image = ctx.createImageData(n, n), data = image.data;
  for (let i = 0; i < n * n; i++) {
    const c = BYTE_COLOURS[bytes.charCodeAt(i)];
    data[4 * i] = c[0]; data[4 * i + 1] = c[1]; data[4 * i + 2] = c[2]; data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

function css(rgb) { return "rgb(" + rgb.join(",") + ")"; }

function targetRange() {
  let lo = Infinity, hi = -Infinity;
  for (const v of setup.labels) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [(lo + hi) / 2, (hi - lo) / 2 || 1];
}

// the colour of a network output (a probability, a target or class probabilities)
function outputColour(value) {
  if (Array.isArray(value)) {  // class probabilities: a blend of the class colours
    const c = [0, 0, 0];
    value.forEach((p, k) => { for (let i = 0; i < 3; i++) c[i] += p * CLASS_COLOURS[k][i]; });
    return mix(WHITE, c.map(Math.round), 0.85);
  }
  if (setup.settings.problem === "regression") {
    const [mid, half] = targetRange();
    return signColour((value - mid) / half);
  }
  return signColour(2 * value - 1);
}

function labelColour(label) {
  if (setup.settings.problem === "regression") {
    const [mid, half] = targetRange();
    return css(signColour((label - mid) / half));
  }
  return css(CLASS_COLOURS[label % CLASS_COLOURS.length]);
}

function paint(canvas, n, colourAt) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(n, n);
  const data = image.data;
  for (let i = 0; i < n * n; i++) {
    const c = colourAt(i);
    data[4 * i] = c[0]; data[4 * i + 1] = c[1]; data[4 * i + 2] = c[2]; data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

// ----------------------------------------------------------- the network

let nodes = [];   // nodes[column][row] = {canvas, x, y}
let wires = [];   // {layer, k, j, line}

function columnsOf() {
  const s = setup.settings;
  const features = setup.feature_names.map((name) => ({name, on: s.features.includes(name)}));
  const sizes = setup.sizes;
  return {features, hidden: sizes.slice(1, -1), outputs: sizes[sizes.length - 1]};
}

function buildNetwork() {
  const box = $("network"), svg = $("wires");
  for (const el of box.querySelectorAll(".node, .node-label, .layer-head")) el.remove();
  svg.textContent = "";
  nodes = [];
  wires = [];
  const {features, hidden, outputs} = columnsOf();
  const columns = [features.length].concat(hidden, [outputs]);
  const width = Math.max(box.clientWidth, 420);
  const gap = (width - 80 - NODE) / (columns.length - 1);
  const height = Math.max(7, ...columns) * ROW + 40;
  box.style.height = height + "px";
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  columns.forEach((count, c) => {
    const x = 60 + c * gap, column = [];
    for (let r = 0; r < count; r++) {
      const y = 36 + r * ROW + (Math.max(7, ...columns) - count) * ROW / 2;
      const canvas = document.createElement("canvas");
      const isOutput = c === columns.length - 1;
      canvas.width = canvas.height = isOutput ? setup.output_grid : setup.neuron_grid;
      canvas.className = "node";
      canvas.style.left = x + "px";
      canvas.style.top = y + "px";
      if (c === 0) {
        canvas.classList.add("feature");
        if (!features[r].on) canvas.classList.add("off");
        canvas.title = (features[r].on ? "click to stop using " : "click to use ") + features[r].name;
        canvas.dataset.testid = "feature-" + features[r].name;
        canvas.addEventListener("click", () => toggleFeature(features[r].name));
        const label = document.createElement("span");
        label.className = "node-label";
        label.textContent = features[r].name;
        label.style.left = (x - 56) + "px";
        label.style.top = (y + 10) + "px";
        box.appendChild(label);
        const picture = setup.feature_pictures[r];
        let big = 0;
        for (const v of picture) big = Math.max(big, Math.abs(v));
        paint(canvas, setup.neuron_grid, (i) => signColour(picture[i] / (big || 1)));
      } else {
        canvas.title = isOutput ? "output " + r : "layer " + (c - 1) + " neuron " + r;
      }
      box.appendChild(canvas);
      column.push({canvas, x, y, on: c !== 0 || features[r].on});
    }
    nodes.push(column);
    if (c > 0 && c < columns.length - 1) addLayerHead(box, c - 1, x, count);
  });
  // weights: layer l joins column l (its active nodes only, for the features) to column l + 1
  for (let l = 0; l + 1 < nodes.length; l++) {
    const from = l === 0 ? nodes[0].filter((n) => n.on) : nodes[l];
    from.forEach((a, k) => nodes[l + 1].forEach((b, j) => {
      const line = svgLine(a.x + NODE, a.y + NODE / 2, b.x, b.y + NODE / 2, "wire");
      const hit = svgLine(a.x + NODE, a.y + NODE / 2, b.x, b.y + NODE / 2, "hit");
      hit.dataset.weight = l + "-" + k + "-" + j;
      hit.dataset.testid = "weight-" + l + "-" + k + "-" + j;
      hit.addEventListener("mouseenter", (e) => { hovered = [l, k, j]; line.classList.add("hovered"); showTip(e); });
      hit.addEventListener("mousemove", showTip);
      hit.addEventListener("mouseleave", () => { hovered = null; line.classList.remove("hovered"); $("weight-tip").hidden = true; });
      hit.addEventListener("click", (e) => editWeight(l, k, j, e));
      svg.appendChild(line);
      svg.appendChild(hit);
      wires.push({layer: l, k, j, line});
    }));
  }
}

function svgLine(x1, y1, x2, y2, cls) {
  const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
  line.setAttribute("x1", x1); line.setAttribute("y1", y1);
  line.setAttribute("x2", x2); line.setAttribute("y2", y2);
  line.setAttribute("class", cls);
  return line;
}

function addLayerHead(box, layer, x, count) {
  const head = document.createElement("div");
  head.className = "layer-head";
  head.style.left = (x - 13) + "px";
  head.style.top = "0px";
  const plus = document.createElement("button"), minus = document.createElement("button");
  plus.textContent = "+"; minus.textContent = "\u2212";
  plus.dataset.testid = "add-neuron-" + layer; minus.dataset.testid = "remove-neuron-" + layer;
  plus.title = "one more neuron"; minus.title = "one neuron less";
  plus.addEventListener("click", () => resizeLayer(layer, +1));
  minus.addEventListener("click", () => resizeLayer(layer, -1));
  head.append(plus, " ", minus, document.createElement("br"), count + " neuron" + (count === 1 ? "" : "s"));
  box.appendChild(head);
}

function resizeLayer(layer, by) {
  const layers = setup.settings.layers.slice();
  layers[layer] = Math.max(1, Math.min(8, layers[layer] + by));
  changeSettings({layers});
}

function toggleFeature(name) {
  const on = setup.settings.features.includes(name);
  const features = on ? setup.settings.features.filter((f) => f !== name) : setup.settings.features.concat([name]);
  if (!features.length) { say("the network needs at least one input feature"); return; }
  changeSettings({features});
}

function weightText(l, k, j) {
  const w = state.weights[l][k][j];
  return "layer " + l + " weight[" + k + "][" + j + "] = " + w.toPrecision(8);
}

function showTip(e) {
  const tip = $("weight-tip");
  if (!state || !hovered) return;
  tip.textContent = weightText(...hovered);
  tip.style.left = (e.clientX + 12) + "px";
  tip.style.top = (e.clientY + 12) + "px";
  tip.hidden = false;
}

function editWeight(l, k, j, e) {
  const form = $("weight-edit"), input = $("weight-input");
  form.style.left = e.clientX + "px";
  form.style.top = (e.clientY - 30) + "px";
  form.hidden = false;
  input.value = state ? String(state.weights[l][k][j]) : "";
  input.focus();
  input.select();
  form.onsubmit = async (event) => {
    event.preventDefault();
    form.hidden = true;
    const value = Number(input.value);
    if (!input.value.trim() || !Number.isFinite(value)) { say("a weight must be a number"); return; }
    const result = await attempt(() => api("/api/weight", {layer: l, k, j, value}));
    if (result) render(result);
  };
  input.onblur = () => { form.hidden = true; };
}

// ---------------------------------------------------------------- drawing

function fmt(v) {
  if (v === null || v === undefined) return "";
  return Math.abs(v) >= 0.0001 || v === 0 ? v.toFixed(4) : v.toExponential(2);
}

function render(s) {
  state = s;
  if (!setup || s.version !== setup.version) return;  // the poll fetches the new setup
  $("epoch").textContent = String(s.epoch);
  $("loss-train").textContent = fmt(s.loss_train);
  $("loss-test").textContent = fmt(s.loss_test);
  $("acc-test").textContent = s.acc_test === null ? "" : (100 * s.acc_test).toFixed(1) + " %";
  $("seed").textContent = String(s.seed);
  $("play").disabled = s.running;
  $("pause").disabled = !s.running;
  if (s.error) say(s.error);
  for (const w of wires) {
    const value = s.weights[w.layer][w.k][w.j];
    w.line.setAttribute("stroke", css(value < 0 ? CLASS_COLOURS[0] : CLASS_COLOURS[1]));
    w.line.setAttribute("stroke-width", Math.min(8, 0.4 + 2 * Math.abs(value)).toFixed(2));
  }
  if (hovered) $("weight-tip").textContent = weightText(...hovered);
  s.neurons.forEach((layer, l) => layer.forEach((picture, j) => paintBytes(nodes[l + 1][j].canvas, setup.neuron_grid, picture)));
  // the output: one picture (a probability on the -1..1 scale), one per class, or plain numbers (regression)
  const out = s.output, grid = setup.output_grid, outColumn = nodes[nodes.length - 1];
  let outAt;
  if (typeof out === "string") {
    const t = decode(out);
    outAt = (i) => (t[i] + 1) / 2;
    paintBytes(outColumn[0].canvas, grid, out);
  } else if (typeof out[0] === "string") {
    const ts = out.map(decode);
    outAt = (i) => ts.map((t) => (t[i] + 1) / 2);
    outColumn.forEach((node, k) => paintBytes(node.canvas, grid, out[k]));
  } else {
    outAt = (i) => out[i];
    paint(outColumn[0].canvas, grid, (i) => outputColour(out[i]));
  }
  drawBoundary(outAt);
  drawCurve(s.curve);
  if (s.epoch !== lastEpoch) { updates++; lastEpoch = s.epoch; document.body.dataset.updates = updates; }
}

const offscreen = document.createElement("canvas");

function drawBoundary(outAt) {
  const canvas = $("boundary"), ctx = canvas.getContext("2d");
  const n = setup.output_grid;
  const small = offscreen;
  small.width = small.height = n;
  paint(small, n, (i) => outputColour(outAt(i)));
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  const [lo, hi] = setup.domain, size = canvas.width;
  const showTest = $("show-test").checked;
  setup.points.forEach((p, i) => {
    const test = setup.test[i];
    if (test && !showTest) return;
    const x = (p[0] - lo) / (hi - lo) * size, y = (hi - p[1]) / (hi - lo) * size;
    ctx.beginPath();
    if (test) ctx.rect(x - 3.5, y - 3.5, 7, 7); else ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = labelColour(setup.labels[i]);
    ctx.fill();
    ctx.lineWidth = test ? 1.5 : 1;
    ctx.strokeStyle = test ? "#000" : "#fff";
    ctx.stroke();
  });
}

function drawCurve(curve) {
  const canvas = $("curve"), ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const n = curve.epoch.length;
  if (n < 2) return;
  let top = 0;
  for (const v of curve.train.concat(curve.test)) if (v !== null) top = Math.max(top, v);
  const last = curve.epoch[n - 1] || 1;
  for (const [values, colour] of [[curve.train, "#999"], [curve.test, "#000"]]) {
    ctx.beginPath();
    values.forEach((v, i) => {
      if (v === null) return;
      const x = curve.epoch[i] / last * (w - 2) + 1, y = h - 2 - v / (top || 1) * (h - 4);
      if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    });
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
}

function drawLegend() {
  const legend = $("legend");
  legend.textContent = "";
  if (setup.settings.problem === "regression") {
    legend.textContent = "colour: the predicted value (orange low, blue high); squares are test points";
    return;
  }
  for (let k = 0; k < setup.classes; k++) {
    const dot = document.createElement("i");
    dot.style.background = css(CLASS_COLOURS[k]);
    legend.append(dot, "class " + k);
  }
  legend.append(" \u2014 squares are test points");
}

// --------------------------------------------------------------- polling

// The server sends each new state as it happens (Server-Sent Events).
let following = null;

function follow() {
  following = new EventSource("/api/events?token=" + encodeURIComponent(TOKEN));
  let busy = false;
  following.onmessage = async (event) => {
    const s = JSON.parse(event.data);
    if (!setup || s.version !== setup.version) {
      if (busy) return;
      busy = true;
      const fresh = await attempt(() => api("/api/setup"));
      busy = false;
      if (fresh) applySetup(fresh);
    }
    render(s);
  };
  following.onerror = () => say("lost the server; trying again...");
  following.onopen = () => { if ($("message").textContent.startsWith("lost the server")) say(""); };
}

function download(text, name, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], {type}));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function readFile(input, limit) {
  const file = input.files[0];
  input.value = "";
  if (!file) return Promise.resolve(null);
  if (file.size > limit) return Promise.reject(new Error(file.name + " is larger than " + (limit / 1024) + " KB"));
  return file.text();
}

function control(action) {
  return attempt(async () => render(await api("/api/control", {action})));
}

function wire() {
  $("play").addEventListener("click", () => control("play"));
  $("pause").addEventListener("click", () => control("pause"));
  $("step").addEventListener("click", () => control("step"));
  $("reset").addEventListener("click", () => control("reset"));
  $("new-seed").addEventListener("click", () => control("new-seed"));
  $("add-layer").addEventListener("click", () => {
    if (setup.settings.layers.length >= 6) { say("six hidden layers at most"); return; }
    changeSettings({layers: setup.settings.layers.concat([2])});
  });
  $("remove-layer").addEventListener("click", () => {
    if (!setup.settings.layers.length) { say("there is no hidden layer to remove"); return; }
    changeSettings({layers: setup.settings.layers.slice(0, -1)});
  });
  for (const el of document.querySelectorAll("[data-setting]")) {
    const key = el.dataset.setting;
    el.addEventListener("change", () => {
      const raw = el.value;
      const value = INTS.includes(key) ? parseInt(raw, 10) : FLOATS.includes(key) ? parseFloat(raw) : raw;
      changeSettings({[key]: value});
    });
    if (el.type === "range") el.addEventListener("input", () => { $(el.id + "-value").textContent = el.value + (key === "batch" ? "" : " %"); });
  }
  $("show-test").addEventListener("change", () => { if (state) render(state); });
  $("export-python").addEventListener("click", () => attempt(async () =>
    download(await api("/api/export.py", undefined, true), "playground_experiment.py", "text/x-python")));
  $("export-pytorch").addEventListener("click", () => attempt(async () =>
    download(await api("/api/export-torch.py", undefined, true), "playground_pytorch.py", "text/x-python")));
  $("export-model").addEventListener("click", () => attempt(async () =>
    download(await api("/api/model", undefined, true), "tinynet-model.json", "application/json")));
  $("import-model").addEventListener("change", (e) => attempt(async () => {
    const text = await readFile(e.target, 256 * 1024);
    if (text !== null) applySetup(await api("/api/model", text));
  }));
  $("upload-data").addEventListener("change", (e) => attempt(async () => {
    const text = await readFile(e.target, 200 * 1024);
    if (text !== null) applySetup(await api("/api/data", text));
  }));
  $("explain").addEventListener("click", () => attempt(async () => {
    $("explanation").textContent = await api("/api/explain", undefined, true);
  }));
  $("share").addEventListener("click", () => attempt(async () => {
    await navigator.clipboard.writeText(location.hash);
    say("copied the settings (" + location.hash.length + " characters): paste them after the URL of any tinynet playground");
  }));
  window.addEventListener("resize", () => { if (setup) { buildNetwork(); if (state) render(state); } });
}

async function start() {
  wire();
  const current = await attempt(() => api("/api/setup"));
  if (!current) return;
  const wanted = settingsFromHash();
  if (Object.keys(wanted).length) {
    const merged = Object.assign({}, current.settings, wanted);
    if (JSON.stringify(merged) !== JSON.stringify(current.settings)) {
      const result = await attempt(() => api("/api/settings", merged));
      applySetup(result || current);
    } else {
      applySetup(current);
    }
  } else {
    applySetup(current);
  }
  follow();
}

start();
