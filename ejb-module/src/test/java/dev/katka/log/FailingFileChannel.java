package dev.katka.log;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.record.internal.FileRecords;

/**
 * A real file channel whose next write can be made to fail part way, like a disk filling up,
 * and whose truncation can be made to fail, like a disk gone bad.
 */
final class FailingFileChannel extends FileChannel {

    private final FileChannel delegate;
    private volatile int failNextWriteAfterBytes = -1;
    private volatile boolean failTruncate;

    private FailingFileChannel(FileChannel delegate) {
        this.delegate = delegate;
    }

    /** A {@link RecordFileOpener} whose segment files all use failing channels, reported to {@code opened}. */
    static RecordFileOpener opener(java.util.List<FailingFileChannel> opened) {
        return file -> {
            FailingFileChannel channel = new FailingFileChannel(FileChannel.open(file.toPath(),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
            opened.add(channel);
            return fileRecords(file, channel);
        };
    }

    /** kafka-clients opens its own channels; its constructor taking one is package-private ("visible for tests"). */
    private static FileRecords fileRecords(File file, FileChannel channel) throws IOException {
        try {
            Constructor<FileRecords> constructor = FileRecords.class.getDeclaredConstructor(File.class,
                    FileChannel.class, int.class);
            constructor.setAccessible(true);
            return constructor.newInstance(file, channel, Integer.MAX_VALUE);
        } catch (ReflectiveOperationException e) {
            throw new IOException("Cannot build FileRecords over a test channel", e);
        }
    }

    /** The next write stores {@code bytes} bytes and then fails with "No space left on device". */
    void failNextWriteAfter(int bytes) {
        failNextWriteAfterBytes = bytes;
    }

    void failTruncate(boolean fail) {
        failTruncate = fail;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int budget = failNextWriteAfterBytes;
        if (budget < 0) {
            return delegate.write(src);
        }
        failNextWriteAfterBytes = -1;
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + Math.min(budget, part.remaining()));
        int written = delegate.write(part);
        src.position(src.position() + written);
        throw new IOException("No space left on device");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += write(srcs[i]);
        }
        return written;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (failTruncate) {
            throw new IOException("Input/output error");
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
