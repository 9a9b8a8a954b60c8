package dev.katka.simulation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulated network between brokers (and clients): every message takes a random latency,
 * some are lost, links can be cut. A message is a piece of code run on the receiving broker; it
 * reaches only the incarnation it was meant for (a restarted broker never gets its predecessor's
 * answers), and waits while its broker is paused, as TCP buffers would hold it.
 */
final class Network {

    static final int CLIENT = -1;

    private final Scheduler scheduler;
    private final Random random;
    private final Set<Long> cutLinks = new HashSet<>();
    private double lossRate;
    private Cluster cluster;

    Network(Scheduler scheduler, Random random) {
        this.scheduler = scheduler;
        this.random = random;
    }

    void attach(Cluster cluster) {
        this.cluster = cluster;
    }

    Cluster cluster() {
        return cluster;
    }

    void setLossRate(double rate) {
        this.lossRate = rate;
    }

    /** Cuts every link between {@code broker} and anyone else (clients included) until {@link #heal}. */
    void isolate(int broker) {
        cutLinks.add((long) broker);
    }

    void heal() {
        cutLinks.clear();
        lossRate = 0;
    }

    /** Whether the broker is cut off, from the Kafka network and from the data grid alike. */
    boolean isIsolated(int broker) {
        return cutLinks.contains((long) broker);
    }

    private boolean cut(int from, int to) {
        return cutLinks.contains((long) from) || cutLinks.contains((long) to);
    }

    /**
     * Sends a message to broker {@code to}. A lost message breaks the connection it travelled on:
     * after a while {@code onLost} runs, as a client's callback for a failed request would. A
     * cut link holds messages until it heals, as TCP retransmission would.
     *
     * @param incarnation the incarnation it is for, or -1 for whichever runs then
     */
    void send(int from, int to, long incarnation, Consumer<SimulatedBroker> message, Runnable onLost) {
        if (random.nextDouble() < lossRate) {
            scheduler.after(20 + random.nextInt(30), onLost);
            return;
        }
        scheduler.after(1 + random.nextInt(10), () -> deliver(from, to, incarnation, message, onLost));
    }

    void send(int from, int to, long incarnation, Consumer<SimulatedBroker> message) {
        send(from, to, incarnation, message, () -> { });
    }

    private void deliver(int from, int to, long incarnation, Consumer<SimulatedBroker> message, Runnable onLost) {
        if (cut(from, to)) {
            scheduler.after(50, () -> deliver(from, to, incarnation, message, onLost));
            return;
        }
        SimulatedBroker broker = cluster.broker(to);
        if (!broker.isUp() || (incarnation >= 0 && broker.incarnation() != incarnation)) {
            // Connection refused, or reset by a restarted process.
            scheduler.after(1, onLost);
            return;
        }
        if (broker.isPaused()) {
            broker.hold(() -> message.accept(broker));
            return;
        }
        message.accept(broker);
    }

    /** Sends an answer to a client (clients are never paused or restarted; a lost answer is just lost). */
    void reply(int from, Runnable answer) {
        if (random.nextDouble() < lossRate) {
            return;
        }
        scheduler.after(1 + random.nextInt(10), () -> deliverReply(from, answer));
    }

    private void deliverReply(int from, Runnable answer) {
        if (cut(from, CLIENT)) {
            scheduler.after(50, () -> deliverReply(from, answer));
        } else {
            answer.run();
        }
    }

    List<Integer> isolated() {
        List<Integer> brokers = new ArrayList<>();
        cutLinks.forEach(l -> brokers.add((int) (long) l));
        return brokers;
    }
}
