package dev.katka.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads one page of records for the browser with a consumer of its own, without a group: for each
 * partition it works out the offset range the query means (see {@link BrowseQuery}), seeks there,
 * polls until every range is read or the deadline passes, and keeps only the best {@code limit}
 * records of the requested order, so memory stays bounded whatever the number of partitions.
 *
 * <p>Not thread-safe: one browser per request, closed with its consumer.
 */
final class MessageBrowser implements AutoCloseable {

    /** A page that takes longer is returned as far as it was read. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final Comparator<ConsumerRecord<byte[], byte[]>> OLDEST_FIRST =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset);

    private final Consumer<byte[], byte[]> consumer;

    MessageBrowser(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    List<Message> browse(Collection<TopicPartition> partitions, BrowseQuery query) {
        boolean newestFirst = query.newestFirst();
        int limit = query.checkedLimit();
        Rendering rendering = query.rendering();
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        ranges(partitions, query, newestFirst, limit, from, to);

        Comparator<ConsumerRecord<byte[], byte[]>> order = newestFirst ? OLDEST_FIRST.reversed() : OLDEST_FIRST;
        // The head is the worst record kept, the first to go when a better one comes.
        PriorityQueue<ConsumerRecord<byte[], byte[]>> best = new PriorityQueue<>(order.reversed());
        List<TopicPartition> toRead = from.keySet().stream().filter(p -> from.get(p) < to.get(p)).toList();
        consumer.assign(toRead);
        toRead.forEach(partition -> consumer.seek(partition, from.get(partition)));
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!consumer.assignment().isEmpty() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < to.get(partition)) {
                    best.add(record);
                    if (best.size() > limit) {
                        best.poll();
                    }
                }
            }
            List<TopicPartition> unfinished = consumer.assignment().stream()
                    .filter(partition -> consumer.position(partition) < to.get(partition)).toList();
            if (unfinished.size() < consumer.assignment().size()) {
                consumer.assign(unfinished);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> page = new ArrayList<>(best);
        page.sort(order);
        return page.stream().map(record -> message(record, rendering)).toList();
    }

    /** The offsets [from, to) to read of each partition. */
    private void ranges(Collection<TopicPartition> partitions, BrowseQuery query, boolean newestFirst, int limit,
            Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> atTimestamp = query.timestamp() == null ? Map.of()
                : consumer.offsetsForTimes(partitions.stream().collect(
                        HashMap::new, (map, partition) -> map.put(partition, query.timestamp()), Map::putAll));
        for (TopicPartition partition : partitions) {
            long start = starts.get(partition);
            long end = ends.get(partition);
            long point;
            if (query.offset() != null) {
                // Newest first includes the record at the offset asked for.
                point = newestFirst ? query.offset() + 1 : query.offset();
            } else if (query.timestamp() != null) {
                OffsetAndTimestamp found = atTimestamp.get(partition);
                point = found == null ? end : found.offset();
            } else {
                point = newestFirst ? end : start;
            }
            point = Math.max(start, Math.min(end, point));
            if (newestFirst) {
                from.put(partition, Math.max(start, point - limit));
                to.put(partition, point);
            } else {
                from.put(partition, point);
                to.put(partition, Math.min(end, point + limit));
            }
        }
    }

    private static Message message(ConsumerRecord<byte[], byte[]> record, Rendering rendering) {
        Rendering.Rendered key = rendering.render(record.key());
        Rendering.Rendered value = rendering.render(record.value());
        List<MessageHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            // Header values are short and mostly text; JSON pretty-printing would not help there.
            Rendering headerRendering = rendering == Rendering.HEX ? Rendering.HEX : Rendering.TEXT;
            headers.add(new MessageHeader(header.key(), headerRendering.render(header.value()).text()));
        }
        return new Message(record.partition(), record.offset(), record.timestamp(), key.text(), key.format(),
                value.text(), value.format(), headers);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
}
