// Weft dashboard: plain JS, no build step. Pages are chosen by the URL fragment (#/resources, #/traces/ID …).
'use strict';

const page = document.getElementById('page');
let cleanup = [];          // what the current page must stop (event sources, timers) when leaving it

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const svgNs = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

async function api(path, options) {
  const response = await fetch('/api' + path, options);
  if (response.status === 401) { location.href = '/login'; throw new Error('not logged in'); }
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}
const q = params => { const p = new URLSearchParams(); for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) p.set(k, v); return p.toString(); };
const time = iso => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
const ms = v => v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v.toFixed(v < 10 ? 2 : 0) + ' ms';
const every = (fn, period) => { fn(); const id = setInterval(fn, period); cleanup.push(() => clearInterval(id)); };
const listen = (url, handlers) => {
  const source = new EventSource(url);
  for (const [name, fn] of Object.entries(handlers)) source.addEventListener(name, e => fn(JSON.parse(e.data)));
  cleanup.push(() => source.close());
  return source;
};
function select(testid, options, value, onchange, all = 'all resources') {
  return h('select', { 'data-testid': testid, onchange: e => onchange(e.target.value) },
    all ? h('option', { value: '' }, all) : null,
    options.map(o => h('option', { value: o, selected: o === value }, o)));
}
function attributesTable(attributes, testid) {
  return h('table', { 'data-testid': testid }, attributes.map(a => h('tr', {}, h('td', {}, a.key), h('td', {}, a.value))));
}

// ---------- Resources ----------
function resourcesPage() {
  const rows = new Map();
  const body = h('tbody', { 'data-testid': 'resources-body' });
  const render = r => {
    const row = h('tr', { 'data-testid': `resource-row-${r.name}` },
      h('td', {}, h('strong', {}, r.name), h('div', { class: 'muted' }, r.kind)),
      h('td', {}, h('span', { class: `state ${r.state}`, 'data-testid': `resource-state-${r.name}` }, r.state),
        r.exitCode != null ? h('span', { class: 'muted' }, ` exit ${r.exitCode}`) : null),
      h('td', { class: `health ${r.health}`, 'data-testid': `resource-health-${r.name}` }, r.health),
      h('td', {}, r.endpoints.map(e => h('div', {}, h('a', { href: e, target: '_blank', rel: 'noopener', 'data-testid': `resource-endpoint-${r.name}` }, e)))),
      h('td', { 'data-testid': `resource-restarts-${r.name}` }, r.restarts),
      h('td', {}, r.processId ?? ''),
      h('td', {}, r.startedAt ? time(r.startedAt) : ''),
      h('td', {}, Object.entries(r.properties || {}).map(([k, v]) => h('div', { class: 'muted' }, `${k}: ${v}`))),
      h('td', {}, ['start', 'stop', 'restart'].map(c =>
        h('button', { 'data-testid': `resource-${c}-${r.name}`, onclick: () => command(r.name, c) }, c)),
        h('a', { href: `#/console/${encodeURIComponent(r.name)}`, style: 'margin-left:.5rem' }, 'console')));
    const old = rows.get(r.name);
    if (old) old.replaceWith(row); else body.append(row);
    rows.set(r.name, row);
  };
  const status = h('div', { class: 'muted', 'data-testid': 'command-status' });
  async function command(name, c) {
    try { await api(`/resources/${encodeURIComponent(name)}/commands/${c}`, { method: 'POST' }); status.textContent = `${c} ${name}: done`; }
    catch (e) { status.textContent = `${c} ${name}: ${e.message}`; }
  }
  page.replaceChildren(h('h1', {}, 'Resources'),
    h('table', { 'data-testid': 'resources' },
      h('thead', {}, h('tr', {}, ['Name', 'State', 'Health', 'Endpoints', 'Restarts', 'PID', 'Started', 'Details', 'Actions'].map(t => h('th', {}, t)))), body),
    status);
  listen('/api/resources/stream', {
    snapshot: list => { body.replaceChildren(); rows.clear(); list.forEach(render); },
    resource: render,
  });
}

// ---------- Console ----------
async function consolePage(resource) {
  const names = (await api('/resources')).map(r => r.name);
  resource = resource || names[0] || '';
  const lines = h('div', { class: 'console', 'data-testid': 'console-lines' });
  page.replaceChildren(h('h1', {}, 'Console'),
    h('div', { class: 'filters' },
      select('console-resource', names, resource, v => { location.hash = `#/console/${encodeURIComponent(v)}`; }, null),
      resource ? h('a', { href: `/api/console/${encodeURIComponent(resource)}/download`, 'data-testid': 'console-download', download: `${resource}-console.txt` }, 'Download as text') : null),
    lines);
  if (!resource) { lines.textContent = 'No resources.'; return; }
  listen(`/api/console/${encodeURIComponent(resource)}/stream`, {
    line: l => {
      const stick = lines.scrollTop + lines.clientHeight >= lines.scrollHeight - 4;
      lines.append(h('div', { 'data-testid': 'console-line', class: l.isError ? 'err' : '' },
        h('span', { class: 'ts', 'data-testid': 'console-timestamp' }, time(l.timestamp)), l.text));
      if (stick) lines.scrollTop = lines.scrollHeight;
    },
  });
}

// ---------- Structured logs ----------
async function logsPage() {
  const filters = { resource: '', level: '', text: '' };
  const body = h('tbody', { 'data-testid': 'logs-body' });
  const refresh = async () => {
    const logs = await api('/logs?' + q({ ...filters, limit: 500 }));
    body.replaceChildren(...logs.map(l => h('tr', { 'data-testid': 'log-row' },
      h('td', { class: 'muted nowrap' }, time(l.timestamp)),
      h('td', { class: 'nowrap' }, l.resource),
      h('td', { class: `level-${l.level} nowrap`, 'data-testid': 'log-level' }, l.level),
      h('td', {}, h('div', { 'data-testid': 'log-message' }, l.message),
        // {OriginalFormat} is the message template the .NET SDK sends along; the message above already shows it filled in.
        ...[l.attributes.filter(a => a.key !== '{OriginalFormat}')].filter(a => a.length).map(a => h('div', { class: 'muted' }, a.map(x => `${x.key}=${x.value}`).join('  '))),
        l.traceId ? h('a', { href: `#/traces/${l.traceId}` }, 'trace') : null))));
  };
  const resources = await api('/telemetry/resources');
  page.replaceChildren(h('h1', {}, 'Structured logs'),
    h('div', { class: 'filters' },
      select('logs-resource', resources, '', v => { filters.resource = v; refresh(); }),
      select('logs-level', ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'], '', v => { filters.level = v; refresh(); }, 'any level'),
      h('input', { placeholder: 'text', 'data-testid': 'logs-text', oninput: e => { filters.text = e.target.value; refresh(); } })),
    h('table', { 'data-testid': 'logs' }, h('thead', {}, h('tr', {}, ['Time', 'Resource', 'Level', 'Message'].map(t => h('th', {}, t)))), body));
  every(refresh, 3000);
}

// ---------- Traces ----------
async function tracesPage() {
  const filters = { resource: '', name: '', minDurationMs: '', status: '' };
  const body = h('tbody', { 'data-testid': 'traces-body' });
  const refresh = async () => {
    const traces = await api('/traces?' + q({ ...filters, limit: 200 }));
    body.replaceChildren(...traces.map(t => h('tr', { class: 'clickable', 'data-testid': 'trace-row', 'data-trace-id': t.traceId, onclick: () => { location.hash = `#/traces/${t.traceId}`; } },
      h('td', { class: 'muted nowrap' }, time(t.start)),
      h('td', {}, h('span', { 'data-testid': 'trace-name' }, t.rootName), t.hasError ? h('span', { class: 'error-text' }, ' error') : null),
      h('td', {}, t.resources.join(', ')),
      h('td', {}, t.spanCount),
      h('td', {}, ms(t.durationMs)))));
  };
  const resources = await api('/telemetry/resources');
  page.replaceChildren(h('h1', {}, 'Traces'),
    h('div', { class: 'filters' },
      select('traces-resource', resources, '', v => { filters.resource = v; refresh(); }),
      h('input', { placeholder: 'span name', 'data-testid': 'traces-name', oninput: e => { filters.name = e.target.value; refresh(); } }),
      h('input', { placeholder: 'min duration ms', type: 'number', min: 0, 'data-testid': 'traces-min-duration', oninput: e => { filters.minDurationMs = e.target.value; refresh(); } }),
      select('traces-status', ['ok', 'error'], '', v => { filters.status = v; refresh(); }, 'any status')),
    h('table', { 'data-testid': 'traces' }, h('thead', {}, h('tr', {}, ['Start', 'Name', 'Resources', 'Spans', 'Duration'].map(t => h('th', {}, t)))), body));
  every(refresh, 3000);
}

async function tracePage(traceId) {
  const trace = await api(`/traces/${encodeURIComponent(traceId)}`);
  const total = Math.max(trace.durationMs, 0.001);
  const details = h('div', { class: 'details', 'data-testid': 'span-details' }, h('span', { class: 'muted' }, 'Select a span to see its attributes and events.'));
  const rows = trace.spans.map(span => {
    const left = (span.offsetMs / total) * 100, width = Math.max((span.durationMs / total) * 100, 0.2);
    const row = h('div', { class: 'span-row', 'data-testid': 'span-row', 'data-span-id': span.spanId, 'data-depth': span.depth, 'data-span-name': span.name },
      h('div', { class: 'span-label', style: `padding-left:${0.5 + span.depth * 1.1}rem` },
        h('span', { 'data-testid': 'span-name' }, span.name), h('span', { class: 'muted' }, ` · ${span.resource}`)),
      h('div', { class: 'span-track' },
        h('div', { class: `span-bar ${span.status}`, style: `left:${left}%;width:${width}%` }),
        // The label goes after the bar, or before it when the bar reaches the right edge.
        h('span', { class: 'span-duration', style: left + width > 85 ? `right:${100 - left}%` : `left:${left + width}%` }, ms(span.durationMs))));
    row.addEventListener('click', () => {
      rows.forEach(r => r.classList.remove('selected')); row.classList.add('selected');
      details.replaceChildren(
        h('h2', {}, span.name),
        h('div', { class: 'muted' }, `${span.resource} · ${span.scope} · ${span.kind} · ${span.status}${span.statusMessage ? ': ' + span.statusMessage : ''} · ${ms(span.durationMs)} · span ${span.spanId}`),
        h('h3', {}, 'Attributes'), attributesTable(span.attributes, 'span-attributes'),
        h('h3', {}, 'Events'),
        span.events.length ? h('table', { 'data-testid': 'span-events' }, span.events.map(e =>
          h('tr', {}, h('td', {}, `+${ms(e.offsetMs)}`), h('td', {}, e.name, attributesTable(e.attributes, 'event-attributes'))))) : h('div', { class: 'muted' }, 'none'));
    });
    return row;
  });
  page.replaceChildren(h('h1', {}, h('a', { href: '#/traces' }, 'Traces'), ` / ${trace.spans[0]?.name ?? traceId}`),
    h('div', { class: 'muted' }, `trace ${trace.traceId} · ${trace.spans.length} spans · ${ms(trace.durationMs)}`),
    h('div', { class: 'waterfall', 'data-testid': 'waterfall' }, rows), details);
}

// ---------- Metrics ----------
async function metricsPage() {
  let resource = '';
  let selected = null;
  const list = h('ul', { class: 'instruments', 'data-testid': 'instruments' });
  const chart = h('div', { 'data-testid': 'metric-panel' }, h('span', { class: 'muted' }, 'Select an instrument.'));
  const refreshList = async () => {
    const instruments = await api('/metrics?' + q({ resource }));
    list.replaceChildren(...instruments.map(i => {
      const li = h('li', { 'data-testid': 'instrument', 'data-name': i.name, 'data-resource': i.resource, class: selected && selected.name === i.name && selected.resource === i.resource ? 'selected' : '' },
        h('div', {}, i.name), h('div', { class: 'muted' }, `${i.resource} · ${i.kind}${i.unit ? ' · ' + i.unit : ''}`));
      li.addEventListener('click', () => { selected = i; refreshList(); drawChart(); });
      return li;
    }));
  };
  const drawChart = async () => {
    if (!selected) return;
    const series = await api('/metrics/series?' + q({ resource: selected.resource, name: selected.name }));
    chart.replaceChildren(h('h2', {}, selected.name),
      h('div', { class: 'muted' }, `${selected.description || ''} ${selected.kind === 'Histogram' ? '(mean of recorded values)' : ''} ${selected.unit || ''}`),
      renderChart(series));
  };
  const resources = await api('/telemetry/resources');
  page.replaceChildren(h('h1', {}, 'Metrics'),
    h('div', { class: 'filters' }, select('metrics-resource', resources, '', v => { resource = v; refreshList(); })),
    h('div', { class: 'metrics' }, list, chart));
  every(refreshList, 5000);
  const id = setInterval(drawChart, 5000); cleanup.push(() => clearInterval(id));
}

const palette = ['#2f81f7', '#3fb950', '#d29922', '#f85149', '#a371f7', '#39c5cf'];
function renderChart(series) {
  const W = 800, H = 300, L = 60, R = 10, T = 10, B = 30;
  const samples = series.flatMap(x => x.samples);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, 'data-testid': 'metric-chart', preserveAspectRatio: 'none' });
  if (!samples.length) return svg;
  const times = samples.map(p => Date.parse(p.time)), values = samples.map(p => p.value);
  let t0 = Math.min(...times), t1 = Math.max(...times); if (t1 === t0) { t0 -= 1000; t1 += 1000; }
  let v0 = Math.min(0, ...values), v1 = Math.max(...values); if (v1 === v0) v1 = v0 + 1;
  const x = t => L + ((t - t0) / (t1 - t0)) * (W - L - R), y = v => T + (1 - (v - v0) / (v1 - v0)) * (H - T - B);
  svg.append(s('line', { x1: L, y1: y(v0), x2: W - R, y2: y(v0), stroke: '#2a3642' }));
  for (const v of [v0, (v0 + v1) / 2, v1]) svg.append(s('text', { x: 4, y: y(v) + 4 }, String(+v.toPrecision(4))));
  svg.append(s('text', { x: L, y: H - 8 }, new Date(t0).toLocaleTimeString()), s('text', { x: W - R - 60, y: H - 8 }, new Date(t1).toLocaleTimeString()));
  const legend = [];
  series.forEach((serie, i) => {
    const color = palette[i % palette.length];
    const points = serie.samples.map(p => `${x(Date.parse(p.time)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    svg.append(s('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2, 'data-testid': 'metric-series' }));
    for (const p of serie.samples) svg.append(s('circle', { cx: x(Date.parse(p.time)), cy: y(p.value), r: 2.5, fill: color }));
    legend.push(h('span', { style: `color:${color}` }, serie.label || '(no attributes)'));
  });
  const wrap = h('div', {}, svg, h('div', { class: 'legend' }, legend));
  return wrap;
}

// ---------- Shell ----------
async function retention() {
  try {
    const r = await api('/retention');
    const part = (label, c) => `${label} ${c.kept.toLocaleString()}/${c.capacity.toLocaleString()} (dropped ${c.dropped.toLocaleString()})`;
    document.querySelector('[data-testid=retention]').textContent = [part('spans', r.spans), part('logs', r.logs), part('metric points', r.metricPoints)].join(' · ');
  } catch { /* shown again on the next tick */ }
}

async function route() {
  cleanup.forEach(f => f()); cleanup = [];
  const [, name = 'resources', arg] = location.hash.split('/');
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === `#/${name}`));
  const argument = arg ? decodeURIComponent(arg) : undefined;
  try {
    if (name === 'console') await consolePage(argument);
    else if (name === 'logs') await logsPage();
    else if (name === 'traces' && argument) await tracePage(argument);
    else if (name === 'traces') await tracesPage();
    else if (name === 'metrics') await metricsPage();
    else resourcesPage();
  } catch (e) {
    page.replaceChildren(h('div', { class: 'error-text', 'data-testid': 'page-error' }, e.message));
  }
}

window.addEventListener('hashchange', route);
setInterval(retention, 3000); retention();
route();
