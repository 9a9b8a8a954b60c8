// Every broker of the cluster.
import { api } from '../api.js';
import { html, render } from '../html.js';
import { brokerTable } from './dashboard.js';

export function mount(main) {
  render(main, html`<h1>Brokers</h1><section id="brokers"></section>`);
  return {
    async refresh() {
      render(main.querySelector('#brokers'), brokerTable(await api('api/v1/brokers')));
    },
  };
}
