package dev.stratus.server.terminal;

/**
 * The newest output bytes of a terminal, numbered from 0 since the terminal started. Holds a
 * fixed array: appending past its capacity overwrites the oldest bytes, so memory never grows.
 * Not thread-safe; its terminal guards it.
 */
final class OutputRing {
    private final byte[] data;
    private long end;

    OutputRing(int capacity) {
        this.data = new byte[capacity];
    }

    int capacity() {
        return data.length;
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
}
