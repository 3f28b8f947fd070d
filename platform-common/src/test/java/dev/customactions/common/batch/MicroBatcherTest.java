package dev.customactions.common.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void itemsSubmittedWhileABatchIsWorkedOnGoTogetherInTheNext() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        List<List<Integer>> batches = new ArrayList<>();
        var batcher = new MicroBatcher<Integer, Integer>("test", workers, 100, Duration.ofMillis(5), items -> {
            synchronized (batches) {
                batches.add(items);
            }
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return items.stream().map(i -> i * 10).toList();
        });
        CompletableFuture<Integer> first = batcher.submit(1);
        assertTrue(started.await(10, TimeUnit.SECONDS), "the first batch started");
        var later = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 2; i <= 5; i++) {
            later.add(batcher.submit(i));
        }
        release.countDown();
        assertEquals(10, first.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < later.size(); i++) {
            assertEquals((i + 2) * 10, later.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(List.of(1), List.of(2, 3, 4, 5)), batches);
    }

    @Test
    void itemsThatMayWaitGoTogetherWithinTheirWindowAndAtOnceOnceTheBatcherIsClosed() throws Exception {
        List<List<String>> batches = new ArrayList<>();
        var batcher = new MicroBatcher<String, String>("test", workers, 100, Duration.ofMillis(200), items -> {
            synchronized (batches) {
                batches.add(items);
            }
            return items;
        });
        CompletableFuture<String> a = batcher.submit("a", false);
        CompletableFuture<String> b = batcher.submit("b", false);
        assertEquals("a", a.get(10, TimeUnit.SECONDS));
        assertEquals("b", b.get(10, TimeUnit.SECONDS));
        batcher.close();
        // Closed, nothing times a window any more: an item that may wait goes at once instead of never.
        assertEquals("c", batcher.submit("c", false).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), batches);
    }

    @Test
    void aFailedBatchIsReplayedItemByItemSoOnlyTheBadItemFails() throws Exception {
        var block = new CountDownLatch(1);
        var batcher = new MicroBatcher<String, String>("test", workers, 100, Duration.ZERO, items -> {
            block.await(10, TimeUnit.SECONDS);
            if (items.contains("bad")) {
                throw new IllegalArgumentException("bad item");
            }
            return items.stream().map(String::toUpperCase).toList();
        });
        CompletableFuture<String> first = batcher.submit("first");
        CompletableFuture<String> good = batcher.submit("good");
        CompletableFuture<String> bad = batcher.submit("bad");
        block.countDown();
        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        assertEquals("GOOD", good.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof IllegalArgumentException, failure.toString());
    }

    @Test
    void anItemThatIsNotUrgentStillGoesOnItsOwn() throws Exception {
        var batcher = new MicroBatcher<Integer, Integer>(
                "test", workers, 100, Duration.ofMillis(20), items -> List.copyOf(items));
        assertEquals(7, batcher.submit(7, false).get(10, TimeUnit.SECONDS));
    }
}
