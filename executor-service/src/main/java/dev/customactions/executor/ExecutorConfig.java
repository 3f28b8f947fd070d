package dev.customactions.executor;

import dev.customactions.action.ActionDefinition;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the executor runs actions: the safety limits of outbound calls and its own capacity. */
@ConfigMapping(prefix = "customactions.executor")
public interface ExecutorConfig {

    /** Whether plain {@code http://} URLs may be called (development only). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Destinations exempt from the private-address check (development and tests): addresses or
     * CIDR ranges ({@code 127.0.0.1/32}, {@code fd00::/8}) and host names ({@code localhost}).
     */
    Optional<List<String>> allowedDestinations();

    /** The largest response body read; a larger one fails the run with {@code response_too_large}. */
    @WithDefault("2097152")
    int maxResponseBytes();

    /** Timeout of a call whose action sets none. */
    @WithDefault("" + ActionDefinition.DEFAULT_TIMEOUT_MS)
    int defaultTimeoutMs();

    /** The longest timeout an action may set. */
    @WithDefault("30000")
    int maxTimeoutMs();

    /** Redirects followed per call, each hop checked again (0: none). */
    @WithDefault("3")
    int maxRedirects();

    /**
     * Whether HTTP/2 is offered to destinations (ALPN) and used where they accept it; HTTP/1.1 otherwise.
     * Off by default: on the benchmark's two cores a warm HTTP/1.1 pool did better with fast upstreams,
     * HTTP/2 with slow ones and bursts (executor README, Benchmark).
     */
    @WithDefault("false")
    boolean http2();

    /**
     * Calls in progress at once to one destination host: HTTP/1.1 connections, or HTTP/2 streams
     * (over one connection per 16 of them) with {@link #http2()}.
     */
    @WithDefault("64")
    int maxConnectionsPerHost();

    /**
     * Runs waiting in line for one host that count in {@link #maxInFlight()}. Runs waiting beyond that
     * share don't, up to {@link #maxInFlight()} more of them across hosts, so the consumer goes on taking
     * records for other hosts while one host is slow. No run is refused for waiting.
     */
    @WithDefault("256")
    int maxInFlightWaitingPerHost();

    /**
     * Events and invocations being run at once (across all conversations); the consumer waits beyond.
     * Records admitted never exceed twice this, counting the runs waiting beyond their host's share.
     */
    @WithDefault("2000")
    int maxInFlight();

    /**
     * Of {@link #maxInFlight()}, the most one workspace's records hold at once while other workspaces have had
     * records in the last minute (a workspace alone has them all): one that floods leaves room for the others,
     * whose records are admitted in turn with its own, and keeps few enough runs busy that theirs don't queue
     * behind its own in the executor's shared stages (run log, results). Its runs waiting for a slow third party
     * count too: a workspace whose actions take 500 ms carries about 64 runs a second at 32 while others are
     * active; raise it where workspaces' hosts are slow and fairness matters less.
     */
    @WithDefault("32")
    int maxInFlightPerWorkspace();

    /**
     * Bytes of records (keys and values as read) taken from their topic that may wait in memory for a place (a
     * flooding workspace's, behind its share), so that the records of other workspaces behind them on the same
     * partitions are still read; they take about three times that in the heap. Beyond it the consumer waits and
     * the backlog stays on the topic, as lag.
     */
    @WithDefault("8388608")
    long maxWaitingBytes();

    /**
     * How long a partition taken from this executor (a replica joins, or this one stops) waits for the runs
     * of its records already taken before it is handed over: beyond the longest run (a 30 s timeout and its
     * retries' budget), so that the next owner calls no third party again.
     */
    @WithDefault("90s")
    Duration handOverWait();

    /** How much of a request or response body the run log and a test answer keep. */
    @WithDefault("65536")
    int loggedBodyBytes();

    /** How long runs stay in the run log. */
    @WithDefault("7d")
    Duration runRetention();

    /**
     * How long a run's look-up or store in the run log waits for other runs' to share its statement
     * (a statement costs PostgreSQL far more than a row); 0: each goes at once, alone unless others are
     * already waiting. Publication marks always wait up to 5 ms to go in a store's statement.
     */
    @WithDefault("5ms")
    Duration runLogWindow();

    /** A PKCS#12 trust store added for outbound TLS (development and tests); the JDK's trust otherwise. */
    Optional<String> trustStore();

    /** Password of {@link #trustStore()}. */
    Optional<String> trustStorePassword();
}
