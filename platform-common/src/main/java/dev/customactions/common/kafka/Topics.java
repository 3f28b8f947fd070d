package dev.customactions.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The platform's topics: their names, shared by code and tests, and how each is created.
 */
public final class Topics {

    /** One accepted custom-channel event; key {@code workspace_id:conversation_id}. */
    public static final String CHANNEL_EVENTS = "channel.events";
    /** A request to run one action now (test or on-demand run). */
    public static final String ACTION_INVOCATIONS = "action.invocations";
    /** The outcome of one live run (triggered or on demand): what workflows and the objects service read. */
    public static final String ACTION_RESULTS = "action.results";
    /**
     * The outcome of one test run, the reply to the definitions service that asked for it; kept apart
     * from {@link #ACTION_RESULTS}, so that it reads only its replies and nobody else reads tests.
     */
    public static final String ACTION_TEST_RESULTS = "action.test-results";
    /** Compacted: the live state of actions, triggers and connection references. */
    public static final String DEFINITIONS_CHANGES = "definitions.changes";
    /** Compacted: the current state of every API token (hash, workspace, scopes), for local validation. */
    public static final String AUTH_TOKENS = "auth.tokens";

    /** Suffix of a topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private static final List<String> EVENT_TOPICS =
            List.of(CHANNEL_EVENTS, ACTION_INVOCATIONS, ACTION_RESULTS, ACTION_TEST_RESULTS);
    private static final List<String> COMPACTED_TOPICS = List.of(DEFINITIONS_CHANGES, AUTH_TOKENS);

    private Topics() {}

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /**
     * Every topic of the platform with its partition count and configuration: event topics
     * and their dead-letter topics with {@code partitions} partitions, compacted state topics too.
     */
    public static List<NewTopic> catalogue(int partitions, short replicationFactor) {
        var topics = new ArrayList<NewTopic>();
        for (String name : EVENT_TOPICS) {
            topics.add(new NewTopic(name, partitions, replicationFactor));
        }
        for (String name : COMPACTED_TOPICS) {
            topics.add(new NewTopic(name, partitions, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        for (String name : List.of(
                CHANNEL_EVENTS,
                ACTION_INVOCATIONS,
                ACTION_RESULTS,
                ACTION_TEST_RESULTS,
                DEFINITIONS_CHANGES,
                AUTH_TOKENS)) {
            topics.add(new NewTopic(dlq(name), partitions, replicationFactor));
        }
        return List.copyOf(topics);
    }
}
