// One topic: its partitions, its configs (editable by admins), a message browser, a dialog to
// produce a message, and purging (all messages, or one partition's).
import { api, path } from '../api.js';
import { html, render, count, bytes, time } from '../html.js';
import { parseLines } from './topics.js';

export function mount(main, { params: [name], user, announce }) {
  const topicPath = path`api/v1/topics/${name}`;
  render(main, html`<p><a href="#/topics">Topics</a> /</p>
    <h1 id="topic-name">${name}</h1>
    ${user.admin ? html`<div class="toolbar">
      <button id="produce" class="primary">Produce message</button>
      <button id="add-partitions">Add partitions</button>
      <button id="purge-topic" class="danger">Purge messages</button>
      <button id="delete-topic" class="danger">Delete topic</button></div>` : ''}
    <h2>Partitions</h2><section id="partitions"></section>
    <h2>Messages</h2>
    <form id="browse" class="toolbar">
      <label>Partition <select name="partition"><option value="">all</option></select></label>
      <label>From offset <input name="offset" type="number" min="0"></label>
      <label>From time <input name="timestamp" type="datetime-local" step="1"></label>
      <label>Order <select name="order"><option value="newest">newest first</option><option value="oldest">oldest first</option></select></label>
      <label>Limit <input name="limit" type="number" min="1" max="1000" value="50"></label>
      <label>Show as <select name="format"><option>text</option><option>json</option><option>hex</option></select></label>
      <label>Filter <input name="filter" type="search" placeholder="in key or value"></label>
      <button class="primary" type="submit" id="browse-messages">Show</button>
    </form>
    <section id="messages"></section>
    <h2>Configs</h2>
    <form id="configs"></form>
    <dialog id="produce-dialog"><form method="dialog" id="produce-form" class="card">
      <h2>Produce to ${name}</h2>
      <label>Partition <input name="partition" type="number" min="0" placeholder="any"></label>
      <label>Key <input name="key"></label>
      <label>Value <textarea name="value" rows="4"></textarea></label>
      <label>Headers <textarea name="headers" rows="2" placeholder="name: value"></textarea></label>
      <p id="produced" class="muted"></p>
      <div class="toolbar"><button class="primary" value="send" id="send-message">Send</button><button value="cancel" formnovalidate>Close</button></div>
    </form></dialog>`);

  const browse = main.querySelector('#browse');
  let configsShown = false;

  async function showMessages() {
    const data = new FormData(browse);
    const query = new URLSearchParams({ order: data.get('order'), limit: data.get('limit'), format: data.get('format') });
    for (const key of ['partition', 'offset']) if (data.get(key) !== '') query.set(key, data.get(key));
    if (data.get('timestamp')) query.set('timestamp', new Date(data.get('timestamp')).getTime());
    const filter = data.get('filter').toLowerCase();
    const messages = (await api(`${topicPath}/messages?${query}`))
      .filter((m) => !filter || `${m.key ?? ''}\n${m.value ?? ''}`.toLowerCase().includes(filter));
    render(main.querySelector('#messages'), html`<table id="message-table"><thead><tr>
        <th>Partition</th><th>Offset</th><th>Time</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead>
      <tbody>${messages.map((m) => html`<tr>
        <td>${m.partition}</td><td>${m.offset}</td><td>${time(m.timestamp)}</td>
        <td class="key">${m.key ?? html`<span class="muted">null</span>`}</td><td class="value"><pre>${m.value ?? ''}</pre></td>
        <td>${(m.headers || []).map((h) => html`<div>${h.name}: ${h.value}</div>`)}</td></tr>`)}</tbody></table>
      ${messages.length === 0 ? html`<p class="muted">No messages.</p>` : ''}`);
  }

  function showConfigs(configs) {
    const form = main.querySelector('#configs');
    render(form, html`<table><thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead><tbody>
      ${configs.map((c) => html`<tr><td>${c.name}</td>
        <td><input name="${c.name}" value="${c.sensitive ? '' : c.value ?? ''}" data-original="${c.value ?? ''}"
          ${c.readOnly || !user.admin ? html`readonly` : ''}></td><td class="muted">${c.source}</td></tr>`)}</tbody></table>
      ${user.admin ? html`<button class="primary" type="submit" id="save-configs">Save changed configs</button>` : ''}`);
  }

  browse.addEventListener('submit', (event) => {
    event.preventDefault();
    showMessages().catch((error) => announce(error.message));
  });

  main.querySelector('#configs').addEventListener('submit', async (event) => {
    event.preventDefault();
    const changed = {};
    for (const input of event.target.querySelectorAll('input:not([readonly])')) {
      // An emptied value goes back to the default (null), as Kafka's incremental alter does.
      if (input.value !== input.dataset.original) changed[input.name] = input.value === '' ? null : input.value;
    }
    if (Object.keys(changed).length === 0) return;
    try {
      await api(`${topicPath}/configs`, { method: 'PATCH', body: changed });
      configsShown = false;
      announce(`Saved ${Object.keys(changed).join(', ')}`, 'info');
      await page.refreshNow();
    } catch (error) {
      announce(error.message);
    }
  });

  const dialog = main.querySelector('#produce-dialog');
  main.querySelector('#produce')?.addEventListener('click', () => dialog.showModal());
  main.querySelector('#produce-form').addEventListener('submit', async (event) => {
    if (event.submitter?.value !== 'send') return;
    event.preventDefault();
    const data = new FormData(event.target);
    try {
      const sent = await api(`${topicPath}/messages`, { method: 'POST', body: {
        key: data.get('key') || null, value: data.get('value'), headers: parseLines(data.get('headers'), ':'),
        partition: data.get('partition') === '' ? null : Number(data.get('partition')),
      } });
      main.querySelector('#produced').textContent = `Sent to partition ${sent.partition} at offset ${sent.offset}.`;
    } catch (error) {
      main.querySelector('#produced').textContent = error.message;
    }
  });

  main.querySelector('#add-partitions')?.addEventListener('click', async () => {
    const total = prompt('How many partitions in all?');
    if (!total) return;
    try {
      await api(`${topicPath}/partitions`, { method: 'POST', body: { count: Number(total) } });
      await page.refreshNow();
    } catch (error) {
      announce(error.message);
    }
  });

  // Purging keeps the topic and its offsets: consumers go on from the new log start.
  async function purge(partition) {
    const which = partition === undefined ? `every message of ${name}` : `the messages of partition ${partition} of ${name}`;
    if (!confirm(`Delete ${which}, up to the last committed one?`)) return;
    try {
      const query = partition === undefined ? '' : `?partition=${partition}`;
      const purged = await api(`${topicPath}/messages${query}`, { method: 'DELETE' });
      announce(`Purged ${purged.map((p) => `partition ${p.partition} up to offset ${p.logStartOffset}`).join(', ')}`, 'info');
      await page.refreshNow();
      await showMessages();
    } catch (error) {
      announce(error.message);
    }
  }
  main.querySelector('#purge-topic')?.addEventListener('click', () => purge());
  main.querySelector('#partitions').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-purge]');
    if (button) purge(Number(button.dataset.purge));
  });

  main.querySelector('#delete-topic')?.addEventListener('click', async () => {
    if (!confirm(`Delete topic ${name} and all its messages?`)) return;
    try {
      await api(topicPath, { method: 'DELETE' });
      location.hash = '#/topics';
    } catch (error) {
      announce(error.message);
    }
  });

  const page = {
    async refresh() {
      const topic = await api(topicPath);
      render(main.querySelector('#partitions'), html`<table><thead><tr><th>Partition</th><th>Leader</th>
          <th>Replicas</th><th>In sync</th><th>Start offset</th><th>End offset</th><th>Messages</th><th>Size</th>
          ${user.admin ? html`<th></th>` : ''}</tr></thead>
        <tbody>${topic.partitions.map((p) => html`<tr><td>${p.partition}</td><td>${p.leader}</td>
          <td>${p.replicas.join(', ')}</td><td class="${p.isr.length < p.replicas.length ? 'alarm' : ''}">${p.isr.join(', ')}</td>
          <td>${count(p.logStartOffset)}</td><td>${count(p.logEndOffset)}</td>
          <td>${count(p.logEndOffset - p.logStartOffset)}</td><td>${bytes(p.sizeBytes)}</td>
          ${user.admin ? html`<td><button data-purge="${p.partition}" title="Delete this partition's messages">Purge</button></td>` : ''}
          </tr>`)}</tbody></table>`);
      const select = browse.querySelector('select[name=partition]');
      if (select.options.length !== topic.partitions.length + 1) {
        render(select, html`<option value="">all</option>${topic.partitions.map((p) => html`<option>${p.partition}</option>`)}`);
      }
      // Configs are drawn once: a refresh must not throw away what someone is typing.
      if (!configsShown) {
        showConfigs(topic.configs);
        configsShown = true;
      }
    },
  };
  showMessages().catch((error) => announce(error.message));
  return page;
}
