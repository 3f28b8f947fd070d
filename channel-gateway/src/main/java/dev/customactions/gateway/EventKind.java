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

    /** The {@code kind} on {@code channel.events}. */
    public String wireName() {
        return wireName;
    }
}
