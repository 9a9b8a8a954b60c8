// The broker's traffic, read from its Prometheus endpoint (/metrics): the totals of every counter
// whose name says messages or bytes, in or out. The dashboard turns them into rates.

const KINDS = {
  messagesIn: /messages_in/,
  bytesIn: /bytes_in/,
  messagesOut: /messages_out/,
  bytesOut: /bytes_out/,
};

/** {messagesIn, bytesIn, messagesOut, bytesOut}: sums over every topic; null where the broker has none. */
export function trafficTotals(prometheusText) {
  const totals = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, null]));
  for (const line of prometheusText.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const match = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/);
    if (!match) continue;
    const [, name, , value] = match;
    // Per-topic samples only, where labelled; a broker-wide total of the same name would count twice.
    if (match[2] && !match[2].includes('topic=')) continue;
    for (const [kind, pattern] of Object.entries(KINDS)) {
      if (pattern.test(name) && !name.endsWith('_created')) totals[kind] = (totals[kind] ?? 0) + Number(value);
    }
  }
  return totals;
}

export async function readTraffic() {
  const response = await fetch('metrics', { headers: { Accept: 'text/plain' } });
  if (!response.ok) return null;
  return trafficTotals(await response.text());
}
