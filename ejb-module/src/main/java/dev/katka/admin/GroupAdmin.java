package dev.katka.admin;

import jakarta.ejb.Local;
import java.util.List;

/** Consumer groups: their members, committed offsets and lag; reset and delete them. */
@Local
public interface GroupAdmin {

    /** Every consumer group, by id. */
    List<GroupSummary> groups();

    /** @throws AdminException NOT_FOUND when the group neither has members nor committed offsets */
    GroupDetail group(String groupId);

    /**
     * Moves the group's committed offsets (see {@link OffsetReset}) and returns them as they are
     * afterwards.
     *
     * @throws AdminException CONFLICT while the group has members, since they would overwrite the
     *         offsets with their own next commit
     */
    List<PartitionLag> resetOffsets(String groupId, OffsetReset reset);

    /** @throws AdminException NOT_FOUND for an unknown group; CONFLICT while it has members */
    void delete(String groupId);
}
