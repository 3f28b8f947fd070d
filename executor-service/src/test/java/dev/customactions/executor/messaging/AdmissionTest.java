package dev.customactions.executor.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private final Admission admission = new Admission(3);

    private List<CompletableFuture<Void>> acquire(int count) {
        var places = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < count; i++) {
            places.add(admission.acquire());
        }
        return places;
    }

    private static long admitted(List<CompletableFuture<Void>> places) {
        return places.stream().filter(CompletableFuture::isDone).count();
    }

    @Test
    void beyondTheLimitARecordWaitsForAPlaceAndGetsItInTurn() {
        var places = acquire(5);
        assertEquals(3, admitted(places));
        admission.release();
        assertTrue(places.get(3).isDone(), "the first waiting takes the place given back");
        assertFalse(places.get(4).isDone());
        admission.release();
        assertTrue(places.get(4).isDone());
        assertEquals(3, admission.inFlight());
    }

    @Test
    void runsStandingAsideFreeTheirPlacesUpToTheLimitAgain() {
        var places = acquire(8);
        assertEquals(3, admitted(places));
        admission.aside(2);
        assertEquals(5, admitted(places), "two runs wait beyond their host's share: two more records are taken");
        admission.aside(5);
        assertEquals(6, admitted(places), "at most 3 stand aside: never more than twice the limit admitted");
        assertEquals(6, admission.inFlight());
        admission.aside(-7);
        admission.release();
        admission.release();
        admission.release();
        assertEquals(6, admitted(places), "back in line, the aside runs hold places again: none free yet");
        admission.release();
        assertEquals(7, admitted(places));
    }

    @Test
    void aRecordAskingWhileOthersWaitQueuesBehindThem() {
        var places = acquire(4);
        admission.aside(1);
        assertTrue(places.get(3).isDone());
        admission.aside(-1);
        var later = admission.acquire();
        admission.release();
        assertFalse(later.isDone(), "4 admitted, none aside: the place given back leaves 3, the limit");
        admission.release();
        assertTrue(later.isDone());
    }
}
