// One broker: its address, role, disk, every partition it holds a replica of, and its configuration.
import { api, path } from '../api.js';
import { html, render, count, bytes, freeSpace } from '../html.js';

export function mount(main, { params: [id] }) {
  render(main, html`<p><a href="#/brokers">Brokers</a> /</p><h1>Broker ${id}</h1><section id="broker"></section>
    <h2>Replicas</h2><section id="broker-partitions"></section>
    <h2>Configuration</h2><section id="broker-configs"></section>`);
  // A broker's configuration is fixed while it runs: read it once, when the broker answers.
  let configsShown = false;
  return {
    async refresh() {
      const broker = await api(path`api/v1/brokers/${id}`);
      render(main.querySelector('#broker'), html`<dl class="facts">
        <dt>Address</dt><dd>${broker.alive ? `${broker.host}:${broker.port}` : '–'}</dd>
        <dt>Controller</dt><dd>${broker.controller ? 'yes' : 'no'}</dd>
        <dt>Alive</dt><dd class="${broker.alive ? 'ok' : 'alarm'}">${broker.alive ? 'yes' : 'no'}</dd>
        <dt>Leader of</dt><dd>${count(broker.leaderPartitions)} of ${count(broker.partitions.length)} replicas</dd>
        <dt>Log size</dt><dd>${bytes(broker.disk?.logBytes)}</dd>
        <dt>Disk free</dt><dd>${freeSpace(broker.disk)}</dd></dl>`);
      render(main.querySelector('#broker-partitions'), partitionTable(broker));
      if (!configsShown && broker.alive) {
        render(main.querySelector('#broker-configs'), configTable(await api(path`api/v1/brokers/${id}/configs`)));
        configsShown = true;
      }
    },
  };
}

function partitionTable(broker) {
  const self = Number(broker.id);
  return html`<table class="broker-partitions"><thead><tr><th>Topic</th><th>Partition</th><th>Role</th>
      <th>Replicas</th><th>In sync</th><th>Size</th></tr></thead>
    <tbody>${broker.partitions.map((p) => html`<tr>
      <td><a href="#/topics/${encodeURIComponent(p.topic)}">${p.topic}</a></td><td>${p.partition}</td>
      <td>${p.leader === self ? 'leader' : p.isr.includes(self) ? 'follower' : html`<span class="alarm">out of sync</span>`}</td>
      <td>${p.replicas.join(', ')}</td>
      <td class="${p.isr.length < p.replicas.length ? 'alarm' : ''}">${p.isr.join(', ')}</td>
      <td>${bytes(p.sizeBytes)}</td></tr>`)}</tbody></table>`;
}

function configTable(configs) {
  return html`<table class="broker-configs"><thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead>
    <tbody>${configs.map((c) => html`<tr class="${c.source === 'DEFAULT_CONFIG' ? '' : 'set'}"><td>${c.name}</td>
      <td>${c.sensitive ? '(hidden)' : c.value ?? ''}</td><td class="muted">${c.source}</td></tr>`)}</tbody></table>`;
}
