package dev.katka.controller;

import dev.katka.controller.ControllerAction.Append;
import dev.katka.controller.ControllerAction.Reply;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataRecord;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.utils.Time;

/**
 * Runs the {@link Controller} state machine while this broker holds the controller role: one
 * thread feeds it membership events, requests and ticks in order, appends the records it emits to
 * the metadata log, and answers each request once this broker has applied the records decided
 * before the answer (so the client that created a topic finds it in this broker's Metadata).
 *
 * <p>A controller whose append is refused has been deposed (another took office with a higher
 * epoch): it drops its state machine at once, resigns, and answers NOT_CONTROLLER from then on,
 * as it does whenever it is not the controller. Clients then ask the new controller.
 *
 * <p>Thread-safe: every public method hands its work to the controller thread and returns.
 */
public final class ControllerDriver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControllerDriver.class.getName());

    /** Where the controller's records go: the cluster's metadata log. */
    public interface MetadataLog {

        /**
         * Appends records under a controller epoch; false when that epoch is no longer the
         * current one (the caller has been deposed) or the log cannot be written.
         */
        boolean append(int controllerEpoch, List<MetadataRecord> records);

        /** Gives up the controller role of that epoch, so that another election happens. */
        void resign(int controllerEpoch);
    }

    private final int localBrokerId;
    private final MetadataLog log;
    private final LongFunction<CompletionStage<Void>> appliedLocally;
    private final boolean uncleanDefault;
    private final boolean autoLeaderRebalance;
    private final Time time;
    private final ExecutorService thread;

    /** Confined to the controller thread. */
    private Controller controller;
    private long nextRequestId;
    private final Map<Long, CompletableFuture<Reply>> waiting = new HashMap<>();

    /** The epoch of the role held now, or -1; written by the controller thread, read by anyone. */
    private volatile int activeEpoch = -1;

    /**
     * @param appliedLocally completes once this broker has applied the metadata up to a version
     * @param uncleanDefault the broker default of {@code unclean.leader.election.enable}
     * @param autoLeaderRebalance {@code auto.leader.rebalance.enable}: preferred leaders come back on their own
     */
    public ControllerDriver(int localBrokerId, MetadataLog log, LongFunction<CompletionStage<Void>> appliedLocally,
                            boolean uncleanDefault, boolean autoLeaderRebalance, ThreadFactory threadFactory,
                            Time time) {
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.appliedLocally = appliedLocally;
        this.uncleanDefault = uncleanDefault;
        this.autoLeaderRebalance = autoLeaderRebalance;
        this.time = time;
        this.thread = Executors.newSingleThreadExecutor(threadFactory);
    }

    // ================================================================ role

    /** This broker won the election: it acts from the latest metadata with the brokers alive now. */
    public void becameController(int epoch, MetadataImage latest, Set<BrokerRegistration> aliveBrokers) {
        run(() -> {
            if (epoch <= latest.controllerEpoch()) {
                LOG.warning(() -> "Broker " + localBrokerId + " was elected in epoch " + epoch
                        + " but the metadata already comes from epoch " + latest.controllerEpoch() + "; resigning");
                log.resign(epoch);
                return;
            }
            controller = new Controller(epoch, latest, uncleanDefault, autoLeaderRebalance, new SecureRandom());
            activeEpoch = epoch;
            LOG.info(() -> "Broker " + localBrokerId + " is the controller (epoch " + epoch + ") at metadata version "
                    + latest.version());
            handle(new ControllerEvent.TookOffice(aliveBrokers, time.milliseconds()));
        });
    }

    /** The role is gone (lock lost, membership lost): stop acting at once. */
    public void lostController(int epoch) {
        run(() -> {
            if (controller != null && controller.epoch() == epoch) {
                stepDown("lost the controller role");
            }
        });
    }

    public boolean isActive() {
        return activeEpoch >= 0;
    }

    /** The epoch of the controller role this broker holds, or -1. */
    public int activeEpoch() {
        return activeEpoch;
    }

    // ================================================================ events

    public void brokerStarted(BrokerRegistration registration) {
        run(() -> {
            if (controller != null) {
                handle(new ControllerEvent.BrokerStarted(registration));
            }
        });
    }

    public void brokerFailed(int brokerId) {
        run(() -> {
            if (controller != null) {
                handle(new ControllerEvent.BrokerFailed(brokerId));
            }
        });
    }

    /** Time passes (preferred leader election). */
    public void tick() {
        run(() -> {
            if (controller != null) {
                handle(new ControllerEvent.Tick(time.milliseconds()));
            }
        });
    }

    /**
     * Submits a request; the factory gets the request id.
     *
     * @return the controller's answer once this broker has applied what it decided; failed with
     *         {@link NotControllerException} when this broker is not (or stops being) the controller
     */
    public CompletionStage<Reply> submit(LongFunction<ControllerEvent.Request> request) {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        boolean accepted = run(() -> {
            if (controller == null) {
                answer.completeExceptionally(notController());
                return;
            }
            long id = nextRequestId++;
            waiting.put(id, answer);
            handle(request.apply(id));
        });
        if (!accepted) {
            answer.completeExceptionally(notController());
        }
        return answer;
    }

    // ================================================================ on the controller thread

    private void handle(ControllerEvent event) {
        List<ControllerAction> actions;
        try {
            actions = controller.handle(event);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The controller failed on " + event + "; resigning", e);
            stepDown("failed");
            return;
        }
        for (ControllerAction action : actions) {
            if (action instanceof Append append) {
                if (!log.append(controller.epoch(), append.records())) {
                    stepDown("was deposed: the metadata log refused epoch " + controller.epoch());
                    return;
                }
            } else if (action instanceof Reply reply) {
                answer(reply, controller.image().version());
            }
        }
    }

    private void answer(Reply reply, long decidedVersion) {
        CompletableFuture<Reply> answer = waiting.remove(reply.requestId());
        if (answer != null) {
            appliedLocally.apply(decidedVersion).whenComplete((applied, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(reply);
                }
            });
        }
    }

    private void stepDown(String why) {
        int epoch = controller.epoch();
        controller = null;
        activeEpoch = -1;
        LOG.warning(() -> "Broker " + localBrokerId + " stopped being the controller (epoch " + epoch + "): " + why);
        waiting.values().forEach(answer -> answer.completeExceptionally(notController()));
        waiting.clear();
        log.resign(epoch);
    }

    private NotControllerException notController() {
        return new NotControllerException("Broker " + localBrokerId + " is not the controller.");
    }

    /** Runs work on the controller thread; false when the driver is closed. */
    private boolean run(Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Controller work failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Stops the controller thread; requests not answered fail with NOT_CONTROLLER. */
    @Override
    public void close() throws InterruptedException {
        run(() -> {
            if (controller != null) {
                int epoch = controller.epoch();
                controller = null;
                activeEpoch = -1;
                waiting.values().forEach(answer -> answer.completeExceptionally(notController()));
                waiting.clear();
                log.resign(epoch);
            }
        });
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
