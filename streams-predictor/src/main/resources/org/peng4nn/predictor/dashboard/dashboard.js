// The dashboard page: a snapshot over JSON, then server-sent updates. Built to stay responsive with thousands of
// models: updates are merged into a map and drawn at most every RENDER_MS, the table shows the best MAX_ROWS rows,
// and only the selected model's curve is fetched and drawn.
(function () {
  'use strict';
  var API = '/dashboard/api';
  var RENDER_MS = 200;
  var MAX_ROWS = 200;
  var CURVE_MS = 300;

  var state = { search: null, rows: new Map(), summary: null, searches: new Map(), selected: null,
    manualStop: false, tokenHeader: 'Peng4nn-Stop-Token' };
  var renderPending = false, curvePending = false, plot = null;

  function $(id) { return document.getElementById(id); }
  function num(v, digits) { return v === null || v === undefined ? '' : v.toFixed(digits === undefined ? 2 : digits); }
  function getJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  function order(a, b) {
    var fa = a.fitness, fb = b.fitness;
    if ((fa === null) !== (fb === null)) { return fa === null ? 1 : -1; }
    if (fa !== fb) { return fb - fa; }
    return a.model_id < b.model_id ? -1 : a.model_id > b.model_id ? 1 : 0;
  }

  function scheduleRender() {
    if (!renderPending) { renderPending = true; setTimeout(render, RENDER_MS); }
  }

  function render() {
    renderPending = false;
    renderSearches();
    renderTotals();
    renderTable();
  }

  function renderSearches() {
    var select = $('search');
    var ids = Array.from(state.searches.keys()).sort().reverse();
    if (select.options.length !== ids.length) {
      select.textContent = '';
      ids.forEach(function (id) {
        var o = document.createElement('option'); o.value = id; o.textContent = id; select.appendChild(o);
      });
    }
    if (state.search) { select.value = state.search; }
  }

  function renderTotals() {
    var s = state.summary, box = $('totals');
    box.textContent = '';
    if (!s) { return; }
    var items = [['models', s.models], ['training', s.training], ['stopped early', s.stopped_early],
      ['epochs used / budget', num(s.epochs_used, 1) + ' / ' + s.epochs_budget],
      ['epochs saved', num(s.epochs_saved, 1)],
      ['GPU-hours saved', s.gpu_hours_saved === null ? 'n/a' : num(s.gpu_hours_saved, 3)],
      ['best fitness', num(s.best_fitness)]];
    items.forEach(function (item) {
      var d = document.createElement('div'), b = document.createElement('b');
      b.textContent = item[1]; d.appendChild(b); d.appendChild(document.createTextNode(item[0]));
      box.appendChild(d);
    });
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td'); td.textContent = text; if (cls) { td.className = cls; } tr.appendChild(td);
    return td;
  }

  function renderTable() {
    var rows = Array.from(state.rows.values()).sort(order);
    var body = document.createElement('tbody');
    rows.slice(0, MAX_ROWS).forEach(function (r, i) {
      var tr = document.createElement('tr');
      tr.className = 'row' + (r.model_id === state.selected ? ' selected' : '');
      tr.dataset.model = r.model_id;
      cell(tr, i + 1);
      cell(tr, r.model_id, 'id');
      // a stop sent but no result yet: the trainer stops at its next evaluation
      var status = r.status === 'TRAINING' && r.stop_requested ? 'STOPPING' : r.status;
      cell(tr, status, 'status ' + r.status);
      cell(tr, r.stop_reason || '', 'id');
      cell(tr, num(r.observed));
      cell(tr, num(r.predicted_final));
      cell(tr, r.lower === null ? '' : '[' + num(r.lower) + ', ' + num(r.upper) + ']');
      cell(tr, num(r.fitness));
      cell(tr, num(r.epochs_used, 1) + ' / ' + r.max_epochs);
      cell(tr, r.epochs_saved === null ? '' : num(r.epochs_saved, 1));
      var action = cell(tr, '');
      if (state.manualStop && r.status === 'TRAINING' && !r.stop_requested) {
        var button = document.createElement('button');
        button.className = 'stop'; button.textContent = 'stop'; button.dataset.model = r.model_id;
        action.appendChild(button);
      }
      body.appendChild(tr);
    });
    var table = $('leaderboard');
    table.replaceChild(body, table.tBodies[0]);
    $('cap').textContent = rows.length > MAX_ROWS
      ? 'showing the best ' + MAX_ROWS + ' of ' + rows.length + ' models' : rows.length + ' models';
  }

  function selectSearch(id) {
    if (id !== state.search) { state.selected = null; }
    state.search = id; state.rows = new Map(); state.summary = null;
    if (!id) { scheduleRender(); return Promise.resolve(); }
    return getJson(API + '/searches/' + encodeURIComponent(id)).then(function (s) {
      if (state.search !== id) { return; }
      state.summary = state.summary || s.summary;
      // a row pushed while the snapshot was on its way is newer than the snapshot's
      s.rows.forEach(function (r) { if (!state.rows.has(r.model_id)) { state.rows.set(r.model_id, r); } });
      if (state.selected) { fetchCurve(); }
      if (!state.selected && s.rows.length) { select(s.rows[0].model_id); }
      scheduleRender();
    });
  }

  function loadSnapshot() {
    return getJson(API + '/searches').then(function (list) {
      list.forEach(function (s) { state.searches.set(s.search_id, s); });
      var wanted = decodeURIComponent(location.hash.slice(1)) || state.search || (list.length ? list[0].search_id : null);
      return selectSearch(wanted);
    });
  }

  function select(modelId) {
    state.selected = modelId; scheduleRender(); fetchCurve();
  }

  function fetchCurve() {
    if (curvePending || !state.selected) { return; }
    curvePending = true;
    setTimeout(function () {
      curvePending = false;
      var search = state.search, model = state.selected;
      getJson(API + '/searches/' + encodeURIComponent(search) + '/models/' + encodeURIComponent(model))
        .then(function (c) { if (state.selected === model) { drawCurve(c); } })
        .catch(function (e) { $('curve-info').textContent = String(e); });
    }, CURVE_MS);
  }

  function drawCurve(c) {
    var xs = new Set();
    c.observed.forEach(function (p) { xs.add(p.epoch); });
    c.predictions.forEach(function (p) { xs.add(p.epoch); });
    var last = c.predictions.length ? c.predictions[c.predictions.length - 1] : null;
    var finalX = c.max_epochs - 1;
    if (last) { xs.add(finalX); }
    var x = Array.from(xs).sort(function (a, b) { return a - b; });
    var index = new Map(x.map(function (v, i) { return [v, i]; }));
    function empty() { return x.map(function () { return null; }); }
    var observed = empty(), predicted = empty(), lower = empty(), upper = empty(), fin = empty();
    c.observed.forEach(function (p) { observed[index.get(p.epoch)] = p.value; });
    c.predictions.forEach(function (p) {
      var i = index.get(p.epoch); predicted[i] = p.predicted_final; lower[i] = p.lower; upper[i] = p.upper;
    });
    if (last) { fin[index.get(finalX)] = last.predicted_final; }
    var box = $('curve');
    box.dataset.observedPoints = c.observed.length;
    box.dataset.predictions = c.predictions.length;
    $('curve-title').textContent = c.model_id + ' (run ' + c.run + ', ' + c.row.status + ')';
    $('curve-info').textContent = c.observed.length + ' evaluations, ' + c.predictions.length + ' predictions; '
      + (last ? 'predicted final: ' + num(last.predicted_final)
        + (last.lower !== null ? ' [' + num(last.lower) + ', ' + num(last.upper) + ']' : '') : 'no prediction yet')
      + (c.row.observed !== null ? '; last observed: ' + num(c.row.observed) : '');
    if (typeof uPlot === 'undefined') { return; }
    var data = [x, observed, predicted, lower, upper, fin];
    if (plot) { plot.setData(data); return; }
    var width = Math.max(300, box.clientWidth || 500);
    plot = new uPlot({
      width: width, height: 320, scales: { x: { time: false } },
      axes: [{ label: 'epoch (0-based)' }, { label: 'validation accuracy (%)' }],
      series: [{ label: 'epoch' },
        { label: 'observed', stroke: '#1d3557', width: 2, points: { show: true } },
        { label: 'prediction made then', stroke: '#e76f51', dash: [6, 4], spanGaps: true },
        { label: 'interval low', stroke: '#f4a261', width: 1, spanGaps: true },
        { label: 'interval high', stroke: '#f4a261', width: 1, spanGaps: true },
        { label: 'predicted final', stroke: '#c1121f', width: 0, points: { show: true, size: 10, fill: '#c1121f' } }]
    }, data, box);
  }

  function onUpdate(event) {
    var u = JSON.parse(event.data);
    if (u.summary) { state.searches.set(u.search_id, u.summary); }
    if (!state.search) { selectSearch(u.search_id); return; }
    if (u.search_id !== state.search) { scheduleRender(); return; }
    state.summary = u.summary;
    var selectedChanged = false;
    u.rows.forEach(function (r) {
      state.rows.set(r.model_id, r);
      if (r.model_id === state.selected) { selectedChanged = true; }
    });
    if (!state.selected && u.rows.length) { select(u.rows[0].model_id); }
    if (selectedChanged) { fetchCurve(); }
    scheduleRender();
  }

  function connect() {
    var events = new EventSource('/dashboard/events');
    events.addEventListener('hello', function () {
      $('live').textContent = 'live'; $('live').className = 'on';
      // after a (re)connection the snapshot covers whatever happened while disconnected
      loadSnapshot().catch(function (e) { $('message').textContent = String(e); });
    });
    events.addEventListener('update', onUpdate);
    events.onerror = function () { $('live').textContent = 'reconnecting'; $('live').className = ''; };
  }

  function stop(modelId) {
    var token = $('token').value;
    var r = state.rows.get(modelId);
    var headers = { 'Content-Type': 'application/json' };
    headers[state.tokenHeader] = token;
    fetch(API + '/stop', { method: 'POST', headers: headers,
      body: JSON.stringify({ search_id: state.search, model_id: modelId, run: r ? r.run : null }) })
      .then(function (res) { return res.json().then(function (b) { return [res.status, b]; }); })
      .then(function (a) {
        $('message').textContent = a[0] === 202 ? 'stop sent to ' + modelId : (a[1].error || ('error ' + a[0]));
      });
  }

  $('search').addEventListener('change', function (e) {
    location.hash = encodeURIComponent(e.target.value); selectSearch(e.target.value);
  });
  // a link to another search of the same page (dashboard#search-id) changes only the hash
  window.addEventListener('hashchange', function () {
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted && wanted !== state.search) { selectSearch(wanted); }
  });
  $('leaderboard').addEventListener('click', function (e) {
    if (e.target.classList.contains('stop')) { stop(e.target.dataset.model); return; }
    var tr = e.target.closest('tr.row');
    if (tr) { select(tr.dataset.model); }
  });
  getJson(API + '/config').then(function (c) {
    state.manualStop = c.manual_stop; state.tokenHeader = c.token_header;
    $('token-box').hidden = !c.manual_stop;
    scheduleRender();
  });
  connect();
})();
