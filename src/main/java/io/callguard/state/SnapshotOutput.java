package io.callguard.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Writes a snapshot file: big-endian primitives and nullable UTF-8 strings through a 1 MB buffer, and a CRC-32 of
 * everything as the last 8 bytes, which {@link SnapshotInput#verify} checks before a single value is read.
 */
public final class SnapshotOutput {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private final CRC32 crc = new CRC32();

    SnapshotOutput(FileChannel channel) {
        this.channel = channel;
    }

    public void writeInt(int value) throws IOException {
        room(4);
        buffer.putInt(value);
    }

    public void writeLong(long value) throws IOException {
        room(8);
        buffer.putLong(value);
    }

    /** {@code count} longs in one go; a caller that has them one at a time uses {@link #writeLong}. */
    public void writeLongs(long[] values, int count) throws IOException {
        for (int done = 0; done < count; ) {
            room(8);
            int n = Math.min(count - done, buffer.remaining() / 8);
            buffer.asLongBuffer().put(values, done, n);
            buffer.position(buffer.position() + n * 8);
            done += n;
        }
    }

    public void writeBoolean(boolean value) throws IOException {
        room(1);
        buffer.put(value ? (byte) 1 : 0);
    }

    /** An instant to the nanosecond, or {@code null}. */
    public void writeInstant(Instant value) throws IOException {
        writeLong(value == null ? Long.MIN_VALUE : value.getEpochSecond());
        writeInt(value == null ? 0 : value.getNano());
    }

    /** A string or {@code null} (length -1). */
    public void writeString(String value) throws IOException {
        if (value == null) {
            writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        int at = 0;
        while (at < bytes.length) {
            room(1);
            int n = Math.min(buffer.remaining(), bytes.length - at);
            buffer.put(bytes, at, n);
            at += n;
        }
    }

    /** Writes the checksum and forces everything to the device. */
    void finish() throws IOException {
        drain();
        ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();
        while (trailer.hasRemaining()) {
            channel.write(trailer);
        }
        channel.force(true);
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain();
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
