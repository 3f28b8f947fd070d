package dev.customactions.executor.messaging;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.executor.EventIntake;
import dev.customactions.executor.event.ChannelEventReceived;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Takes in {@code channel.events}, once each; the offset is committed after the intake commits.
 * A record that can't be read goes to {@code channel.events.dlq}; while the database is
 * unavailable the record is retried (backing off up to 10 s) and the partition waits.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private final EventIntake intake;
    private final ObjectMapper mapper;

    ChannelEventConsumer(EventIntake intake, ObjectMapper mapper) {
        this.intake = intake;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0,
            retryOn = { PersistenceException.class, SQLException.class, jakarta.transaction.TransactionalException.class },
            abortOn = JsonProcessingException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public void consume(ConsumerRecord<String, String> record) throws JsonProcessingException {
        intake.takeInOnce(CHANNEL, record, mapper.readValue(record.value(), ChannelEventReceived.class));
    }
}
