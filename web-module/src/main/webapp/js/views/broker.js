// One broker: its address, role and the partitions it leads.
import { api, path } from '../api.js';
import { html, render, count } from '../html.js';

export function mount(main, { params: [id] }) {
  render(main, html`<p><a href="#/brokers">Brokers</a> /</p><h1>Broker ${id}</h1><section id="broker"></section>`);
  return {
    async refresh() {
      const broker = await api(path`api/v1/brokers/${id}`);
      render(main.querySelector('#broker'), html`<dl class="facts">
        <dt>Address</dt><dd>${broker.host}:${broker.port}</dd>
        <dt>Controller</dt><dd>${broker.controller ? 'yes' : 'no'}</dd>
        <dt>Alive</dt><dd class="${broker.alive ? 'ok' : 'alarm'}">${broker.alive ? 'yes' : 'no'}</dd>
        <dt>Leader of</dt><dd>${count(broker.leaderPartitions)} partitions</dd></dl>`);
    },
  };
}
