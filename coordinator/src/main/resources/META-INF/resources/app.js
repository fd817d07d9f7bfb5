// The status page. A file of its own, since the Content-Security-Policy allows no inline script (SecurityHeaders).
// Its writes (cancel, retry, rerun) send Content-Type: application/json, as the API refuses any other type on a
// write (JsonOnlyWrites): a cross-origin page could send the others without asking first. It shows only the
// buttons the caller's role allows (api/me); the API checks each call anyway.
// Everything from the API is inserted with textContent, never as HTML. Each refresh asks for one page of jobs
// and, when a job is open, one page of its tasks: what is on screen, never a whole job.
const JOBS_PAGE = 25, TASKS_PAGE = 100;
let jobsOffset = 0, selected = null, stateFilter = '', tasksOffset = 0, selectedJob = null, me = { may: [] };
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; };
const fmt = n => Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 });
function bar(t) {
  const b = el('div', null, 'bar');
  for (const [k, cls] of [['success', 'b-success'], ['progress', 'b-progress'], ['failed', 'b-failed'], ['pending', 'b-pending']]) {
    const s = el('span', null, cls); s.style.width = (t.total ? 100 * t[k] / t.total : 0) + '%'; s.title = k + ': ' + t[k]; b.append(s);
  }
  return b;
}
function pager(box, offset, page, total, go) {
  box.replaceChildren();
  const first = total === 0 ? 0 : offset + 1, last = Math.min(offset + page, total);
  box.append(el('span', total === 0 ? 'none' : `${fmt(first)}–${fmt(last)} of ${fmt(total)}`, 'muted'));
  if (offset > 0) { const a = el('a', '‹ previous'); a.onclick = () => go(Math.max(0, offset - page)); box.append(a); }
  if (offset + page < total) { const a = el('a', 'next ›'); a.onclick = () => go(offset + page); box.append(a); }
}
async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.status);
  return { body, total: Number(response.headers.get('X-Total-Count') || 0) };
}
// What each button does, and on which jobs it is offered.
const ACTIONS = [
  { name: 'cancel', offered: j => j.state === 'RUNNING' },
  { name: 'retry', offered: j => (j.state === 'FAILED' || j.state === 'CANCELLED') && j.tasks.failed > 0, label: 'retry failed' },
  { name: 'rerun', offered: j => j.state === 'SUCCEEDED' || j.state === 'FAILED' || j.state === 'CANCELLED' },
];
async function act(action, job) {
  if (!confirm(`${action} job ${job.id}?`)) return;
  const message = document.getElementById('message');
  try {
    const response = await fetch(`api/jobs/${encodeURIComponent(job.id)}/${action}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    const body = await response.json().catch(() => ({}));
    message.className = response.ok ? 'ok' : 'error';
    message.textContent = response.ok ? `${action} job ${job.id}: done` + (body.id && body.id !== job.id ? `, new job ${body.id}` : '')
      : `${action} job ${job.id} refused (${response.status}): ${body.error || ''}`;
  } catch (e) {
    message.className = 'error';
    message.textContent = `${action} job ${job.id}: coordinator unreachable: ${e.message}`;
  }
  refresh();
}
async function whoAmI() {
  try {
    me = (await getJson('api/me')).body;
    document.getElementById('me').textContent = `${me.name} (${me.role})`;
  } catch (e) {
    document.getElementById('me').textContent = e.message;
  }
}
async function refresh() {
  try {
    const { body: jobs, total } = await getJson(`api/jobs?offset=${jobsOffset}&limit=${JOBS_PAGE}`);
    pager(document.getElementById('jobs-pager'), jobsOffset, JOBS_PAGE, total, o => { jobsOffset = o; refresh(); });
    const rows = document.getElementById('jobs');
    rows.replaceChildren();
    for (const j of jobs) {
      const tr = el('tr');
      const id = el('td'); const a = el('a', j.id); a.onclick = () => { selected = j.id; selectedJob = j; stateFilter = ''; tasksOffset = 0; loadTasks(); }; id.append(a); tr.append(id);
      tr.append(el('td', j.state, 'state ' + j.state));
      const t = el('td'); t.append(bar(j.tasks), el('div', `${fmt(j.tasks.success)} / ${fmt(j.tasks.progress)} / ${fmt(j.tasks.failed)} / ${fmt(j.tasks.pending)} of ${fmt(j.tasks.total)}`, 'muted'));
      const kinds = Object.entries(j.tasks.failedByKind || {}).map(([k, n]) => `${k} ${fmt(n)}`).join(', ');
      if (kinds) t.append(el('div', 'failed: ' + kinds, 'muted'));
      tr.append(t);
      tr.append(el('td', fmt(j.rowsWritten), 'num'));
      tr.append(el('td', fmt(j.rowsPerSecond), 'num'));
      tr.append(el('td', (j.bytesWritten / 1048576).toFixed(1), 'num'));
      tr.append(el('td', j.elapsedSeconds.toFixed(1) + ' s', 'num'));
      const tables = el('td'); for (const tb of j.tables) tables.append(el('div', tb.table + ' -> ' + (tb.location || ''))); tr.append(tables);
      tr.append(el('td', j.error, 'error'));
      const actions = el('td', null, 'actions');
      for (const a of ACTIONS) {
        if (me.may.includes(a.name) && a.offered(j)) {
          const b = el('button', a.label || a.name); b.dataset.action = a.name; b.onclick = () => act(a.name, j); actions.append(b);
        }
      }
      tr.append(actions);
      rows.append(tr);
      if (j.id === selected) selectedJob = j;
    }
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    if (selected) await loadTasks();
  } catch (e) {
    document.getElementById('updated').textContent = 'coordinator unreachable: ' + e.message;
  }
}
async function loadTasks() {
  const box = document.getElementById('tasks');
  let page;
  try {
    page = await getJson(`api/jobs/${encodeURIComponent(selected)}/tasks?offset=${tasksOffset}&limit=${TASKS_PAGE}` + (stateFilter ? '&state=' + stateFilter : ''));
  } catch (e) {
    box.replaceChildren(el('h2', 'tasks of ' + selected), el('div', e.message, 'error'));
    return;
  }
  box.replaceChildren(el('h2', 'tasks of ' + selected));
  const filters = el('div');
  const counts = selectedJob ? { '': selectedJob.tasks.total, PENDING: selectedJob.tasks.pending, PROGRESS: selectedJob.tasks.progress,
    SUCCESS: selectedJob.tasks.success, FAILED: selectedJob.tasks.failed } : {};
  for (const s of ['', 'PENDING', 'PROGRESS', 'SUCCESS', 'FAILED']) {
    const a = el('a', (s || 'all') + (counts[s] !== undefined ? ` (${fmt(counts[s])})` : ''), s === stateFilter ? 'on' : '');
    a.style.marginRight = '1em'; a.onclick = () => { stateFilter = s; tasksOffset = 0; loadTasks(); }; filters.append(a);
  }
  box.append(filters);
  const pages = el('div', null, 'pager');
  pager(pages, tasksOffset, TASKS_PAGE, page.total, o => { tasksOffset = o; loadTasks(); });
  box.append(pages);
  const table = el('table');
  const head = el('tr'); for (const h of ['task', 'ids', 'est. rows', 'state', 'attempt', 'worker', 'rows', 'MB', 'seconds', 'part', 'error']) head.append(el('th', h));
  table.append(head);
  for (const t of page.body) {
    const tr = el('tr');
    const split = t.splitFrom ? `split from ${t.splitFrom}` : t.splits ? `split ${t.splits}×` : '';
    tr.append(el('td', t.id + (split ? ` (${split})` : '')), el('td', `[${t.lo}, ${t.hi})`), el('td', t.estimatedRows == null ? '' : fmt(t.estimatedRows), 'num'), el('td', t.state, 'state ' + t.state), el('td', `${t.attempt} of ${t.maxAttempts}`),
      el('td', t.worker), el('td', fmt(t.rows), 'num'), el('td', (t.bytes / 1048576).toFixed(2), 'num'), el('td', (t.durationMillis / 1000).toFixed(1), 'num'),
      el('td', t.part), el('td', t.error ? (t.errorKind ? `[${t.errorKind}] ` : '') + t.error
        : t.lastError ? (t.lastErrorKind ? `[${t.lastErrorKind}] ` : '') + t.lastError : null, 'error'));
    table.append(tr);
  }
  box.append(table);
}
whoAmI().then(refresh);
setInterval(refresh, 2000);
