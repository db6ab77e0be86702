package dev.stratus.server.terminal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Follows a terminal's output far enough to know where it is plain text: the stretches a client's
 * terminal emulator would only print and break into lines, without a control sequence, a mode or
 * a string in them. Between two line starts found here, skipping the output leaves a terminal in
 * exactly the state it would have had after printing it, once enough lines follow to push those
 * lines out of its scrollback (see {@link TerminalSocket}'s skipping).
 *
 * <p>The parse follows xterm's (DEC VT500 state machine, as xterm.js implements it) only as far
 * as needed to tell plain from not plain: ESC, CSI and the string sequences (OSC, DCS, SOS, PM,
 * APC, which run over any number of lines until BEL or ST), C1 controls as xterm.js reads them
 * after UTF-8 decoding ({@code C2 80..9F}), and C0 controls other than CR, LF and TAB. Every
 * byte that is such a control, or that arrives while a sequence is open, is <em>unsafe</em>; so
 * is all output while scroll margins narrower than the screen are set (DECSTBM, until it is
 * reset or DECSTR / RIS), because line feeds then do not scroll the whole screen.
 *
 * <p>A <em>line start</em> is the position after a CR LF printed in ground state, so the cursor
 * is in column 0 with nothing pending. Line starts are kept per <em>run</em>, a stretch of output
 * without an unsafe byte, so between two line starts of one run every byte is plain; at most
 * {@code capacity} of them, spread evenly over the output still held (a skip then keeps a few
 * more lines than asked, never fewer).
 *
 * <p>Not thread-safe; its terminal guards it.
 */
final class PlainLines {
    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int CSI = 2;
    private static final int OSC = 3;
    /** DCS, SOS, PM or APC. */
    private static final int STRING = 4;
    private static final int INITIAL = 256;
    private static final int MAX_CSI = 32;

    private final int capacity;
    /**
     * Kept line starts, oldest first: sequence number, line number (line starts counted over all
     * plain output) and run (a stretch of plain output between unsafe bytes).
     */
    private long[] seqs = new long[INITIAL];
    private long[] numbers = new long[INITIAL];
    private long[] runs = new long[INITIAL];
    private int count;
    /** Line starts seen in plain output so far. */
    private long lines;
    /** The run plain output now goes to, and whether it is open (no unsafe byte since it began). */
    private long run;
    private boolean runOpen;
    /** Runs that ended and still have kept line starts: {run, lines when it ended}. */
    private final ArrayDeque<long[]> ended = new ArrayDeque<>();
    /** Lines between kept line starts: grows when the kept ones would not fit, shrinks when the old ones leave. */
    private long stride = 1;
    /** Sequence number after the last unsafe byte: output from there on is plain. */
    private long plainFrom;
    private int state = GROUND;
    /** The open CSI's parameter and intermediate bytes (at most {@link #MAX_CSI}; longer: {@link #csiTooLong}). */
    private final StringBuilder csi = new StringBuilder();
    private boolean csiTooLong;
    /** An ESC sequence with intermediates (so ESC c is not a reset). */
    private boolean escIntermediate;
    /**
     * Top and bottom margins (DECSTBM) narrower than the screen are set: line feeds then scroll
     * only a region (or, below it, none), so no output counts as plain until they are reset.
     */
    private boolean margins;
    private int rows = 24;
    private boolean afterC2;
    private boolean afterCr;

    /** Keeps at most {@code capacity} line starts (thinned out evenly when there are more). */
    PlainLines(int capacity) {
        if (capacity < 8) {
            throw new IllegalArgumentException("capacity must be at least 8");
        }
        this.capacity = capacity;
    }

    /** The screen's height, for telling a full-screen scroll region from a narrower one. */
    void rows(int screenRows) {
        this.rows = screenRows;
    }

    /**
     * Follows {@code len} bytes of output whose first byte has sequence number {@code seq}; line
     * starts before {@code oldest} (output no longer held) may be forgotten.
     */
    void scan(byte[] buf, int off, int len, long seq, long oldest) {
        int end = off + len;
        int at = off;
        while (at < end) {
            if (state == GROUND && !afterC2 && !margins) {
                // Printable ASCII in ground state, the bulk of any flood: nothing to follow.
                int run = at;
                while (run < end && buf[run] >= 0x20 && buf[run] != 0x7f) {
                    run++;
                }
                if (run > at) {
                    afterCr = false;
                    at = run;
                    continue;
                }
            }
            int i = at - off;
            int b = buf[at++] & 0xff;
            boolean unsafe = state != GROUND || margins;
            if (afterC2 && b >= 0x80 && b <= 0x9f) {
                // A C1 control (U+0080..U+009F in UTF-8) acts from any state.
                unsafe = true;
                state = c1Target(b);
                startSequence();
            } else if (b == 0x18 || b == 0x1a) {
                // CAN and SUB end whatever sequence is open.
                unsafe = true;
                state = GROUND;
            } else if (b == 0x1b) {
                unsafe = true;
                state = ESCAPE;
                startSequence();
            } else {
                switch (state) {
                    case GROUND -> {
                        if (b < 0x20 && b != '\r' && b != '\n' && b != '\t' || b == 0x7f) {
                            unsafe = true;
                        }
                    }
                    case ESCAPE -> {
                        if (escIntermediate && b >= 0x30 && b <= 0x7e) {
                            state = GROUND;
                        } else if (b == '[') {
                            state = CSI;
                        } else if (b == ']') {
                            state = OSC;
                        } else if (b == 'P' || b == 'X' || b == '^' || b == '_') {
                            state = STRING;
                        } else if (b >= 0x30 && b <= 0x7e) {
                            state = GROUND;
                            if (b == 'c') {
                                margins = false; // RIS, a full reset
                            }
                        } else if (b >= 0x20 && b <= 0x2f) {
                            escIntermediate = true;
                        }
                        // C0 controls keep it open.
                    }
                    case CSI -> {
                        if (b >= 0x40 && b <= 0x7e) {
                            state = GROUND;
                            endCsi(b);
                        } else if (b >= 0x20) {
                            if (csi.length() < MAX_CSI) {
                                csi.append((char) b);
                            } else {
                                csiTooLong = true;
                            }
                        }
                    }
                    case OSC -> {
                        if (b == 0x07) {
                            state = GROUND;
                        }
                    }
                    default -> {
                        // DCS, SOS, PM, APC: only ST (ESC \ or C1 ST), CAN or SUB end them.
                    }
                }
            }
            if (unsafe) {
                endRun();
                plainFrom = seq + i + 1;
                afterCr = false;
            } else {
                if (b == '\n' && afterCr) {
                    add(seq + i + 1, oldest);
                }
                afterCr = b == '\r';
            }
            afterC2 = b == 0xc2;
        }
    }

    /** Sequence number from which all output so far is plain. */
    long plainFrom() {
        return plainFrom;
    }

    /**
     * Where output from {@code from} may skip to, keeping at least {@code keep} whole lines after
     * the skip: {@code {q, p}} with {@code from <= q < p}, both line starts of one run, so every
     * byte between them is plain, and at least {@code keep} CR LF-terminated lines of that run
     * after {@code p}; or null when there is no such stretch of at least {@code minBytes} bytes.
     * The caller sends {@code [from, q)} as usual and skips {@code [q, p)}. The first such
     * stretch after {@code from} is the one returned.
     */
    long[] skip(long from, long keep, int minBytes) {
        if (keep < 1) {
            return null;
        }
        int i = lastAtOrBelow(seqs, 0, count, from - 1) + 1;
        while (i < count) {
            long r = runs[i];
            int runEnd = lastAtOrBelow(runs, i, count, r) + 1;
            long lastLine = runOpen && r == run ? lines : endedAt(r);
            int p = lastAtOrBelow(numbers, i, runEnd, lastLine - keep);
            if (p > i && seqs[p] - seqs[i] >= minBytes) {
                return new long[] {seqs[i], seqs[p]};
            }
            i = runEnd;
        }
        return null;
    }

    private long endedAt(long r) {
        for (long[] e : ended) {
            if (e[0] == r) {
                return e[1];
            }
        }
        throw new IllegalStateException("run " + r + " is not known");
    }

    /** Index of the last of {@code values[from..to)} (ascending) that is at most {@code limit}; {@code from - 1} if none. */
    private static int lastAtOrBelow(long[] values, int from, int to, long limit) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= limit) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    private void endRun() {
        if (!runOpen) {
            return;
        }
        runOpen = false;
        int first = lastAtOrBelow(runs, 0, count, run - 1) + 1;
        if (count - first < 2) {
            count = first; // one line start: nothing to skip between
        } else {
            ended.add(new long[] {run, lines});
        }
        run++;
    }

    private void add(long lineStart, long oldest) {
        lines++;
        if (runOpen && count > 0 && runs[count - 1] == run && lines - numbers[count - 1] < stride) {
            return;
        }
        runOpen = true;
        if (count == seqs.length) {
            makeRoom(oldest);
        }
        seqs[count] = lineStart;
        numbers[count] = lines;
        runs[count] = run;
        count++;
    }

    /** Forgets line starts no longer held; then grows the arrays, or thins them out. */
    private void makeRoom(long oldest) {
        int gone = lastAtOrBelow(seqs, 0, count, oldest - 1) + 1;
        if (gone > 0) {
            System.arraycopy(seqs, gone, seqs, 0, count - gone);
            System.arraycopy(numbers, gone, numbers, 0, count - gone);
            System.arraycopy(runs, gone, runs, 0, count - gone);
            count -= gone;
            if (count < seqs.length / 4 && stride > 1) {
                stride /= 2;
            }
        }
        if (count < seqs.length) {
            forgetEndedRuns();
            return;
        }
        if (seqs.length < capacity) {
            int size = Math.min(capacity, seqs.length * 2);
            seqs = Arrays.copyOf(seqs, size);
            numbers = Arrays.copyOf(numbers, size);
            runs = Arrays.copyOf(runs, size);
            return;
        }
        // Every other line start goes; the last of each run stays, so no run loses its end.
        int kept = 0;
        for (int i = 0; i < count; i++) {
            boolean lastOfRun = i == count - 1 || runs[i + 1] != runs[i];
            if (i % 2 == 0 || lastOfRun) {
                seqs[kept] = seqs[i];
                numbers[kept] = numbers[i];
                runs[kept] = runs[i];
                kept++;
            }
        }
        if (kept == count) {
            // Only runs of one or two line starts are left: the oldest run goes.
            int firstOfNext = lastAtOrBelow(runs, 0, count, runs[0]) + 1;
            System.arraycopy(seqs, firstOfNext, seqs, 0, count - firstOfNext);
            System.arraycopy(numbers, firstOfNext, numbers, 0, count - firstOfNext);
            System.arraycopy(runs, firstOfNext, runs, 0, count - firstOfNext);
            kept = count - firstOfNext;
        }
        count = kept;
        stride *= 2;
        forgetEndedRuns();
    }

    private void forgetEndedRuns() {
        while (!ended.isEmpty() && (count == 0 || ended.peekFirst()[0] < runs[0])) {
            ended.removeFirst();
        }
    }

    private void startSequence() {
        csi.setLength(0);
        csiTooLong = false;
        escIntermediate = false;
    }

    /** A CSI sequence ended with {@code fin}: follows the scroll margins (DECSTBM) and soft resets (DECSTR). */
    private void endCsi(int fin) {
        String params = csi.toString();
        if (fin == 'p' && params.equals("!")) {
            margins = false;
        } else if (fin == 'r') {
            if (!params.isEmpty() && (params.charAt(0) < '0' || params.charAt(0) > ';')) {
                return; // a private or intermediate form: not DECSTBM
            }
            margins = csiTooLong || !fullScreen(params);
        }
    }

    /** Whether DECSTBM parameters {@code top;bottom} (each optional; 0 means default) span the whole screen. */
    private boolean fullScreen(String params) {
        String[] p = params.split(";", -1);
        if (p.length > 2) {
            return false;
        }
        try {
            int top = p[0].isEmpty() ? 1 : Integer.parseInt(p[0]);
            int bottom = p.length < 2 || p[1].isEmpty() ? 0 : Integer.parseInt(p[1]);
            return top <= 1 && (bottom == 0 || bottom >= rows);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int c1Target(int b) {
        return switch (b) {
            case 0x9b -> CSI;
            case 0x9d -> OSC;
            case 0x90, 0x98, 0x9e, 0x9f -> STRING;
            default -> GROUND;
        };
    }
}
