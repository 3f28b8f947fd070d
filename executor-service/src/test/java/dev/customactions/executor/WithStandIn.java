package dev.customactions.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.common.testing.StandIn;
import dev.customactions.executor.definition.DefinitionCache;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that drives the executor against the HTTPS stand-in, started once per class. */
abstract class WithStandIn {

    static StandIn standIn;

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretBox box;

    @Inject
    DefinitionCache cache;

    @BeforeAll
    static void startStandIn() {
        standIn = StandIn.start();
    }

    @AfterAll
    static void stopStandIn() {
        standIn.close();
    }

    /** Definitions, events and invocations for one test; close it to stop reading results. */
    Fixtures fixtures() {
        return new Fixtures(mapper, box, cache);
    }
}
