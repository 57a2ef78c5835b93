package dev.telltale.backend.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.experiments.generate.CaptionGenerator;
import dev.telltale.experiments.generate.Generation;
import dev.telltale.experiments.generate.Words;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model cache's bookkeeping: least recently used out, a model in use closed only when let go,
 * a changed sha256 loads afresh. The models here only record whether they were closed (real ones
 * are exercised by GenerateApiTest).
 */
class GeneratorCacheTest {

    static final class Recorded implements CaptionGenerator {
        final String name;
        boolean closed;

        Recorded(String name) {
            this.name = name;
        }

        @Override
        public String kind() {
            return "recorded";
        }

        @Override
        public long step() {
            return 0;
        }

        @Override
        public Words words(String caption) {
            return new Words(List.of(), List.of());
        }

        @Override
        public Generation generate(String caption, long seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void leastRecentlyUsedIsEvictedAndClosedOnceNobodyUsesIt() throws Exception {
        GeneratorCache cache = new GeneratorCache(2);
        Recorded a = new Recorded("a");
        Recorded b = new Recorded("b");
        Recorded c = new Recorded("c");
        GeneratorCache.Lease held = cache.acquire(1, "sha-a", () -> a);
        cache.acquire(2, "sha-b", () -> b).close();
        try (var again = cache.acquire(1, "sha-a", () -> new Recorded("a2"))) {
            assertSame(a, again.generator(), "a hit loads nothing");
        }
        assertEquals(2, cache.loads());
        cache.acquire(3, "sha-c", () -> c).close();
        assertTrue(b.closed, "b was the least recently used");
        assertFalse(a.closed);
        cache.acquire(4, "sha-d", () -> new Recorded("d")).close();
        assertEquals(2, cache.size());
        assertFalse(a.closed, "evicted but still in use by a request");
        held.close();
        assertTrue(a.closed, "closed when the last user let go");
    }

    @Test
    void aChangedSha256LoadsTheCheckpointAfresh() throws Exception {
        GeneratorCache cache = new GeneratorCache(3);
        Recorded old = new Recorded("old");
        Recorded fresh = new Recorded("new");
        cache.acquire(1, "sha-1", () -> old).close();
        try (var l = cache.acquire(1, "sha-2", () -> fresh)) {
            assertSame(fresh, l.generator());
        }
        assertTrue(old.closed);
        assertEquals(1, cache.size());
        cache.close();
        assertTrue(fresh.closed);
    }
}
