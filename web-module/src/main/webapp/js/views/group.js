// One consumer group: members, committed offsets and lag per partition, lag over time; admins
// may reset its offsets (while it has no members) or delete it.
import { api, path } from '../api.js';
import { html, render, count } from '../html.js';
import { Series, sparkline } from '../charts.js';

export function mount(main, { params: [id], user, announce }) {
  const groupPath = path`api/v1/groups/${id}`;
  const lag = new Series();
  render(main, html`<p><a href="#/groups">Consumer groups</a> /</p><h1>${id}</h1>
    <section id="group-summary" class="tiles"></section>
    <section id="lag-chart" class="charts"></section>
    <h2>Offsets</h2><section id="offsets"></section>
    <h2>Members</h2><section id="members"></section>
    ${user.admin ? html`<h2>Change</h2>
      <form id="reset-offsets" class="toolbar">
        <label>Reset offsets to <select name="to">
          <option value="earliest">earliest</option><option value="latest">latest</option>
          <option value="timestamp">time</option><option value="offset">offset</option></select></label>
        <label>Time <input name="timestamp" type="datetime-local" step="1"></label>
        <label>Offset <input name="offset" type="number" min="0"></label>
        <button class="primary" type="submit">Reset</button>
        <button id="delete-group" type="button" class="danger">Delete group</button>
      </form>` : ''}`);

  main.querySelector('#reset-offsets')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const body = { to: data.get('to') };
    if (body.to === 'timestamp') body.timestamp = new Date(data.get('timestamp')).getTime();
    if (body.to === 'offset') body.offset = Number(data.get('offset'));
    try {
      await api(`${groupPath}/offsets/reset`, { method: 'POST', body });
      announce('Offsets reset', 'info');
      await page.refreshNow();
    } catch (error) {
      announce(error.message);
    }
  });
  main.querySelector('#delete-group')?.addEventListener('click', async () => {
    if (!confirm(`Delete consumer group ${id} and its committed offsets?`)) return;
    try {
      await api(groupPath, { method: 'DELETE' });
      location.hash = '#/groups';
    } catch (error) {
      announce(error.message);
    }
  });

  const page = {
    async refresh() {
      const group = await api(groupPath);
      lag.add(group.totalLag);
      render(main.querySelector('#group-summary'), html`
        <div class="tile"><span>State</span><strong>${group.state}</strong></div>
        <div class="tile"><span>Protocol</span><strong>${group.protocol || '–'}</strong></div>
        <div class="tile"><span>Members</span><strong>${count(group.members.length)}</strong></div>
        <div class="tile ${group.totalLag > 0 ? 'alarm' : ''}"><span>Total lag</span><strong id="total-lag">${count(group.totalLag)}</strong></div>`);
      render(main.querySelector('#lag-chart'), sparkline(lag, { label: 'Lag', width: 480, format: (v) => count(v) }));
      render(main.querySelector('#offsets'), html`<table id="offset-table"><thead><tr><th>Topic</th><th>Partition</th>
          <th>Committed</th><th>End</th><th>Lag</th></tr></thead>
        <tbody>${group.offsets.map((o) => html`<tr><td><a href="#/topics/${encodeURIComponent(o.topic)}">${o.topic}</a></td>
          <td>${o.partition}</td><td>${count(o.committedOffset)}</td><td>${count(o.logEndOffset)}</td>
          <td class="lag">${count(o.lag)}</td></tr>`)}</tbody></table>`);
      render(main.querySelector('#members'), group.members.length === 0 ? html`<p class="muted">No members.</p>`
        : html`<table><thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assignment</th></tr></thead>
          <tbody>${group.members.map((m) => html`<tr><td>${m.memberId}</td><td>${m.clientId}</td><td>${m.host}</td>
            <td>${m.assignments.map((a) => `${a.topic}-${a.partition}`).join(', ')}</td></tr>`)}</tbody></table>`);
    },
  };
  return page;
}
