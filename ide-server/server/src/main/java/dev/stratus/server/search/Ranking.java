package dev.stratus.server.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best {@code max} of many scored items, without sorting them all: higher score first, then
 * shorter, then by a tie-breaking key (so equal scores come out in a stable order).
 */
final class Ranking<T> {
    private record Scored<T>(T item, int score, int length, String key) {
    }

    private static final Comparator<Scored<?>> BEST_FIRST = Comparator.<Scored<?>>comparingInt(s -> -s.score())
            .thenComparingInt(Scored::length).thenComparing(Scored::key);

    private final int max;
    private final PriorityQueue<Scored<T>> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());

    Ranking(int max) {
        this.max = max;
    }

    void offer(T item, int score, int length, String key) {
        Scored<T> s = new Scored<>(item, score, length, key);
        if (worstFirst.size() < max) {
            worstFirst.add(s);
        } else if (BEST_FIRST.compare(s, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(s);
        }
    }

    List<T> best() {
        List<Scored<T>> all = new ArrayList<>(worstFirst);
        all.sort(BEST_FIRST);
        return all.stream().map(Scored::item).toList();
    }
}
