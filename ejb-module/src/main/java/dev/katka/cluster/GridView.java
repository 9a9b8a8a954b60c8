package dev.katka.cluster;

import com.hazelcast.cluster.Member;
import dev.katka.cluster.BrokerRegistry.Registered;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The data grid as one broker sees it at one moment: the members in join order (oldest first,
 * the same order on every member) and the brokers among them.
 *
 * @param members     every member, brokers or not, oldest first
 * @param liveBrokers the registrations whose member is in {@code members}, by broker id
 * @param localMember this broker's member
 */
record GridView(List<Member> members, Map<Integer, Registered> liveBrokers, UUID localMember) {

    GridView {
        members = List.copyOf(members);
        liveBrokers = Map.copyOf(liveBrokers);
    }

    /** Whether that member is alive and runs a broker. */
    boolean isLiveBroker(UUID member) {
        return member != null && liveBrokers.values().stream().anyMatch(b -> b.member().equals(member));
    }

    /** The broker on the oldest member that runs one. */
    Optional<Registered> oldestBroker() {
        for (Member member : members) {
            for (Registered broker : liveBrokers.values()) {
                if (broker.member().equals(member.getUuid())) {
                    return Optional.of(broker);
                }
            }
        }
        return Optional.empty();
    }
}
