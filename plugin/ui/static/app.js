// aish ui: the page. Plain DOM, no framework (two views and a few dialogs do not need one).

const $ = (sel) => document.querySelector(sel);
// The token comes in the URL's fragment (`#token=...`), which the browser never sends to a server. It
// is kept in memory and in this tab's sessionStorage (this origin only: another port of 127.0.0.1
// cannot read it, unlike a cookie, which browsers send to every port), and it leaves the address bar.
const token = (() => {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  const fromUrl = m ? decodeURIComponent(m[1]) : '';
  if (m) history.replaceState(null, '', location.pathname + location.search);
  // Storage may be refused (a framed page with third-party storage blocked): memory alone then.
  try {
    if (fromUrl) sessionStorage.setItem('aish-token', fromUrl);
    return fromUrl || sessionStorage.getItem('aish-token') || '';
  } catch {
    return fromUrl;
  }
})();
const state = { selected: null, detail: null, job: null, jobCard: null, engineUp: true, reloadTimer: null };

function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat())
    if (kid !== null && kid !== undefined && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
  return el;
}

// replaceChildren would print a null child as "null": leave the absent ones out.
function fill(el, ...kids) {
  el.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
}

async function api(path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers['x-aish-token'] = token;
  const res = await fetch(
    path,
    body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) },
  );
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

// --- banner and live stream --------------------------------------------------------------
function banner(text) {
  const b = $('#banner');
  b.hidden = !text;
  b.textContent = text || '';
}
function setEngine(e) {
  const back = e.up && !state.engineUp;
  state.engineUp = e.up;
  banner(
    e.up ? '' : `The Docker engine is not answering (${e.error || 'no reason given'}). Waiting for it to come back…`,
  );
  // Only a return reloads (a reload reports the engine's state too: reloading on every 'up' would loop).
  if (back) scheduleReload();
}

async function listen() {
  let delay = 500;
  for (;;) {
    try {
      // A stream is opened without headers: it takes a single-use ticket the token buys.
      const { ticket } = await api('/api/events/ticket', {});
      const res = await fetch(`/api/events?ticket=${encodeURIComponent(ticket)}`);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      $('#live').textContent = 'live';
      delay = 500;
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) onEvent(event, JSON.parse(data));
        }
      }
    } catch {
      /* reconnect below */
    }
    $('#live').textContent = 'reconnecting…';
    banner('Lost the connection to aish ui; reconnecting…');
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10000);
  }
}

function onEvent(event, data) {
  if (event === 'hello') {
    banner('');
    setEngine(data.engine);
    scheduleReload();
  } else if (event === 'engine') setEngine(data);
  else if (event === 'job') onJob(data);
  else if (event === 'probe') onProbe(data);
  else if (event === 'monitor' || event === 'removed' || event === 'audit') scheduleReload();
}

// One reload of the list (and the open container) per burst of events: no polling storm.
function scheduleReload() {
  clearTimeout(state.reloadTimer);
  state.reloadTimer = setTimeout(() => {
    loadContainers();
    if (state.selected) loadDetail(state.selected, true);
  }, 250);
}

// --- Projects -----------------------------------------------------------------------------
async function loadProjects() {
  const root = $('#projects');
  try {
    const { projects } = await api('/api/projects');
    fill(
      root,
      ...(projects.length
        ? projects.map(projectCard)
        : [
            h(
              'p',
              { class: 'ergon__muted' },
              "No projects yet: TektonCore's projects.json has none (is TEKTON_ROOT set?). Add a folder above.",
            ),
          ]),
    );
  } catch (err) {
    fill(root, h('p', { class: 'tekton__form-error' }, err.message));
  }
}

function projectCard(p) {
  const d = p.docker || {};
  return h(
    'article',
    { class: 'tekton__card', 'data-tekton-project': p.id, 'aria-label': `Project ${p.name}` },
    h('h3', {}, p.name, ' ', h('span', { class: 'tekton__badge' }, p.source === 'tekton' ? 'TektonCore' : 'folder')),
    h('div', { class: 'tekton__card-dir' }, p.dir || '(no local directory)'),
    d.images
      ? h('div', { class: 'tekton__card-meta' }, `built: ${d.images.join(', ')}`)
      : d.dockerfile
        ? h('div', { class: 'tekton__card-meta' }, 'Dockerfile saved')
        : null,
    h(
      'div',
      { class: 'tekton__card-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'tekton__btn tekton__btn--accent',
          'data-tekton-action': 'docker',
          'aria-label': `Docker for ${p.name}`,
          disabled: !p.dir,
          onclick: () => openDocker(p),
        },
        '🐳 Docker',
      ),
    ),
  );
}

async function openDocker(card) {
  state.jobCard = card;
  state.job = null;
  const modal = $('#docker-modal');
  $('#docker-modal-h').textContent = `🐳 Docker: ${card.name}`;
  fill($('#docker-body'), h('p', { class: 'ergon__muted' }, 'Reading the project…'));
  $('#docker-progress').hidden = true;
  fill($('#docker-steps'));
  $('#docker-log').textContent = '';
  result('');
  modal.showModal();
  try {
    const { plan } = await api(`/api/projects/${encodeURIComponent(card.id)}/plan`);
    fill(
      $('#docker-body'),
      h(
        'table',
        { class: 'tekton__plan', 'aria-label': 'Plan' },
        h(
          'tbody',
          {},
          plan.decisions.map((d) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, d.what),
              h('td', {}, h('strong', {}, d.value), d.reason ? h('div', { class: 'tekton__reason' }, d.reason) : null),
            ),
          ),
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, 'services'),
            h(
              'td',
              {},
              plan.services.length
                ? h(
                    'ul',
                    {},
                    plan.services.map((s) =>
                      h(
                        'li',
                        {},
                        h('strong', {}, s.name),
                        ` ${s.type}${s.port ? ` :${s.port}` : ''}`,
                        s.reason ? h('div', { class: 'tekton__reason' }, s.reason) : null,
                      ),
                    ),
                  )
                : '(none)',
            ),
          ),
        ),
      ),
      plan.warnings.length
        ? h(
            'ul',
            { class: 'tekton__warn' },
            plan.warnings.map((w) => h('li', {}, w)),
          )
        : null,
      h(
        'h3',
        { class: 'ergon__h3' },
        plan.dockerfile.path,
        plan.dockerfile.userDockerfile ? ' (yours; the CI stage is appended when building)' : '',
      ),
      h(
        'pre',
        { class: 'tekton__dockerfile', id: 'dockerfile', tabindex: 0, 'aria-label': 'Generated Dockerfile' },
        plan.dockerfile.content,
      ),
    );
  } catch (err) {
    fill($('#docker-body'), h('p', { class: 'tekton__result--error' }, err.message));
  }
}

function result(text, error) {
  const r = $('#docker-result');
  r.textContent = text;
  r.className = `tekton__result${error ? ' tekton__result--error' : ''}`;
}

$('#docker-modal').addEventListener('click', async (e) => {
  const act = e.target.closest('button')?.dataset.act;
  if (!act) return;
  if (act === 'close') return $('#docker-modal').close();
  const card = state.jobCard;
  if (act === 'save') {
    try {
      const r = await withConfirm(api(`/api/projects/${encodeURIComponent(card.id)}/save`, {}));
      result(
        `Saved in ${r.root}: wrote ${r.written.join(', ') || 'nothing new'}${r.kept.length ? `; kept yours: ${r.kept.join(', ')}` : ''}`,
      );
      loadProjects();
    } catch (err) {
      result(err.message, true);
    }
    return;
  }
  $('#docker-progress').hidden = false;
  fill($('#docker-steps'));
  $('#docker-log').textContent = '';
  result(act === 'send' ? 'Building and registering with Ergon…' : 'Building…');
  setModalBusy(true);
  try {
    state.job = (await api(`/api/projects/${encodeURIComponent(card.id)}/${act}`, {})).job;
  } catch (err) {
    result(err.message, true);
    setModalBusy(false);
  }
});

function builtText(r) {
  const image = (i) => (typeof i === 'string' ? i : `${i.image} (${i.built} steps built, ${i.cached} cached)`);
  const reg = r.registered;
  const ergon =
    reg && (reg.ergon ? 'took it' : `not reachable at ${reg.ergonUrl} (it reads builds.json when it starts)`);
  const registered = reg ? `. Registered in ${reg.builds}; Ergon ${ergon}` : '';
  return `Built ${r.images.map(image).join(', ')}${registered}. See the Containers tab to run it.`;
}

function setModalBusy(busy) {
  for (const b of document.querySelectorAll('#docker-modal [data-act]'))
    if (b.dataset.act !== 'close') b.disabled = busy;
}

function onJob(e) {
  if (e.job !== state.job) return;
  if (e.kind === 'step') {
    let li = [...$('#docker-steps').children].find((x) => x.dataset.name === e.name);
    if (!li) {
      li = h('li', { 'data-name': e.name });
      $('#docker-steps').append(li);
    }
    li.dataset.state = e.state;
    li.textContent = `${e.name} — ${e.state}`;
    li.scrollIntoView({ block: 'nearest' });
  } else if (e.kind === 'log') {
    const log = $('#docker-log');
    log.textContent += e.text;
    log.scrollTop = log.scrollHeight;
  } else if (e.kind === 'done') {
    setModalBusy(false);
    const r = e.result;
    if (r.images) result(builtText(r));
    scheduleReload();
    loadProjects();
  } else if (e.kind === 'failed') {
    setModalBusy(false);
    result(`Build failed${e.step ? ` at step: ${e.step}` : ''}: ${e.error}`, true);
    $('#docker-log').textContent += `\n--- failing step output ---\n${e.tail.join('\n')}\n`;
  }
}

$('#add-folder').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('#folder-error').textContent = '';
  try {
    await api('/api/folders', { path: $('#folder-path').value.trim() });
    $('#folder-path').value = '';
    loadProjects();
  } catch (err) {
    $('#folder-error').textContent = err.message;
  }
});

// --- confirmations: the CI's (or the CLI's) question, answered here -----------------------
async function withConfirm(promise) {
  let r = await promise;
  while (r.question) {
    const answer = await askUser(r.question);
    r = await api(`/api/confirm/${encodeURIComponent(r.question.id)}`, answer);
  }
  return r.done;
}

function askUser(q) {
  return new Promise((resolve) => {
    const modal = $('#confirm-modal');
    $('#confirm-msg').textContent = q.message;
    $('#confirm-typed').hidden = q.kind !== 'typed';
    $('#confirm-input').value = '';
    if (q.kind === 'typed') $('#confirm-input-label').textContent = `Type '${q.target}' to go ahead`;
    modal.returnValue = '';
    modal.addEventListener(
      'close',
      () => {
        const yes = modal.returnValue === 'yes';
        resolve(q.kind === 'typed' ? { typed: yes ? $('#confirm-input').value : '' } : { answer: yes });
      },
      { once: true },
    );
    modal.showModal();
    (q.kind === 'typed' ? $('#confirm-input') : $('#confirm-no')).focus();
  });
}

// --- Containers ---------------------------------------------------------------------------
async function loadContainers() {
  const root = $('#containers');
  try {
    const { containers, engine } = await api('/api/containers');
    setEngine(engine);
    keepFocus(root, () =>
      fill(
        root,
        containers.length
          ? containers.map(containerCard)
          : [h('li', { class: 'ergon__muted' }, 'No containers with a CI yet: build one from Projects.')],
      ),
    );
  } catch (err) {
    fill(root, h('li', { class: 'tekton__form-error' }, err.message));
  }
}

function containerCard(c) {
  const btn = h('button', {
    type: 'button',
    class: 'ergon__container-card',
    'data-tekton-container': c.name,
    onclick: () => select(c.name),
  });
  updateCard(btn, c);
  return h('li', {}, btn);
}

// In place, so a card that has the keyboard focus keeps it when a probe arrives.
function updateCard(btn, c) {
  btn.dataset.state = c.state;
  btn.dataset.health = c.health;
  btn.setAttribute('aria-current', state.selected === c.name ? 'true' : 'false');
  fill(
    btn,
    h('span', { class: 'ergon__card-name' }, c.name),
    h(
      'span',
      { class: 'ergon__card-sub' },
      [
        c.state,
        c.memory_bytes ? mb(c.memory_bytes) : null,
        typeof c.cpu_percent === 'number' ? `${c.cpu_percent.toFixed(1)}% CPU` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    c.ci ? h('span', { class: 'ergon__ci-badge', title: 'container CI' }, c.ci) : null,
    ' ',
    c.ci ? h('span', { class: 'ergon__health', 'data-health': c.health }, c.health) : null,
    c.reason && c.ci ? h('span', { class: 'ergon__reason' }, c.reason) : null,
  );
}

// Re-rendering replaces elements: give the focus back to the same control afterwards.
function keepFocus(root, render) {
  const el = document.activeElement;
  const key =
    el && root.contains(el)
      ? el.dataset.action || el.dataset.tektonContainer || el.getAttribute('aria-label') || el.textContent
      : null;
  render();
  if (!key) return;
  const again = [...root.querySelectorAll('button, input, [tabindex]')].find(
    (x) => (x.dataset.action || x.dataset.tektonContainer || x.getAttribute('aria-label') || x.textContent) === key,
  );
  if (again) again.focus();
}

function mb(bytes) {
  return bytes === null || bytes === undefined ? '-' : `${(bytes / 1048576).toFixed(1)} MB`;
}

async function select(name) {
  if (state.selected !== name) fill($('#chat-log'));
  state.selected = name;
  for (const b of document.querySelectorAll('.ergon__container-card'))
    b.setAttribute('aria-current', b.dataset.tektonContainer === name ? 'true' : 'false');
  await loadDetail(name, false);
  notifyParent({ event: 'selected', container: name });
}

async function loadDetail(name, quiet) {
  const root = $('#details');
  if (!quiet)
    fill(
      root,
      h('h2', { class: 'ergon__h', id: 'details-h' }, name),
      h('p', { class: 'ergon__muted' }, 'Asking its CI…'),
    );
  try {
    const d = await api(`/api/containers/${encodeURIComponent(name)}`);
    if (state.selected !== name) return;
    state.detail = d;
    keepFocus($('#details'), () => renderDetail(d));
  } catch (err) {
    fill(
      root,
      h('h2', { class: 'ergon__h', id: 'details-h' }, name),
      h('p', { class: 'tekton__form-error' }, err.message),
    );
  }
}

function renderDetail(d) {
  const running = d.entry && d.entry.state === 'running';
  $('#chat-input').disabled = !running;
  $('#chat-send').disabled = !running;
  const act = (a, label, extra = {}) =>
    h(
      'button',
      { type: 'button', class: 'tekton__btn', 'data-action': a, onclick: () => action(d.name, a), ...extra },
      label,
    );
  const s = d.status;
  fill(
    $('#details'),
    h(
      'h2',
      { class: 'ergon__h', id: 'details-h' },
      d.name,
      ' ',
      d.entry ? h('span', { class: 'ergon__ci-badge' }, d.entry.ci_name) : null,
    ),
    h(
      'p',
      { class: 'ergon__muted' },
      d.entry
        ? `${d.entry.image} · ${d.entry.state}${d.entry.ports.length ? ` · ${d.entry.ports.join(', ')}` : ''}`
        : `built image ${d.build.image}, not running`,
    ),
    h(
      'div',
      { class: 'ergon__action-grid', role: 'group', 'aria-label': 'Container actions' },
      act('build', '🔨 Build', { disabled: !(d.build && d.build.location) }),
      act('run', '▶ Run', { disabled: running }),
      act('stop', '■ Stop', { disabled: !running }),
      act('restart', '↻ Restart', { disabled: !d.entry }),
      act('export', '⇪ Export'),
    ),
    d.statusError ? h('p', { class: 'ergon__reason', role: 'status' }, `CI not answering: ${d.statusError}`) : null,
    h('h3', { class: 'ergon__h3' }, 'Services'),
    s
      ? h(
          'table',
          { class: 'ergon__table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Service', 'State', 'Health', 'Memory', 'CPU', 'Restarts'].map((x) => h('th', { scope: 'col' }, x)),
            ),
          ),
          h(
            'tbody',
            {},
            s.services.map((v) =>
              h(
                'tr',
                {},
                h('td', {}, `${v.name} (${v.label})`),
                h('td', {}, v.state),
                h('td', {}, h('span', { class: 'ergon__health', 'data-health': v.health }, v.health)),
                h('td', {}, mb(v.memory_bytes)),
                h('td', {}, v.cpu_percent === null ? '-' : `${v.cpu_percent.toFixed(1)}%`),
                h('td', {}, v.restarts),
              ),
            ),
          ),
        )
      : h('p', { class: 'ergon__muted' }, 'No status.'),
    h('div', { class: 'ergon__charts', id: 'charts' }, charts(d.series)),
    h('h3', { class: 'ergon__h3' }, 'Anomalies'),
    d.anomalies === null
      ? h('p', { class: 'ergon__muted' }, 'This CI does not report anomalies in its status.')
      : d.anomalies.length
        ? h(
            'ul',
            {},
            d.anomalies.map((a) =>
              h('li', { class: 'tekton__warn' }, `${a.service}: ${a.text}${a.suggest ? ` (try: ${a.suggest})` : ''}`),
            ),
          )
        : h('p', { class: 'ergon__muted' }, 'None flagged.'),
    h('h3', { class: 'ergon__h3' }, 'Lifecycle'),
    h(
      'ol',
      { class: 'ergon__timeline', id: 'timeline', 'aria-label': 'Lifecycle timeline' },
      d.timeline.map((t) =>
        h(
          'li',
          { 'data-action': t.action },
          h('time', { datetime: t.at }, new Date(t.at).toLocaleTimeString()),
          t.action,
          t.detail ? ` (${t.detail})` : '',
        ),
      ),
    ),
    h('h3', { class: 'ergon__h3' }, 'Recipes'),
    d.recipes.length
      ? h(
          'div',
          {},
          d.recipes.map((r) =>
            h(
              'div',
              { class: 'ergon__recipe' },
              h('span', {}, h('strong', {}, r.name), ' ', r.description),
              h('span', { class: 'ergon__risk', 'data-risk': r.risk, style: null }, r.risk),
              h(
                'button',
                {
                  type: 'button',
                  class: 'tekton__btn',
                  onclick: () => recipe(d.name, r.name, true),
                  'aria-label': `Dry run ${r.name}`,
                },
                'Dry run',
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'tekton__btn',
                  onclick: () => recipe(d.name, r.name, false),
                  'aria-label': `Run ${r.name}`,
                },
                'Run',
              ),
            ),
          ),
        )
      : h('p', { class: 'ergon__muted' }, 'No recipes (CI not running).'),
    h('h3', { class: 'ergon__h3' }, 'Audit log'),
    h(
      'ul',
      { class: 'ergon__audit', id: 'audit' },
      [
        ...d.audit.map((e) => ({
          at: e.at,
          text: `${e.sender} ${e.recipe}${e.dry_run ? ' (dry run)' : ''} ${e.outcome || (e.ok ? 'done' : 'failed')}: ${e.summary}`,
        })),
        ...d.hostAudit.map((e) => ({ at: e.at, text: `${e.sender} ${e.action}: ${e.outcome}` })),
      ]
        .sort((a, b) => a.at.localeCompare(b.at))
        .slice(-40)
        .map((e) => h('li', {}, h('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()), ' ', e.text)),
    ),
  );
}

function charts(series) {
  const mem = series.map((p) => (p.memory_bytes === null ? null : p.memory_bytes / 1048576));
  const cpu = series.map((p) => p.cpu_percent);
  return [chart('Memory (MB)', mem, 'var(--ergon-blue)'), chart('CPU (%)', cpu, 'var(--ergon-orange)')];
}

function chart(label, values, color) {
  const vals = values.filter((v) => v !== null);
  const max = Math.max(1, ...vals);
  const n = Math.max(values.length - 1, 1);
  const pts = values
    .map((v, i) => (v === null ? null : `${(i / n) * 100},${58 - (v / max) * 54}`))
    .filter(Boolean)
    .join(' ');
  const last = vals.length ? vals[vals.length - 1].toFixed(1) : '-';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 100 60');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${label}: ${vals.length} samples, latest ${last}`);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', pts);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', color);
  line.setAttribute('stroke-width', '1.5');
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(line);
  return h(
    'figure',
    { class: 'ergon__chart' },
    h('figcaption', {}, `${label} · now ${last} · max ${vals.length ? max.toFixed(1) : '-'}`),
    svg,
  );
}

function onProbe(e) {
  // The probe carries what the card shows: update it in place, no request.
  const btn = [...document.querySelectorAll('.ergon__container-card')].find(
    (b) => b.dataset.tektonContainer === e.container,
  );
  const p = e.probe;
  if (btn)
    updateCard(btn, {
      name: e.container,
      ci: e.ci,
      state: e.state,
      health: p.health,
      reason: p.reachable ? null : p.error,
      memory_bytes: p.memory_bytes,
      cpu_percent: p.cpu_percent,
    });
  else scheduleListOnly();
  if (!state.detail || state.detail.name !== e.container) return;
  state.detail.series.push(e.point);
  if (state.detail.series.length > 120) state.detail.series.shift();
  const c = $('#charts');
  if (c) fill(c, charts(state.detail.series));
}
let listTimer = null;
function scheduleListOnly() {
  clearTimeout(listTimer);
  listTimer = setTimeout(loadContainers, 300);
}

async function action(name, a) {
  try {
    const r = await withConfirmOrJob(api(`/api/containers/${encodeURIComponent(name)}/${a}`, {}));
    if (r && r.yaml) {
      $('#text-h').textContent = r.text;
      $('#text-body').textContent = r.yaml;
      $('#text-modal').showModal();
    } else if (r && r.text) say('ci', r.text);
  } catch (err) {
    say('error', err.message);
  }
  scheduleReload();
}

async function withConfirmOrJob(p) {
  const r = await p;
  if (r.job) {
    state.jobCard = null;
    state.job = r.job;
    $('#docker-modal-h').textContent = `🔨 Build: ${state.selected}`;
    fill($('#docker-body'));
    $('#docker-progress').hidden = false;
    fill($('#docker-steps'));
    $('#docker-log').textContent = '';
    result('Building…');
    setModalBusy(true);
    $('#docker-modal').showModal();
    return null;
  }
  return withConfirm(Promise.resolve(r));
}

async function recipe(name, recipeName, dry) {
  say('me', `${dry ? 'dry run' : 'run'} ${recipeName}`);
  try {
    const r = await withConfirm(
      api(`/api/containers/${encodeURIComponent(name)}/recipes/${encodeURIComponent(recipeName)}`, { dry_run: dry }),
    );
    say(r.failed ? 'error' : 'ci', r.text);
  } catch (err) {
    say('error', err.message);
  }
  scheduleReload();
}

function say(who, text) {
  const log = $('#chat-log');
  log.append(
    h(
      'div',
      { class: `ergon__msg ergon__msg--${who === 'me' ? 'me' : 'ci'}${who === 'error' ? ' ergon__msg--error' : ''}` },
      text.trimEnd(),
    ),
  );
  log.scrollTop = log.scrollHeight;
}

$('#chat-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('#chat-input').value.trim();
  if (!text || !state.selected) return;
  $('#chat-input').value = '';
  say('me', text);
  try {
    const r = await withConfirm(api(`/api/containers/${encodeURIComponent(state.selected)}/chat`, { text }));
    say(r.failed ? 'error' : 'ci', r.text);
  } catch (err) {
    say('error', err.message);
  }
  scheduleReload();
});
$('#text-close').addEventListener('click', () => $('#text-modal').close());

// --- inside Ergon: the Construct-tab way (postMessage with the parent) ---------------------
// Only to the page that frames us (CSP frame-ancestors limits that to Hephaestus).
function notifyParent(msg) {
  const parent = location.ancestorOrigins && location.ancestorOrigins[0];
  if (window.parent !== window && parent) window.parent.postMessage({ type: 'containers-to-ergon', ...msg }, parent);
}
window.addEventListener('message', (e) => {
  if (e.source !== window.parent || !e.data || e.data.type !== 'ergon-to-containers') return;
  if (e.data.action === 'select' && typeof e.data.container === 'string') {
    $('#tekton-tab-containers').checked = true;
    select(e.data.container);
  }
  if (e.data.action === 'tab' && (e.data.tab === 'projects' || e.data.tab === 'containers'))
    $(`#tekton-tab-${e.data.tab}`).checked = true;
});

loadProjects();
loadContainers();
listen();
notifyParent({ event: 'ready' });
