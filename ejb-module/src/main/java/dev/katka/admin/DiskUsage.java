package dev.katka.admin;

/**
 * A broker's log directory: {@code logBytes} is what its partition replicas take; the volume's
 * total and usable bytes are null when the file system does not say.
 */
public record DiskUsage(long logBytes, Long volumeTotalBytes, Long volumeUsableBytes) {
}
