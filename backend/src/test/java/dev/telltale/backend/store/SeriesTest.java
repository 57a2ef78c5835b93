package dev.telltale.backend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void keepsStepOrderAndReplacesARepeatedStep() {
        Series s = new Series(2);
        s.upsert(10, 1.0, 100);
        s.upsert(30, 3.0, 300);
        s.upsert(20, 2.0, 200); // out of order
        s.upsert(0, 0.5, 50); // before the first
        s.upsert(20, 2.5, 250); // same step again: replaces
        for (int i = 0; i < 100; i++) {
            s.upsert(100 + i, i, i); // grows past its capacity
        }
        assertEquals(104, s.size());
        SeriesView v = s.read("k", 0, 30, 1000);
        assertArrayEquals(new long[] {0, 10, 20, 30}, v.steps());
        assertArrayEquals(new double[] {0.5, 1.0, 2.5, 3.0}, v.values());
        assertArrayEquals(new long[] {50, 100, 250, 300}, v.times());
    }
}
