package dev.katka.network;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A byte range of a log segment sent with {@code sendfile}, the file never passing through the heap.
 *
 * <p>It is a {@link DefaultFileRegion} because that is the type Netty's native epoll transport
 * sends with {@code sendfile(2)}; the NIO transport uses {@code FileChannel.transferTo}. The
 * channel belongs to the segment, not to this region: releasing the region must not close it,
 * which is what {@link DefaultFileRegion} would otherwise do. A segment deleted by retention stays
 * readable until {@code file.delete.delay.ms} has passed, so a region in flight finishes.
 */
final class SegmentFileRegion extends DefaultFileRegion {

    SegmentFileRegion(FileChannel segmentChannel, long position, long count) {
        super(segmentChannel, position, count);
    }

    @Override
    protected void deallocate() {
        // The segment owns the channel and closes it; see the class comment.
    }
}
