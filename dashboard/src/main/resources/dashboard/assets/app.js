'use strict';
// The dashboard page: one panel per query of GET api/queries, drawn with ECharts from GET api/queries/{name}.
const $ = (id) => document.getElementById(id);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const charts = {};
let catalog;
let timer;

async function api(path) {
  const response = await fetch(path, {headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || response.status + ' ' + response.statusText);
  return body;
}

const list = (spec) => (spec ? spec.split(',') : []);
const label = (column) => column.replace(/_/g, ' ');
const isRatio = (column) => /rate|share|conversion|retention/.test(column || '');
const percent = (v) => (v == null ? '' : (100 * v).toFixed(v < 0.1 ? 1 : 0) + '%');
const day = (date) => date.toISOString().slice(0, 10);
const shift = (iso, days) => day(new Date(Date.parse(iso + 'T00:00:00Z') + days * 86400000));

function filters() {
  return new URLSearchParams({from: $('from').value, to: $('to').value, source: $('source').value});
}

/** Text with `code` spans, built from nodes so no value is ever parsed as HTML. */
function withCode(element, text) {
  element.replaceChildren(...text.split('`').map((part, i) => {
    if (i % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  }));
}

function panel(query) {
  const section = document.createElement('section');
  section.className = 'panel' + (query.chart.kind === 'heatmap' && query.name.startsWith('categories') ? ' wide' : '');
  section.id = 'panel-' + query.name;
  section.dataset.state = 'loading';
  section.innerHTML = '<h2></h2><p class="question"></p><div class="chart"></div><p class="hint"></p>'
    + '<table hidden></table><footer><span class="rows"></span><a>JSON</a></footer>';
  section.querySelector('h2').textContent = query.title;
  if (!query.parameters.includes('source')) {
    const badge = document.createElement('span');
    badge.className = 'badge source-note';
    badge.textContent = 'all sources';
    section.querySelector('h2').append(badge);
  }
  section.querySelector('.question').textContent = query.question;
  return section;
}

function cartesian(kind) {
  return (o, rows, types) => {
    const seen = new Set();
    const unique = rows.filter((r) => !seen.has(r[o.x]) && seen.add(r[o.x]));
    const y2 = list(o.y2);
    const x = unique.map((r) => (types[o.x] === 'timestamp' ? r[o.x].slice(11, 16) : r[o.x]));
    return {
      tooltip: {trigger: 'axis'}, legend: {top: 0},
      grid: {left: 50, right: y2.length ? 55 : 20, top: 30, bottom: 28},
      xAxis: {type: 'category', data: x},
      yAxis: [{type: 'value', minInterval: 1}].concat(y2.length ? [{type: 'value', splitLine: {show: false},
        axisLabel: isRatio(y2[0]) ? {formatter: percent} : {}}] : []),
      series: list(o.y).map((c) => ({name: label(c), type: kind, data: unique.map((r) => r[c])}))
        .concat(y2.map((c) => ({name: label(c), type: 'line', yAxisIndex: 1, data: unique.map((r) => r[c])}))),
    };
  };
}

const OPTIONS = {
  line: cartesian('line'),
  bar: cartesian('bar'),
  hbar: (o, rows) => {
    const x2 = list(o.x2);
    return {
      tooltip: {trigger: 'axis'}, legend: {top: 0},
      grid: {left: 10, right: 20, top: x2.length ? 50 : 30, bottom: 20, containLabel: true},
      yAxis: {type: 'category', inverse: true, data: rows.map((r) => list(o.y).map((c) => r[c]).join(' · '))},
      xAxis: [{type: 'value', minInterval: 1}].concat(x2.length ? [{type: 'value', position: 'top', splitLine: {show: false}}] : []),
      series: list(o.x).map((c) => ({name: label(c), type: 'bar', data: rows.map((r) => r[c])}))
        .concat(x2.map((c) => ({name: label(c), type: 'bar', xAxisIndex: 1, data: rows.map((r) => r[c])}))),
    };
  },
  funnel: (o, rows) => ({
    tooltip: {trigger: 'item'},
    series: [{type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 10, bottom: 10, gap: 2, minSize: '35%',
      label: {position: 'inside', textBorderWidth: 0, formatter: (p) => p.name + ': ' + p.value
        + (p.dataIndex > 0 && rows[0][o.value] ? ' (' + percent(p.value / rows[0][o.value]) + ')' : '')},
      data: rows.map((r) => ({name: r[o.name], value: r[o.value]}))}],
  }),
  heatmap: (o, rows) => {
    const names = (c, v) => (c === 'weekday' ? WEEKDAYS[v] : String(v));
    const full = {hour_of_day: 24, weekday: 7};
    const axis = (c) => (full[c] ? [...Array(full[c]).keys()]
      : [...new Set(rows.map((r) => r[c]))].sort((a, b) => (a < b ? -1 : 1)));
    const xs = axis(o.x);
    const ys = axis(o.y);
    const values = rows.map((r) => r[o.value]);
    const show = (v) => (isRatio(o.value) ? percent(v) : v);
    return {
      tooltip: {
        formatter: (p) => echarts.format.encodeHTML(names(o.y, ys[p.value[1]]) + ' ' + names(o.x, xs[p.value[0]])
          + ': ' + label(o.value) + ' ' + show(p.value[2]) + (o.label ? ', ' + label(o.label) + ' ' + p.value[3] : '')),
      },
      grid: {left: 80, right: 90, top: 10, bottom: 40},
      xAxis: {type: 'category', data: xs.map((v) => names(o.x, v)), name: label(o.x), nameLocation: 'center', nameGap: 25},
      yAxis: {type: 'category', inverse: true, data: ys.map((v) => names(o.y, v))},
      visualMap: {min: 0, max: Math.max(...values), dimension: 2, calculable: true, orient: 'vertical', right: 0,
        top: 'center', itemHeight: 140, formatter: show},
      series: [{type: 'heatmap', label: {show: xs.length <= 12, formatter: (p) => show(p.value[2])},
        data: rows.map((r) => [xs.indexOf(r[o.x]), ys.indexOf(r[o.y]), r[o.value], o.label ? r[o.label] : null])}],
    };
  },
};

function table(section, columns, rows) {
  const element = section.querySelector('table');
  element.hidden = false;
  const line = (cells, tag) => {
    const tr = document.createElement('tr');
    cells.forEach((text) => { const cell = document.createElement(tag); cell.textContent = text ?? ''; tr.append(cell); });
    return tr;
  };
  element.replaceChildren(line(columns.map(label), 'th'), ...rows.slice(0, 8).map((r) => line(columns.map((c) => r[c]), 'td')));
}

async function load(query) {
  const section = $('panel-' + query.name);
  const url = 'api/queries/' + query.name + '?' + filters();
  section.querySelector('footer a').href = url;
  try {
    const result = await api(url);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
    section.querySelector('.rows').textContent = rows.length + ' rows · ' + result.elapsed_ms + ' ms';
    if (rows.length === 0) {
      section.dataset.state = 'empty';
      withCode(section.querySelector('.hint'), query.empty);
      return;
    }
    const chart = charts[query.name] || (charts[query.name] = echarts.init(section.querySelector('.chart')));
    section.dataset.state = 'chart';
    chart.setOption(OPTIONS[query.chart.kind](query.chart.options, rows, types), true);
    chart.resize();
    section.dataset.summary = JSON.stringify(result.rows);
    if (query.chart.options.table) table(section, list(query.chart.options.table), rows);
  } catch (e) {
    section.dataset.state = 'error';
    withCode(section.querySelector('.hint'), 'cannot load: ' + e.message);
  }
}

async function status() {
  const runs = (await api('api/queries/model_runs')).rows;
  const finished = runs.map((r) => r[3]).filter(Boolean).sort().pop();
  const failed = runs.filter((r) => r[4] === 'failed').map((r) => r[0]);
  const element = $('status');
  element.className = failed.length ? 'stale' : '';
  element.textContent = (finished ? 'models last ran ' + finished.replace('T', ' ').slice(0, 19) + ' UTC'
    : 'the models have not run yet') + (failed.length ? ' · failed: ' + failed.join(', ') : '')
    + ' · page refreshed ' + new Date().toISOString().slice(11, 19) + ' UTC';
}

async function sources() {
  const select = $('source');
  const chosen = select.value;
  const names = (await api('api/queries/sources?' + filters())).rows.map((r) => r[0]);
  select.replaceChildren(select.options[0], ...names.map((n) => new Option(n, n)));
  select.value = names.includes(chosen) ? chosen : '*';
}

async function refresh() {
  location.hash = filters();
  await Promise.all([status(), sources()].map((p) => p.catch((e) => { $('status').textContent = 'cannot read the warehouse: ' + e.message; })));
  await Promise.all(catalog.queries.filter((q) => q.chart.kind !== 'none').map(load));
  clearTimeout(timer);
  if ($('auto').checked) timer = setTimeout(refresh, catalog.refresh_seconds * 1000);
}

async function start() {
  catalog = await api('api/queries');
  $('panels').append(...catalog.queries.filter((q) => q.chart.kind !== 'none').map(panel));
  const saved = new URLSearchParams(location.hash.slice(1));
  const extent = (await api('api/queries/data_extent')).rows[0] || [];
  if (!extent[1]) {
    $('notice').hidden = false;
    withCode($('notice'), catalog.queries.find((q) => q.name === 'data_extent').empty);
  }
  $('to').value = saved.get('to') || extent[1] || day(new Date());
  $('from').value = saved.get('from') || shift($('to').value, -13);
  if (saved.get('source')) $('source').append(new Option(saved.get('source'), saved.get('source'), true, true));
  $('filters').addEventListener('change', refresh);
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  await refresh();
}

start().catch((e) => { $('status').textContent = 'cannot start: ' + e.message; });
