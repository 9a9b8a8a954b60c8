// All topics, searchable by name, and (for admins) a form to create one.
import { api, path } from '../api.js';
import { html, render, count } from '../html.js';

export function mount(main, { user, announce }) {
  render(main, html`<h1>Topics</h1>
    <div class="toolbar">
      <input id="topic-search" type="search" placeholder="Search topics" aria-label="Search topics">
      ${user.admin ? html`<button id="new-topic" class="primary">New topic</button>` : ''}
    </div>
    <form id="create-topic" class="card" hidden>
      <label>Name <input name="name" required pattern="[a-zA-Z0-9._-]+"></label>
      <label>Partitions <input name="partitions" type="number" min="1" value="1" required></label>
      <label>Replication factor <input name="replicationFactor" type="number" min="1" value="1" required></label>
      <label>Configs <textarea name="configs" rows="2" placeholder="retention.ms=86400000"></textarea></label>
      <button class="primary" type="submit">Create</button>
    </form>
    <section id="topics"></section>`);
  const search = main.querySelector('#topic-search');
  const form = main.querySelector('#create-topic');
  const page = {
    async refresh() {
      const topics = await api(path`api/v1/topics?search=${search.value.trim()}`);
      render(main.querySelector('#topics'), html`<table id="topic-table"><thead><tr>
          <th>Name</th><th>Partitions</th><th>Replication</th><th>Under-replicated</th></tr></thead>
        <tbody>${topics.map((t) => html`<tr data-topic="${t.name}">
          <td><a href="#/topics/${encodeURIComponent(t.name)}">${t.name}</a>${t.internal ? html` <span class="tag">internal</span>` : ''}</td>
          <td>${count(t.partitions)}</td><td>${t.replicationFactor}</td>
          <td class="${t.underReplicatedPartitions > 0 ? 'alarm' : ''}">${count(t.underReplicatedPartitions)}</td></tr>`)}
        </tbody></table>
        ${topics.length === 0 ? html`<p class="muted">No topics${search.value ? ' match' : ''}.</p>` : ''}`);
    },
  };
  let typing;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => page.refreshNow(), 250);
  });
  main.querySelector('#new-topic')?.addEventListener('click', () => { form.hidden = !form.hidden; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api('api/v1/topics', { method: 'POST', body: {
        name: data.get('name'), partitions: Number(data.get('partitions')),
        replicationFactor: Number(data.get('replicationFactor')), configs: parseLines(data.get('configs'), '='),
      } });
      location.hash = `#/topics/${encodeURIComponent(data.get('name'))}`;
    } catch (error) {
      announce(error.message);
    }
  });
  return page;
}

/** "a=1\nb=2" → {a: "1", b: "2"}: how the forms take maps (configs, headers). */
export function parseLines(text, separator) {
  const map = {};
  for (const line of (text || '').split('\n')) {
    const at = line.indexOf(separator);
    if (line.trim() && at > 0) map[line.slice(0, at).trim()] = line.slice(at + separator.length).trim();
  }
  return map;
}
