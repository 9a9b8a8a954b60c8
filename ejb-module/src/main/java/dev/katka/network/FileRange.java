package dev.katka.network;

import java.nio.channels.FileChannel;

/**
 * Records that are a byte range of an open file, so they can be sent with {@code sendfile}.
 * The log's read results implement it; {@link FrameWriter} turns them into file regions.
 */
public interface FileRange {

    /** The open file; owned by whoever produced the range, never closed by the network layer. */
    FileChannel channel();

    /** Where the range starts in the file. */
    long position();

    /** How many bytes the range covers. */
    int sizeInBytes();
}
