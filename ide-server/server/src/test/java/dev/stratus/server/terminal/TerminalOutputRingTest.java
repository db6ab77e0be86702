package dev.stratus.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The output ring: sequence numbers, wrap-around, overwriting the oldest bytes, refusing gaps. */
class TerminalOutputRingTest {

    private static byte[] bytes(int from, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void bytesKeepTheirSequenceNumbersAcrossWrapAround() {
        OutputRing ring = new OutputRing(10);
        ring.append(bytes(0, 7), 0, 7);
        ring.append(bytes(7, 7), 0, 7);
        assertThat(ring.end()).isEqualTo(14);
        assertThat(ring.start()).isEqualTo(4);
        assertThat(ring.size()).isEqualTo(10);
        assertThat(ring.copy(4, 100)).isEqualTo(bytes(4, 10));
        assertThat(ring.copy(9, 3)).isEqualTo(bytes(9, 3));
        assertThat(ring.copy(14, 5)).isEmpty();
    }

    @Test
    void anAppendLargerThanTheRingKeepsItsNewestBytes() {
        OutputRing ring = new OutputRing(8);
        ring.append(bytes(0, 3), 0, 3);
        ring.append(bytes(3, 20), 0, 20);
        assertThat(ring.end()).isEqualTo(23);
        assertThat(ring.copy(ring.start(), 8)).isEqualTo(bytes(15, 8));
    }

    @Test
    void bytesNoLongerHeldOrNotYetWrittenAreRefused() {
        OutputRing ring = new OutputRing(4);
        ring.append(bytes(0, 6), 0, 6);
        assertThatThrownBy(() -> ring.copy(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.copy(7, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.equals(ring.copy(2, 4), bytes(2, 4))).isTrue();
    }

    @Test
    void theArrayGrowsWithTheOutputAndKeepsEveryByteUpToTheCapacity() {
        int capacity = 1 << 20;
        OutputRing ring = new OutputRing(capacity);
        assertThat(ring.capacity()).isEqualTo(capacity);
        int seq = 0;
        // Appends of odd sizes across every growth step, then past the capacity.
        for (int len : new int[] {1000, 70_000, 3, 200_000, 500_000, 300_000, 1_000_000}) {
            ring.append(bytes(seq, len), 0, len);
            seq += len;
            assertThat(ring.end()).isEqualTo(seq);
            assertThat(ring.start()).isEqualTo(Math.max(0, seq - capacity));
            assertThat(ring.copy(ring.start(), capacity)).isEqualTo(bytes((int) ring.start(), ring.size()));
        }
    }
}
