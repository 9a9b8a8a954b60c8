package dev.katka.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One member of a classic group as the coordinator tracks it: who it is, the protocols it offers
 * (name to metadata, in its order of preference), its assignment, the join or sync request it is
 * waiting on, and when its session expires.
 *
 * <p>Not thread-safe: owned by one {@link GroupShard}.
 */
final class GroupMember {

    private static final byte[] EMPTY = new byte[0];

    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private String protocolType;
    private Map<String, byte[]> protocols;
    private byte[] assignment = EMPTY;
    /** The JoinGroup waiting for the rebalance to complete, or null. */
    private Long joinRequest;
    private short joinVersion;
    /** The SyncGroup waiting for the leader's assignment, or null. */
    private Long syncRequest;
    private long sessionDeadline;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                int sessionTimeoutMs, String protocolType, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        update(clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs, protocolType, protocols);
    }

    void update(String clientId, String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs,
                String protocolType, Map<String, byte[]> protocols) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    /** Whether a rejoin offers exactly what this member offered before (then no rebalance is needed). */
    boolean sameProtocols(String type, Map<String, byte[]> offered) {
        if (!type.equals(protocolType) || offered.size() != protocols.size()) {
            return false;
        }
        var mine = protocols.entrySet().iterator();
        for (var entry : offered.entrySet()) {
            var own = mine.next();
            if (!own.getKey().equals(entry.getKey()) || !Arrays.equals(own.getValue(), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The member's first preference among {@code candidates}, or null. */
    String vote(java.util.Set<String> candidates) {
        return protocols.keySet().stream().filter(candidates::contains).findFirst().orElse(null);
    }

    String memberId() {
        return memberId;
    }

    /** A static member rejoining without its member id gets a new one. */
    void renameTo(String newMemberId) {
        this.memberId = newMemberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    Map<String, byte[]> protocols() {
        return protocols;
    }

    byte[] metadata(String protocol) {
        byte[] metadata = protocols.get(protocol);
        return metadata == null ? EMPTY : metadata;
    }

    byte[] assignment() {
        return assignment;
    }

    void assign(byte[] assignment) {
        this.assignment = assignment == null ? EMPTY : assignment;
    }

    Long joinRequest() {
        return joinRequest;
    }

    short joinVersion() {
        return joinVersion;
    }

    void awaitJoin(Long requestId, short version) {
        this.joinRequest = requestId;
        this.joinVersion = version;
    }

    Long syncRequest() {
        return syncRequest;
    }

    void awaitSync(Long requestId) {
        this.syncRequest = requestId;
    }

    boolean isAwaitingJoin() {
        return joinRequest != null;
    }

    /** A member waiting for the coordinator cannot heartbeat meanwhile, so its session is kept alive. */
    boolean hasExpired(long now) {
        return joinRequest == null && syncRequest == null && now >= sessionDeadline;
    }

    void heartbeat(long now) {
        sessionDeadline = now + sessionTimeoutMs;
    }
}
