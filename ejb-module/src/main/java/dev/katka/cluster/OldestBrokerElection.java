package dev.katka.cluster;

/**
 * The election without the CP subsystem: the oldest live broker member claims the role when the
 * broker named in the log head is not a live member (or is itself, after it resigned). See
 * {@link ControllerElection} for why this is safe in one cluster and what a network split does.
 *
 * <p>Stateless.
 */
final class OldestBrokerElection implements ControllerElection {

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public boolean mayClaim(GridView view, LogHead head) {
        boolean oldest = view.oldestBroker().map(b -> b.member().equals(view.localMember())).orElse(false);
        if (!oldest) {
            return false;
        }
        // A live controller keeps the role even if it is not the oldest (after a merge, say):
        // taking it from a working controller would only add an election.
        return head.controllerMember() == null
                || head.controllerMember().equals(view.localMember())
                || !view.isLiveBroker(head.controllerMember());
    }

    @Override
    public boolean stillHolds() {
        return true;
    }

    @Override
    public void release() {
        // nothing is held: the head's epoch is the whole role
    }
}
