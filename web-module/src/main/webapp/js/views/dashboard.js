// The cluster at a glance: brokers, controller, topics, partitions in trouble, and traffic.
import { api } from '../api.js';
import { html, render, count, bytes, freeSpace } from '../html.js';
import { Series, Rate, sparkline } from '../charts.js';
import { readTraffic } from '../metrics.js';

// Kept across visits of the page, so the charts do not start empty each time.
const traffic = ['messagesIn', 'bytesIn', 'messagesOut', 'bytesOut'].map((kind) => ({
  kind, series: new Series(), rate: new Rate(),
}));
const LABELS = { messagesIn: 'Messages in/s', bytesIn: 'Bytes in/s', messagesOut: 'Messages out/s', bytesOut: 'Bytes out/s' };

export function mount(main) {
  render(main, html`<h1>Dashboard</h1><section id="cluster" class="tiles"></section>
    <h2>Traffic</h2><section id="traffic" class="charts"></section>
    <h2>Brokers</h2><section id="dashboard-brokers"></section>`);
  return {
    async refresh() {
      const [cluster, brokers, totals] = await Promise.all([
        api('api/v1/cluster'), api('api/v1/brokers'), readTraffic().catch(() => null)]);
      render(main.querySelector('#cluster'), html`
        ${tile('Brokers', count(cluster.brokers))}
        ${tile('Controller', cluster.controllerId ?? 'none', cluster.controllerId === null || cluster.controllerId === undefined)}
        ${tile('Topics', count(cluster.topics))}
        ${tile('Partitions', count(cluster.partitions))}
        ${tile('Under-replicated', count(cluster.underReplicatedPartitions), cluster.underReplicatedPartitions > 0)}
        ${tile('Offline', count(cluster.offlinePartitions), cluster.offlinePartitions > 0)}
        <p class="muted">Cluster ${cluster.clusterId}</p>`);
      for (const { kind, series, rate } of traffic) {
        const perSecond = totals && totals[kind] !== null ? rate.next(totals[kind]) : null;
        if (perSecond !== null) series.add(perSecond);
      }
      render(main.querySelector('#traffic'), traffic.map(({ kind, series }) =>
        sparkline(series, { label: LABELS[kind], format: kind.startsWith('bytes') ? (v) => `${bytes(v)}/s` : (v) => v.toFixed(1) })));
      render(main.querySelector('#dashboard-brokers'), brokerTable(brokers));
    },
  };
}

function tile(label, value, alarming = false) {
  return html`<div class="tile ${alarming ? 'alarm' : ''}"><span>${label}</span><strong>${value}</strong></div>`;
}

export function brokerTable(brokers) {
  return html`<table><thead><tr><th>Id</th><th>Address</th><th>Role</th><th>Alive</th><th>Leader of</th>
      <th>Log size</th><th>Disk free</th></tr></thead>
    <tbody>${brokers.map((b) => html`<tr>
      <td><a href="#/brokers/${b.id}">${b.id}</a></td><td>${b.host}:${b.port}</td>
      <td>${b.controller ? 'controller' : ''}</td><td class="${b.alive ? 'ok' : 'alarm'}">${b.alive ? 'yes' : 'no'}</td>
      <td>${count(b.leaderPartitions)} partitions</td><td>${bytes(b.disk?.logBytes)}</td>
      <td>${freeSpace(b.disk)}</td></tr>`)}</tbody></table>`;
}
