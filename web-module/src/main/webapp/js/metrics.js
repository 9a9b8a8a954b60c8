// The broker's traffic, read from its Prometheus endpoint (/metrics): the per-topic counters of
// messages and bytes in and out, summed over the topics. The dashboard turns them into rates.

const COUNTERS = {
  katka_topic_messages_in_total: 'messagesIn',
  katka_topic_bytes_in_total: 'bytesIn',
  katka_topic_messages_out_total: 'messagesOut',
  katka_topic_bytes_out_total: 'bytesOut',
};

/** {messagesIn, bytesIn, messagesOut, bytesOut}: sums over every topic; null where the broker has none. */
export function trafficTotals(prometheusText) {
  const totals = Object.fromEntries(Object.values(COUNTERS).map((kind) => [kind, null]));
  for (const line of prometheusText.split('\n')) {
    const sample = line.match(/^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/);
    const kind = sample && COUNTERS[sample[1]];
    if (kind) totals[kind] = (totals[kind] ?? 0) + Number(sample[2]);
  }
  return totals;
}

export async function readTraffic() {
  const response = await fetch('metrics', { headers: { Accept: 'text/plain' } });
  if (!response.ok) return null;
  return trafficTotals(await response.text());
}
