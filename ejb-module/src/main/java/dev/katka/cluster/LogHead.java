package dev.katka.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The head of the metadata log: the one value every change of the log goes through by
 * compare-and-set, which is what makes the log linear.
 *
 * <p>Entries {@code floor + 1 .. version} are in the log; {@code snapshotVersion} (between
 * {@code floor} and {@code version}) names the image that a broker further behind than
 * {@code floor} starts from. {@code epoch} is the epoch of the controller that may commit now;
 * claiming the role means moving the head to {@code epoch + 1} without changing anything else.
 *
 * @param controllerId     the broker that claimed {@code epoch}, or -1 (none yet, or the log was
 *                         just seeded)
 * @param controllerMember that broker's data grid member, or null
 */
record LogHead(long version, int epoch, int controllerId, UUID controllerMember, long floor, long snapshotVersion) {

    private static final byte FORMAT = 1;

    LogHead {
        if (floor > snapshotVersion || snapshotVersion > version) {
            throw new IllegalArgumentException("Log head with floor " + floor + ", snapshot " + snapshotVersion
                    + ", version " + version);
        }
    }

    /** A new log whose only content is {@code image}: no controller yet, same epoch as the image. */
    static LogHead seed(long version, int epoch) {
        return new LogHead(version, epoch, -1, null, version, version);
    }

    LogHead claimedBy(int brokerId, UUID member) {
        if (epoch == Integer.MAX_VALUE) {
            // Two billion elections: not a case to recover from silently.
            throw new IllegalStateException("The controller epoch is exhausted");
        }
        return new LogHead(version, epoch + 1, brokerId, member, floor, snapshotVersion);
    }

    LogHead committed(long newVersion) {
        return new LogHead(newVersion, epoch, controllerId, controllerMember, floor, snapshotVersion);
    }

    LogHead trimmed(long newFloor, long newSnapshotVersion) {
        return new LogHead(version, epoch, controllerId, controllerMember, newFloor, newSnapshotVersion);
    }

    /** Deterministic: equal heads have equal bytes (the grid compares values by their bytes). */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(version);
            out.writeInt(epoch);
            out.writeInt(controllerId);
            out.writeBoolean(controllerMember != null);
            if (controllerMember != null) {
                out.writeLong(controllerMember.getMostSignificantBits());
                out.writeLong(controllerMember.getLeastSignificantBits());
            }
            out.writeLong(floor);
            out.writeLong(snapshotVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a head this broker can read */
    static LogHead fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("Unknown metadata log head format " + format);
            }
            long version = in.readLong();
            int epoch = in.readInt();
            int controllerId = in.readInt();
            UUID member = in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
            LogHead head = new LogHead(version, epoch, controllerId, member, in.readLong(), in.readLong());
            if (in.available() > 0) {
                throw new IllegalArgumentException("Trailing bytes after the metadata log head");
            }
            return head;
        } catch (IOException e) {
            throw new IllegalArgumentException("Truncated metadata log head", e);
        }
    }
}
