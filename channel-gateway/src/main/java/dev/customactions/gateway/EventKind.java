package dev.customactions.gateway;

/** The four kinds of custom-channel event, with the path of the endpoint that receives each. */
public enum EventKind {
    NEW_CONVERSATION("notify_new_conversation", "new_conversation"),
    NEW_MESSAGE("notify_new_message", "new_message"),
    QUICK_REPLY_SELECTED("notify_quick_reply_selected", "quick_reply_selected"),
    ATTRIBUTE_COLLECTED("notify_attribute_collected", "attribute_collected");

    private final String path;
    private final String wireName;

    EventKind(String path, String wireName) {
        this.path = path;
        this.wireName = wireName;
    }

    /** The endpoint's last path segment. */
    public String path() {
        return path;
    }

    /**
     * The {@code kind} tag of the events API's metrics for a request to {@code pathSegment}: the endpoint's path,
     * or {@code unknown} for any other (a path is the caller's to choose: a tag per path would grow without end).
     */
    public static String metricTag(String pathSegment) {
        for (EventKind kind : values()) {
            if (kind.path.equals(pathSegment)) {
                return kind.path;
            }
        }
        return "unknown";
    }

    /** The {@code kind} on {@code channel.events}. */
    public String wireName() {
        return wireName;
    }
}
