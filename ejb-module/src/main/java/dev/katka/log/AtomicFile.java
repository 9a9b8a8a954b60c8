package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.utils.Utils;

/**
 * Replacing a small file whole (checkpoints, markers, {@code meta.properties}) so that a crash
 * leaves either the old or the new content, never a mix: the content goes to
 * {@code <name>.tmp}, which is renamed over the file. Leftover {@code .tmp} files are the debris
 * of a crash and may be deleted.
 *
 * <p>Stateless and thread-safe; two writers of the same file must not run at once.
 */
public final class AtomicFile {

    /** The suffix of the temporary file beside the target. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /** Replaces {@code target} durably: the temporary file is fsynced, and so is the directory after the rename. */
    public static void replace(Path target, ByteBuffer content) throws IOException {
        Path temporary = writeTemporary(target, content, true);
        Utils.atomicMoveWithFallback(temporary, target);
    }

    /**
     * Replaces {@code target} without waiting for the disk: after a crash the file may be empty or
     * torn, so only for content that carries its own checksum and can be done without.
     */
    public static void replaceWithoutSync(Path target, ByteBuffer content) throws IOException {
        Path temporary = writeTemporary(target, content, false);
        Utils.atomicMoveWithFallback(temporary, target, false);
    }

    private static Path writeTemporary(Path target, ByteBuffer content, boolean sync) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            if (sync) {
                channel.force(true);
            }
        }
        return temporary;
    }
}
