// Every consumer group with its state and how far behind it is.
import { api } from '../api.js';
import { html, render, count } from '../html.js';

export function mount(main) {
  render(main, html`<h1>Consumer groups</h1><section id="groups"></section>`);
  return {
    async refresh() {
      const groups = await api('api/v1/groups');
      render(main.querySelector('#groups'), html`<table id="group-table"><thead><tr>
          <th>Group</th><th>State</th><th>Members</th><th>Lag</th></tr></thead>
        <tbody>${groups.map((g) => html`<tr data-group="${g.groupId}">
          <td><a href="#/groups/${encodeURIComponent(g.groupId)}">${g.groupId}</a></td><td>${g.state}</td>
          <td>${count(g.members)}</td><td class="lag">${count(g.totalLag)}</td></tr>`)}</tbody></table>
        ${groups.length === 0 ? html`<p class="muted">No consumer groups.</p>` : ''}`);
    },
  };
}
