package dev.stratus.server.terminal;

/**
 * The newest output bytes of a terminal, numbered from 0 since the terminal started. Its array
 * grows with the output up to a fixed capacity; appending past that overwrites the oldest bytes,
 * so memory never grows beyond it (a terminal that prints little holds little).
 * Not thread-safe; its terminal guards it.
 */
final class OutputRing {
    private static final int INITIAL = 64 * 1024;

    private final int capacity;
    private byte[] data;
    private long end;

    OutputRing(int capacity) {
        this.capacity = capacity;
        this.data = new byte[Math.min(capacity, INITIAL)];
    }

    int capacity() {
        return capacity;
    }

    /** Sequence number of the oldest byte still held. */
    long start() {
        return Math.max(0, end - data.length);
    }

    /** Sequence number the next appended byte gets (= bytes appended so far). */
    long end() {
        return end;
    }

    /** Bytes held now. */
    int size() {
        return (int) (end - start());
    }

    void append(byte[] src, int off, int len) {
        if (end + len > data.length && data.length < capacity) {
            grow((int) Math.min(capacity, Math.max(2L * data.length, end + len)));
        }
        if (len > data.length) {
            off += len - data.length;
            end += len - data.length;
            len = data.length;
        }
        int pos = (int) (end % data.length);
        int first = Math.min(len, data.length - pos);
        System.arraycopy(src, off, data, pos, first);
        System.arraycopy(src, off + first, data, 0, len - first);
        end += len;
    }

    /** Copies up to {@code max} bytes from sequence number {@code from}, which must be held. */
    byte[] copy(long from, int max) {
        if (from < start() || from > end) {
            throw new IllegalArgumentException("Byte " + from + " is not held (" + start() + ".." + end + ")");
        }
        int len = (int) Math.min(max, end - from);
        byte[] out = new byte[len];
        int pos = (int) (from % data.length);
        int first = Math.min(len, data.length - pos);
        System.arraycopy(data, pos, out, 0, first);
        System.arraycopy(data, 0, out, first, len - first);
        return out;
    }

    /** Moves what is held into an array of {@code size} bytes (each byte sits at its sequence number modulo the size). */
    private void grow(int size) {
        byte[] held = copy(start(), size());
        data = new byte[size];
        long from = end - held.length;
        int pos = (int) (from % size);
        int first = Math.min(held.length, size - pos);
        System.arraycopy(held, 0, data, pos, first);
        System.arraycopy(held, first, data, 0, held.length - first);
    }
}
