// EdgeSync live console: one Server-Sent Events stream from the origin, no build step, no library.
'use strict';
(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { regions: [], changes: new Map(), capacity: 100, clockOffset: 0 };
  const connection = document.getElementById('connection');
  const regionsBody = document.querySelector('#regions tbody');
  const timeline = document.getElementById('timeline');

  function text(tag, content, attrs) {
    const el = document.createElement(tag);
    if (content !== undefined && content !== null) el.textContent = String(content);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) el.setAttribute(k, v); });
    return el;
  }
  const ms = (v) => (v === null || v === undefined ? '—' : Math.round(v) + ' ms');
  const pct = (v) => (v === null || v === undefined ? '—' : (v * 100).toFixed(1) + ' %');

  // ---- stream -------------------------------------------------------------------------------------------------
  function connect() {
    const source = new EventSource('api/stream');
    source.onopen = () => { connection.dataset.state = 'open'; connection.textContent = 'Live'; };
    source.onerror = () => {
      connection.dataset.state = 'error';
      connection.textContent = 'Disconnected, reconnecting…';
    };
    source.onmessage = (e) => {
      const message = JSON.parse(e.data);
      if (message.serverTime) state.clockOffset = message.serverTime - Date.now();
      if (message.type === 'snapshot') {
        state.capacity = message.capacity;
        state.changes.clear();
        timeline.replaceChildren();
        message.changes.forEach(upsertChange);
        setRegions(message.regions);
      } else if (message.type === 'change') {
        upsertChange(message.change);
      } else if (message.type === 'regions') {
        setRegions(message.regions);
      }
    };
  }

  // ---- regions ------------------------------------------------------------------------------------------------
  function setRegions(regions) {
    state.regions = regions;
    const rows = regions.map((r) => {
      const s = r.summary || {};
      const tr = text('tr', null, { 'data-region': r.region, 'data-strategy': s.strategy, 'data-delay-ms': s.delayMs });
      tr.append(text('th', r.region, { scope: 'row' }));
      if (!r.reachable) {
        tr.append(text('td', r.error || 'unreachable', { colspan: 8, class: 'error' }));
        return tr;
      }
      tr.append(text('td', s.strategy, { 'data-field': 'strategy' }));
      tr.append(text('td', ms(s.delayMs), { class: 'num', 'data-field': 'delay' }));
      tr.append(text('td', s.replicas == null ? '—' : s.replicas, { class: 'num', 'data-field': 'replicas' }));
      tr.append(text('td', pct(s.hitRatio) + ' of ' + s.requests, { class: 'num', 'data-field': 'hit-ratio' }));
      tr.append(text('td', s.staleHits, { class: 'num', 'data-field': 'stale' }));
      tr.append(text('td', s.originFetches, { class: 'num', 'data-field': 'origin-fetches' }));
      const lag = r.lag || {};
      tr.append(text('td', ms(lag.lastMs) + ' / median ' + ms(lag.medianMs), { class: 'num', 'data-field': 'lag' }));
      const lease = s.lease || {};
      tr.append(text('td', (lease.state || '—') + (lease.state && lease.state !== 'none' ? ' (lag ' + ms(lease.appliedLagMs) + ')' : ''),
        { 'data-field': 'lease' }));
      return tr;
    });
    regionsBody.replaceChildren(...rows);
    const select = document.querySelector('#region-form select[name=region]');
    const chosen = select.value;
    const names = regions.filter((r) => r.edgeKnown).map((r) => r.region);
    if (names.join() !== Array.from(select.options).map((o) => o.value).join()) {
      select.replaceChildren(...names.map((n) => text('option', n, { value: n })));
      if (names.includes(chosen)) select.value = chosen;
    }
  }

  // ---- timeline -----------------------------------------------------------------------------------------------
  function upsertChange(change) {
    const known = state.changes.get(change.eventId);
    if (known && known.seq >= change.seq) return; // an older copy of what we already show
    state.changes.set(change.eventId, change);
    let article = document.getElementById('change-' + change.eventId);
    if (!article) {
      article = text('article', null, { id: 'change-' + change.eventId, class: 'change' });
      // newest first: place by commit time
      const after = Array.from(timeline.children).find((el) => Number(el.dataset.committedAt) < change.committedAt);
      timeline.insertBefore(article, after || null);
    }
    renderChange(article, change);
    while (state.changes.size > state.capacity) { // bounded like the server's timeline
      const oldest = Array.from(state.changes.values()).reduce((a, b) => (a.committedAt <= b.committedAt ? a : b));
      state.changes.delete(oldest.eventId);
      const el = document.getElementById('change-' + oldest.eventId);
      if (el) el.remove();
    }
  }

  function describe(c) {
    if (c.contentId !== null && c.contentId !== undefined) {
      return c.kind + ' · item ' + c.contentId + ' → v' + c.version;
    }
    const parts = [];
    if (c.keys.length) parts.push('keys ' + c.keys.join(', '));
    if (c.tags.length) parts.push('tags ' + c.tags.join(', '));
    if (c.prefixes.length) parts.push('prefixes ' + c.prefixes.join(', '));
    return 'purge (' + c.mode + ') · ' + parts.join(' · ');
  }

  function renderChange(article, c) {
    article.dataset.status = c.status;
    article.dataset.committedAt = c.committedAt;
    article.dataset.kind = c.kind;
    if (c.contentId !== null && c.contentId !== undefined) article.dataset.contentId = c.contentId;
    article.dataset.version = c.version;
    const h = text('h3');
    h.append(text('span', describe(c)));
    h.append(text('span', c.status === 'converged' ? 'converged in ' + ms(c.convergedAt - c.issuedAt)
      : c.status === 'pending' ? 'converging…' : 'not converged', { class: 'status' }));
    const meta = text('p', 'committed ' + new Date(c.committedAt).toLocaleTimeString() + ' (+' + ms(c.committedAt - c.issuedAt)
      + ') · published ' + (c.publishedAt ? '+' + ms(c.publishedAt - c.issuedAt) : '—') + ' · event ' + c.eventId
      + (c.traceId ? ' · trace ' + c.traceId : ''),
      { class: 'meta', 'data-trace-id': c.traceId });
    const table = text('table');
    const head = text('tr');
    ['Region', 'Applied (by edge instance)', 'First served new version', 'STALE answers seen'].forEach((t) => head.append(text('th', t, { scope: 'col' })));
    const thead = text('thead');
    thead.append(head);
    table.append(thead);
    const body = text('tbody');
    Object.entries(c.regions).forEach(([region, p]) => {
      const tr = text('tr', null, { 'data-region': region });
      tr.append(text('th', region, { scope: 'row' }));
      tr.append(text('td', p.appliedAt ? '+' + ms(p.appliedAt - c.issuedAt) + ' by ' + (p.appliedBy || '?') : 'waiting',
        { 'data-field': 'applied', 'data-ms': p.appliedAt ? p.appliedAt - c.issuedAt : null }));
      const served = p.servedAt ? '+' + ms(p.servedAt - c.issuedAt) + ' (' + (p.servedCache || '?')
        + (p.servedVersion ? ', v' + p.servedVersion : '') + ')' : (c.contentId === null || c.contentId === undefined ? 'n/a' : 'waiting');
      tr.append(text('td', served, { 'data-field': 'served', 'data-ms': p.servedAt ? p.servedAt - c.issuedAt : null,
        'data-cache': p.servedCache }));
      tr.append(text('td', p.staleAnswers, { class: 'num', 'data-field': 'stale' }));
      body.append(tr);
    });
    table.append(body);
    article.replaceChildren(h, meta, chart(c), table);
  }

  // A lane per region: circles where it applied, diamonds where a reader first got the new version.
  function chart(c) {
    const regions = Object.entries(c.regions);
    const times = [];
    regions.forEach(([, p]) => { if (p.appliedAt) times.push(p.appliedAt - c.issuedAt); if (p.servedAt) times.push(p.servedAt - c.issuedAt); });
    if (c.publishedAt) times.push(c.publishedAt - c.issuedAt);
    const span = Math.max(1000, ...times.map((t) => t * 1.1));
    const W = 720, left = 90, lane = 16, H = regions.length * lane + 22;
    const x = (t) => left + Math.max(0, t) / span * (W - left - 10);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('aria-hidden', 'true');
    const add = (tag, attrs, content) => {
      const el = document.createElementNS(SVG, tag);
      Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
      if (content !== undefined) el.textContent = content;
      svg.append(el);
      return el;
    };
    regions.forEach(([region, p], i) => {
      const y = 10 + i * lane;
      add('text', { x: 0, y: y + 4, 'font-size': 11, fill: '#57606a' }, region);
      add('line', { x1: left, x2: W - 10, y1: y, y2: y, stroke: '#d0d7de' });
      if (p.appliedAt) add('circle', { cx: x(p.appliedAt - c.issuedAt), cy: y, r: 5, fill: '#0969da' });
      if (p.servedAt) {
        const sx = x(p.servedAt - c.issuedAt);
        add('rect', { x: sx - 4, y: y - 4, width: 8, height: 8, fill: '#1a7f37', transform: 'rotate(45 ' + sx + ' ' + y + ')' });
      }
    });
    const axis = 10 + regions.length * lane;
    add('line', { x1: left, x2: left, y1: 2, y2: axis, stroke: '#1b1f24' });
    if (c.publishedAt) add('line', { x1: x(c.publishedAt - c.issuedAt), x2: x(c.publishedAt - c.issuedAt), y1: 2, y2: axis, stroke: '#8250df', 'stroke-dasharray': '3 2' });
    for (let t = 0; t <= span; t += span > 5000 ? 1000 : span > 2000 ? 500 : 200) {
      add('text', { x: x(t), y: axis + 10, 'font-size': 9, fill: '#57606a', 'text-anchor': 'middle' }, t + ' ms');
    }
    return svg;
  }

  // ---- forms --------------------------------------------------------------------------------------------------
  const list = (v) => v.split(',').map((s) => s.trim()).filter((s) => s.length);
  async function send(form, method, url, token, body, ok) {
    const out = form.querySelector('output');
    out.className = '';
    out.textContent = 'Sending…';
    try {
      const response = await fetch(url, {
        method, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        out.className = 'error';
        out.textContent = response.status + ' ' + (answer.title || '') + ': ' + (answer.detail || '');
        return;
      }
      out.textContent = ok(answer);
    } catch (e) {
      out.className = 'error';
      out.textContent = 'Failed: ' + e.message;
    }
  }

  // ---- last lab runs -------------------------------------------------------------------------------------------
  const runsList = document.getElementById('runs');
  async function loadRuns() {
    try {
      const answer = await fetch('api/runs', { cache: 'no-store' });
      const body = await answer.json();
      document.getElementById('runs-dir').textContent = body.dir;
      if (!body.runs.length) {
        runsList.replaceChildren(text('p', 'No runs yet: run ./edgesync demo, load or compare.', { class: 'legend' }));
        return;
      }
      runsList.replaceChildren(...body.runs.map((run) => {
        const details = text('details', null, { class: 'run', 'data-kind': run.kind, 'data-name': run.name });
        details.append(text('summary', run.kind + ' · ' + new Date(run.createdAt).toLocaleString() + ' · ' + run.name));
        // the page is loaded only when opened, in a frame that runs no script (the origin also sends CSP sandbox)
        details.addEventListener('toggle', () => {
          if (details.open && !details.querySelector('iframe')) {
            details.append(text('iframe', null, { src: 'api/runs/' + encodeURIComponent(run.name), sandbox: '',
              title: run.kind + ' run ' + run.name, loading: 'lazy' }));
          }
        });
        return details;
      }));
    } catch (e) {
      runsList.replaceChildren(text('p', 'Could not list the lab runs: ' + e.message, { class: 'error' }));
    }
  }
  document.getElementById('runs-refresh').addEventListener('click', loadRuns);
  loadRuns();

  document.getElementById('edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const id = f.id.value.trim();
    const body = { title: f.title.value, tags: list(f.tags.value) };
    if (f.body.value || !id) body.body = f.body.value;
    if (!id) body.slug = (f.title.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'item').slice(0, 200);
    send(e.target, id ? 'PUT' : 'POST', id ? '/api/content/' + encodeURIComponent(id) : '/api/content', f.token.value, body,
      (item) => 'Saved item ' + item.id + ' at version ' + item.version);
  });

  document.getElementById('purge-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    send(e.target, 'POST', '/api/purge', f.token.value,
      { keys: list(f.keys.value), tags: list(f.tags.value), prefixes: list(f.prefixes.value), mode: f.mode.value },
      (purge) => 'Purge ' + purge.id + ' accepted');
  });

  document.getElementById('region-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const body = {};
    if (f.strategy.value) body.strategy = f.strategy.value;
    if (f.delayMs.value.trim()) body.delayMs = Number(f.delayMs.value);
    send(e.target, 'PUT', 'api/regions/' + encodeURIComponent(f.region.value), f.token.value, body,
      (r) => r.region + ' now ' + r.strategy + ', delay ' + r.delayMs + ' ms');
  });

  connect();
}());
