package dev.customactions.gateway.messaging;

/** Kafka did not acknowledge an event in time: the client must retry (answered 503). */
public class PublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishFailedException(Throwable cause) {
        super("Kafka did not acknowledge the event: " + (cause == null ? "unknown" : cause.getMessage()), cause);
    }
}
