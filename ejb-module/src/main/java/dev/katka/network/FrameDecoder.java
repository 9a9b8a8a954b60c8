package dev.katka.network;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream of a connection into Kafka request frames.
 *
 * <p>Every Kafka request is a 4-byte big-endian size followed by that many bytes. The size is
 * checked against {@code socket.request.max.bytes} as soon as its four bytes arrive, before
 * anything is allocated for the frame: a larger or negative size fails the connection at once
 * ({@code TooLongFrameException}, {@code CorruptedFrameException}), which
 * {@link ConnectionHandler} answers by closing that connection and nothing else.
 *
 * <p>One instance per connection (it keeps the partial frame); used only by its event loop.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private static final int SIZE_FIELD_BYTES = 4;

    FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, SIZE_FIELD_BYTES, 0, SIZE_FIELD_BYTES, true);
    }
}
