package io.callguard.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Reads what {@link SnapshotOutput} wrote. Every read is checked against the payload's end, and every count against
 * the bytes left, so even a file that passed its checksum by chance cannot make a reader allocate without bound.
 */
public final class SnapshotInput {

    /** Thrown for anything that is not a whole snapshot in this format. */
    public static final class CorruptSnapshotException extends IOException {
        public CorruptSnapshotException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final long payloadEnd;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long consumedBeforeBuffer;

    SnapshotInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.payloadEnd = channel.size() - 8;
        if (payloadEnd < 0) {
            throw new CorruptSnapshotException("shorter than its checksum");
        }
        buffer.flip();
    }

    /** Whether the file's last 8 bytes are the CRC-32 of all before them. Leaves the channel where it was. */
    static boolean verify(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            return false;
        }
        CRC32 crc = new CRC32();
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long at = 0;
        while (at < size - 8) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - 8 - at));
            int n = channel.read(chunk, at);
            if (n < 0) {
                return false;
            }
            at += n;
            chunk.flip();
            crc.update(chunk);
        }
        ByteBuffer trailer = ByteBuffer.allocate(8);
        while (trailer.hasRemaining()) {
            if (channel.read(trailer, size - 8 + trailer.position()) < 0) {
                return false;
            }
        }
        return trailer.flip().getLong() == crc.getValue();
    }

    public int readInt() throws IOException {
        need(4);
        return buffer.getInt();
    }

    public long readLong() throws IOException {
        need(8);
        return buffer.getLong();
    }

    /** Reads {@code count} longs into {@code into} from {@code offset}, in bulk. */
    public void readLongs(long[] into, int offset, int count) throws IOException {
        if ((long) count * 8 > remaining()) {
            throw new CorruptSnapshotException("ends early");
        }
        for (int done = 0; done < count; ) {
            need(8);
            int n = Math.min(count - done, buffer.remaining() / 8);
            buffer.asLongBuffer().get(into, offset + done, n);
            buffer.position(buffer.position() + n * 8);
            done += n;
        }
    }

    /** Reads {@code count} ints into {@code into} from {@code offset}, in bulk. */
    public void readInts(int[] into, int offset, int count) throws IOException {
        if ((long) count * 4 > remaining()) {
            throw new CorruptSnapshotException("ends early");
        }
        for (int done = 0; done < count; ) {
            need(4);
            int n = Math.min(count - done, buffer.remaining() / 4);
            buffer.asIntBuffer().get(into, offset + done, n);
            buffer.position(buffer.position() + n * 4);
            done += n;
        }
    }

    public boolean readBoolean() throws IOException {
        need(1);
        return buffer.get() != 0;
    }

    public Instant readInstant() throws IOException {
        long seconds = readLong();
        int nanos = readInt();
        if (seconds == Long.MIN_VALUE) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            throw new CorruptSnapshotException("instant " + seconds + "." + nanos);
        }
    }

    public String readString() throws IOException {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > remaining()) {
            throw new CorruptSnapshotException("string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        int at = 0;
        while (at < length) {
            need(1);
            int n = Math.min(buffer.remaining(), length - at);
            buffer.get(bytes, at, n);
            at += n;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count of items of at least {@code bytesEach} bytes each, refused if the file cannot hold that many. */
    public int readCount(int bytesEach) throws IOException {
        int count = readInt();
        if (count < 0 || (long) count * bytesEach > remaining()) {
            throw new CorruptSnapshotException("count " + count + " larger than the file");
        }
        return count;
    }

    /** Whether every byte of the payload was read: a reader that stops early or late got the format wrong. */
    boolean atEnd() {
        return remaining() == 0;
    }

    private long remaining() {
        return payloadEnd - consumedBeforeBuffer - buffer.position();
    }

    private void need(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        if (remaining() < bytes) {
            throw new CorruptSnapshotException("ends early");
        }
        consumedBeforeBuffer += buffer.position();
        buffer.compact();
        buffer.limit((int) Math.min(buffer.capacity(), payloadEnd - consumedBeforeBuffer));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, consumedBeforeBuffer + buffer.position()) < 0) {
                throw new CorruptSnapshotException("ends early");
            }
        }
        buffer.flip();
    }
}
