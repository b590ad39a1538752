// Studio render benchmark: how long a 500-node workflow takes to open in the designer (time to interactive) and the frame
// times of panning and zooming it, measured in the same run against an empty workflow, in headless Chromium.
//
//   (cd src/Studio/ClientApp && npm ci && npm run build)    # or: dotnet build src/Studio
//   (cd bench/studio && npm ci && node open-large-workflow.mjs [--nodes 500] [--runs 3])
//
// Only the browser side is measured: the built app (src/Studio/ClientApp/dist) is served by a small static server here and
// /api is answered by Playwright routes with generated descriptors and definitions, so the figures are the designer's own,
// not the server's or the network's. Goal (issue 6): under 1.5 s to interactive and 60 fps (≤ 16.7 ms frames) panning.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map(a => a.trim().split(/\s+/)));
const nodeCount = Number(args.nodes ?? 500);
const runs = Number(args.runs ?? 3);
const dist = resolve(import.meta.dirname, '../../src/Studio/ClientApp/dist');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no build: run npm run build in src/Studio/ClientApp first.`);

// ---- generated data ----------------------------------------------------------------------------------------------------
const categories = ['AI', 'Flow', 'Data', 'HTTP', 'Timing'];
const descriptors = categories.flatMap((category, c) => Array.from({ length: 4 }, (_, i) => ({
  type: `${category.toLowerCase()}.act${i}`, displayName: `${category} activity ${i}`, category, description: 'generated',
  inputs: [{ name: 'text', type: 'string', required: false, uiHint: 'template', lazy: false }],
  outputs: [{ name: 'value', type: 'any' }], ports: i === 0 && c === 1 ? ['true', 'false'] : ['done'],
  hasComputedPorts: false, isContainer: false, isTrigger: false,
})));

/** A layered DAG: 25 columns, each node fed by one or two nodes of the previous column, laid out on a grid. */
function generate(count) {
  const perColumn = Math.max(1, Math.ceil(count / 25));
  const nodes = Array.from({ length: count }, (_, n) => {
    const column = Math.floor(n / perColumn), row = n % perColumn;
    return { id: `n${n}`, type: descriptors[n % descriptors.length].type, inputs: { text: `{{ input.x }} ${n}` }, position: { x: column * 300, y: row * 110 } };
  });
  const edges = [];
  for (let n = perColumn; n < count; n++) {
    const source = n - perColumn;
    edges.push({ id: `e${n}a`, source: `n${source}`, sourcePort: portOf(source), target: `n${n}` });
    if (n % 3 === 0 && (source + 1) % perColumn !== 0) // a second input from the same column: joins
      edges.push({ id: `e${n}b`, source: `n${source + 1}`, sourcePort: portOf(source + 1), target: `n${n}` });
  }
  return { id: `bench-${count}`, name: `Bench ${count}`, nodes, edges };
}
function portOf(n) { const ports = descriptors[n % descriptors.length].ports; return ports[0] === 'done' ? undefined : ports[0]; }

// ---- static server for the built app -----------------------------------------------------------------------------------
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const file = join(dist, path.startsWith('/assets/') ? path : 'index.html');
  try {
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  } catch { res.writeHead(404); res.end(); }
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- measurement -------------------------------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: chromiumPath, headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function measure(definition) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const json = body => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route('**/api/**', route => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/activities') return route.fulfill(json(descriptors));
    if (url.pathname === `/api/definitions/${definition.id}`) return route.fulfill(json({ id: definition.id, version: 1, definition }));
    if (url.pathname === '/api/definitions/validate') return route.fulfill(json({ valid: true, errors: [] }));
    return route.fulfill(json([]));
  });

  await page.goto(`${base}/designer/${definition.id}`);
  // Interactive: the canvas shows the workflow's nodes (or its empty pane) and the main thread answers within a frame.
  await page.waitForSelector(definition.nodes.length ? '.react-flow__node' : '.react-flow__pane');
  const interactiveMs = await page.evaluate(() => new Promise(done =>
    requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0))));
  const rendered = await page.locator('.react-flow__node').count();

  const pane = await page.locator('.react-flow__pane').boundingBox();
  const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
  const frames = async action => {
    await page.evaluate(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = now => { window.__frames.push(now - last); last = now; if (window.__measuring) requestAnimationFrame(tick); };
      window.__measuring = true;
      requestAnimationFrame(tick);
    });
    await action();
    return page.evaluate(() => { window.__measuring = false; return window.__frames.slice(1); });
  };
  const pan = await frames(async () => {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(cx - i * 8, cy - i * 3);
    await page.mouse.up();
  });
  const zoom = await frames(async () => {
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? 120 : -120);
  });
  await context.close();
  return { interactiveMs, rendered, pan: stats(pan), zoom: stats(zoom) };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return { frames: values.length, meanMs: mean, p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0, fps: mean ? 1000 / mean : 0 };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const definition of [generate(0), generate(nodeCount)]) {
  const samples = [];
  for (let r = 0; r < runs; r++) samples.push(await measure(definition));
  results.push({
    workflow: `${definition.nodes.length} nodes, ${definition.edges.length} edges`,
    'interactive ms (median)': Math.round(median(samples.map(s => s.interactiveMs))),
    'nodes in DOM': samples[0].rendered,
    'pan frame ms mean/p95': `${median(samples.map(s => s.pan.meanMs)).toFixed(1)} / ${median(samples.map(s => s.pan.p95Ms)).toFixed(1)}`,
    'pan fps': Math.round(median(samples.map(s => s.pan.fps))),
    'zoom frame ms mean/p95': `${median(samples.map(s => s.zoom.meanMs)).toFixed(1)} / ${median(samples.map(s => s.zoom.p95Ms)).toFixed(1)}`,
  });
}
console.table(results);
console.log(`Chromium ${browser.version()}, ${runs} run(s) each; goal: < 1500 ms to interactive, ≤ 16.7 ms frames (60 fps).`);
await browser.close();
server.close();
