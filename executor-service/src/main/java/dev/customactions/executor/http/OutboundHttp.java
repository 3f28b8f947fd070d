package dev.customactions.executor.http;

import dev.customactions.common.net.DestinationGuard;
import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.run.RunFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way out to third parties: non-blocking HTTPS (Vert.x) with the platform's safety rules.
 * Each hop's host is resolved, every address checked by the {@link DestinationGuard}, and the
 * connection made to the checked address (the name still used for TLS and {@code Host}), so a
 * DNS answer can't change between check and call. The action's timeout covers the call itself
 * (resolution, connection, request and response, over every redirect) but not the time spent
 * waiting in line for a connection. The body is read up to the size cap and no further, redirects
 * are followed only up to the configured count, each re-checked, with credentials kept only for the
 * hosts their connection allows. Calls to one destination share a bounded pool, so one slow API
 * can't take the capacity of the others; a {@link ConnectionGate} in front of it keeps the calls
 * beyond the pool's cap waiting in line (never refused) and opens a connection only when that beats
 * waiting for a busy one; HTTP/2 is spoken where the server offers it if so configured.
 */
@ApplicationScoped
public class OutboundHttp {

    private final Vertx vertx;
    private final ExecutorConfig config;
    private final DestinationGuard guard;
    private final HttpClient client;
    private final HttpClient plainClient;
    private final HostNames names = new HostNames();
    private final ConnectionGate gate;
    private final Counter connectionsOpened;
    private volatile IntConsumer beyondShare = change -> {};
    /** Calls an HTTP/2 connection carries at once. */
    private final int http2Streams;
    /**
     * One context per event loop; each call starts on the next, in turn. A connection lives on the
     * event loop of the call that opened it (TLS, parsing, and the continuation of the run all happen
     * there), so calls started from the one context of the Kafka consumer would put every connection,
     * and most of the executor's work, on a single event loop: one core at most.
     */
    private final List<Context> callContexts = new CopyOnWriteArrayList<>();
    /** Done once the call contexts are made (or could not be: calls then start on their callers'). */
    private final CompletableFuture<Void> callContextsMade = new CompletableFuture<>();

    private final AtomicInteger nextCallContext = new AtomicInteger();

    /** One pool of the client: calls with the same scheme, checked address, port and host name share connections. */
    private record PoolKey(boolean https, String address, String host, int port) {}

    /**
     * HTTP/2 streams per connection before the pool opens another (up to the per-host cap): enough to
     * spare most handshakes, few enough that a busy host's calls spread over several connections and
     * so over several event loops on both sides.
     */
    private static final int STREAMS_PER_CONNECTION = 16;
    /** How long an idle connection is kept. */
    private static final int KEEP_ALIVE_SECONDS = 60;
    /** The longest a connection may take to open (less when less of the action's timeout is left). */
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    OutboundHttp(
            Vertx vertx,
            ExecutorConfig config,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.vertx.event-loops-pool-size") Optional<Integer> eventLoops) {
        this.vertx = vertx;
        this.config = config;
        this.connectionsOpened = Counter.builder("executor.outbound.connections.opened")
                .description("Connections opened to third parties (each a TCP and TLS handshake)")
                .register(registry);
        this.guard = new DestinationGuard(config.allowedDestinations().orElse(List.of()));
        // Do-nothing verticles, at least as many as event loops: Vert.x gives each instance a context on the next
        // loop in turn, and the first context on each loop is kept.
        var loopsSeen = ConcurrentHashMap.<Thread>newKeySet();
        int instances = Math.max(eventLoops.orElse(0), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
        vertx.deployVerticle(
                        () -> new AbstractVerticle() {
                            @Override
                            public void start() {
                                if (loopsSeen.add(Thread.currentThread())) {
                                    callContexts.add(context);
                                }
                            }
                        },
                        new DeploymentOptions().setInstances(instances))
                .onComplete(deployed -> {
                    if (deployed.failed()) {
                        Log.warnf(
                                "Calls start on their callers' event loops: %s",
                                deployed.cause().getMessage());
                    }
                    callContextsMade.complete(null);
                });
        int perHost = config.maxConnectionsPerHost();
        int http2Connections = Math.max(1, (perHost + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION);
        this.http2Streams = (perHost + http2Connections - 1) / http2Connections;
        this.gate = new ConnectionGate(
                perHost,
                config.maxInFlightWaitingPerHost(),
                System::nanoTime,
                task -> {
                    Context context = Vertx.currentContext();
                    (context != null ? context : vertx.getOrCreateContext()).runOnContext(ignored -> task.run());
                },
                change -> beyondShare.accept(change));
        Gauge.builder("executor.outbound.waiting", gate, ConnectionGate::waiting)
                .description("Calls waiting for a connection to their destination")
                .register(registry);
        // With http2, HTTP/2 where the server offers it (ALPN), HTTP/1.1 otherwise. Over HTTP/2 the calls
        // to a host share a few connections, so a burst doesn't open (and pay the TLS handshake of) a
        // connection per call; the cap on calls in progress per host is the same either way.
        var options = new HttpClientOptions()
                .setProtocolVersion(config.http2() ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                .setUseAlpn(config.http2())
                .setHttp2MultiplexingLimit(http2Streams)
                .setHttp2KeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setKeepAlive(true)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setVerifyHost(true)
                .setDecompressionSupported(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setName("outbound");
        config.trustStore()
                .ifPresent(path -> options.setTrustOptions(new PfxOptions()
                        .setPath(path)
                        .setPassword(config.trustStorePassword().orElse(""))));
        // The pool's sizes go in PoolOptions: with the builder, those on HttpClientOptions are not used (and
        // the HTTP/1.1 default is 5 connections per destination). Its wait queue stays unbounded: the gate
        // lets no more calls through than the pool carries, so hardly any wait in it.
        var pool = new PoolOptions().setHttp1MaxSize(perHost).setHttp2MaxSize(http2Connections);
        this.client = vertx.httpClientBuilder().with(options).with(pool).build();
        // Plain http:// (development only, see allowHttp) stays HTTP/1.1: no cleartext upgrade dance. Without
        // http2 the one client already speaks only HTTP/1.1.
        this.plainClient = !config.http2()
                ? client
                : vertx.httpClientBuilder()
                        .with(new HttpClientOptions(options)
                                .setProtocolVersion(HttpVersion.HTTP_1_1)
                                .setUseAlpn(false)
                                .setName("outbound-plain"))
                        .with(pool)
                        .build();
    }

    @PreDestroy
    void close() {
        client.close();
        if (plainClient != client) {
            plainClient.close();
        }
    }

    /**
     * Tells {@code listener} by how much the calls waiting for their destination beyond
     * {@code max-in-flight-waiting-per-host} changed (positive: more wait), as it changes.
     */
    public void onWaitingBeyondShare(IntConsumer listener) {
        this.beyondShare = listener;
    }

    /** Calls {@code request}, following redirects as configured; fails with a {@link RunFailure}. */
    public Uni<OutboundResponse> call(OutboundRequest request) {
        return hop(
                request,
                request.url(),
                request.method(),
                request.body(),
                request.headers(),
                new Budget(request.timeoutMs() * 1_000_000L),
                0);
    }

    /** What is left of a call's timeout: it runs only while the call is not waiting in line for a connection. */
    private static final class Budget {

        private long leftNanos;
        private long since;
        private boolean running;

        private Budget(long nanos) {
            this.leftNanos = nanos;
        }

        private synchronized void resume() {
            if (!running) {
                running = true;
                since = System.nanoTime();
            }
        }

        private synchronized void pause() {
            if (running) {
                running = false;
                leftNanos -= System.nanoTime() - since;
            }
        }

        private synchronized long leftMs() {
            return (leftNanos - (running ? System.nanoTime() - since : 0)) / 1_000_000L;
        }
    }

    private Uni<OutboundResponse> hop(
            OutboundRequest original,
            URI url,
            String method,
            byte[] body,
            List<Map.Entry<String, String>> headers,
            Budget budget,
            int redirects) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && config.allowHttp())) {
            return Uni.createFrom()
                    .failure(new RunFailure(
                            RunFailure.BLOCKED_DESTINATION, "Only https:// URLs may be called, not " + scheme + "://"));
        }
        String host = url.getHost();
        budget.resume();
        return resolve(host)
                .invoke(addresses -> {
                    try {
                        guard.check(host, addresses);
                    } catch (DestinationGuard.BlockedDestinationException blocked) {
                        throw new RunFailure(RunFailure.BLOCKED_DESTINATION, blocked.getMessage());
                    }
                })
                .chain(addresses -> send(url, method, body, headers, addresses[0], budget))
                .chain(response -> {
                    String location = response.header("Location");
                    boolean redirect = response.status() >= 300
                            && response.status() < 400
                            && response.status() != 304
                            && location != null;
                    if (!redirect || config.maxRedirects() == 0) {
                        return Uni.createFrom().item(response);
                    }
                    if (redirects >= config.maxRedirects()) {
                        return Uni.createFrom()
                                .failure(new RunFailure(
                                        RunFailure.HTTP_ERROR, "More than " + config.maxRedirects() + " redirects"));
                    }
                    URI next;
                    try {
                        next = url.resolve(location);
                    } catch (IllegalArgumentException e) {
                        return Uni.createFrom()
                                .failure(new RunFailure(RunFailure.HTTP_ERROR, "A redirect to an invalid URL"));
                    }
                    boolean keepMethod = response.status() == 307 || response.status() == 308;
                    var nextHeaders = new ArrayList<Map.Entry<String, String>>();
                    for (Map.Entry<String, String> header : headers) {
                        boolean credential =
                                original.credentialHeaders().stream().anyMatch(header.getKey()::equalsIgnoreCase);
                        boolean bodyHeader = !keepMethod && header.getKey().equalsIgnoreCase("Content-Type");
                        if ((!credential || original.credentialsAllowedFor().test(next.getHost())) && !bodyHeader) {
                            nextHeaders.add(header);
                        }
                    }
                    return hop(
                            original,
                            next,
                            keepMethod ? method : "get",
                            keepMethod ? body : null,
                            nextHeaders,
                            budget,
                            redirects + 1);
                });
    }

    private Uni<InetAddress[]> resolve(String host) {
        if (host == null || host.isEmpty()) {
            return Uni.createFrom().failure(new RunFailure(RunFailure.RENDER_FAILED, "The URL has no host"));
        }
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] known = names.known(name);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Uni.createFrom()
                .completionStage(() -> vertx.<InetAddress[]>executeBlocking(() -> names.resolve(name), false)
                        .toCompletionStage())
                .onFailure(UnknownHostException.class)
                .transform(e ->
                        new RunFailure(RunFailure.CONNECTION_FAILED, "The host " + host + " could not be resolved"));
    }

    private Uni<OutboundResponse> send(
            URI url,
            String method,
            byte[] body,
            List<Map.Entry<String, String>> headers,
            InetAddress address,
            Budget budget) {
        if (budget.leftMs() <= 0) {
            return Uni.createFrom().failure(timeout());
        }
        if (!callContextsMade.isDone()) {
            // The executor's first calls: they wait the few milliseconds until the call contexts are made.
            return Uni.createFrom()
                    .completionStage(callContextsMade)
                    .chain(() -> send(url, method, body, headers, address, budget));
        }
        return Uni.createFrom()
                .emitter(emitter ->
                        new Call(url, method, body, headers, address, budget, nextCallContext()).start(emitter));
    }

    /** The context the next call starts on: the event loops' in turn (the caller's own until they are deployed). */
    private Context nextCallContext() {
        int contexts = callContexts.size();
        return contexts == 0
                ? vertx.getOrCreateContext()
                : callContexts.get(Math.floorMod(nextCallContext.getAndIncrement(), contexts));
    }

    /**
     * One hop's request: it waits in its destination's line (the budget paused), then is sent and its answer
     * read on its event loop, failed by a timer when the budget runs out first. Its outcome is settled once;
     * whatever settles it (answer, failure, timer) lets the next call to the destination through.
     */
    private final class Call {

        private final URI url;
        private final byte[] body;
        private final Budget budget;
        private final boolean https;
        private final RequestOptions options;
        private final PoolKey pool;
        private final Context context;
        private final Promise<OutboundResponse> outcome = Promise.promise();
        /** The request once the pool gave it a connection: reset when the outcome is settled before its answer. */
        private volatile HttpClientRequest request;
        /** The budget's timer, once through the line; guarded by {@code this}. */
        private long timer = -1;

        private Call(
                URI url,
                String method,
                byte[] body,
                List<Map.Entry<String, String>> headers,
                InetAddress address,
                Budget budget,
                Context context) {
            this.url = url;
            this.context = context;
            this.body = body;
            this.budget = budget;
            this.https = "https".equalsIgnoreCase(url.getScheme());
            int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
            String host = url.getHost().startsWith("[")
                    ? url.getHost().substring(1, url.getHost().length() - 1)
                    : url.getHost();
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            this.options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
                    .setHost(host)
                    .setPort(port)
                    .setSsl(https)
                    .setURI(path)
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setFollowRedirects(false);
            headers.forEach(header -> options.addHeader(header.getKey(), header.getValue()));
            this.pool = new PoolKey(https, address.getHostAddress(), host, port);
        }

        /** Joins the destination's line on the call's event loop; {@code emitter} gets the outcome. */
        private void start(UniEmitter<? super OutboundResponse> emitter) {
            context.runOnContext(started -> {
                budget.pause();
                ConnectionGate.Ticket ticket = gate.enter(pool, through -> onContext(context, () -> go(through)));
                outcome.future().onComplete(result -> end(ticket, result, emitter));
            });
        }

        /** Through the line: the timeout runs again from here, and the request goes to the pool. */
        private void go(ConnectionGate.Ticket through) {
            budget.resume();
            long leftMs = budget.leftMs();
            if (leftMs <= 0) {
                outcome.tryFail(timeout());
                return;
            }
            synchronized (this) {
                if (outcome.future().isComplete()) {
                    return;
                }
                timer = vertx.setTimer(leftMs, id -> timedOut());
            }
            options.setConnectTimeout(Math.min(leftMs, CONNECT_TIMEOUT_MS));
            (https ? client : plainClient)
                    .request(options)
                    .onFailure(this::fail)
                    .onSuccess(connected -> send(through, connected));
        }

        private void send(ConnectionGate.Ticket through, HttpClientRequest connected) {
            request = connected;
            HttpConnection connection = connected.connection();
            Runnable onClose =
                    through.connected(connection, connected.version() == HttpVersion.HTTP_2 ? http2Streams : 1);
            if (onClose != null) {
                connectionsOpened.increment();
                connection.closeHandler(closed -> onClose.run());
            }
            if (outcome.future().isComplete()) {
                connected.reset();
                return;
            }
            connected.exceptionHandler(this::fail);
            (body == null ? connected.send() : connected.send(Buffer.buffer(body)))
                    .onFailure(this::fail)
                    .onSuccess(this::read);
        }

        /** Reads the answer's body up to the size cap, and no further. */
        private void read(HttpClientResponse response) {
            int cap = config.maxResponseBytes();
            String length = response.getHeader("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > cap) {
                outcome.tryFail(tooLarge(cap));
                request.reset();
                return;
            }
            Buffer received = Buffer.buffer();
            response.exceptionHandler(this::fail);
            response.handler(chunk -> {
                if (received.length() + chunk.length() > cap) {
                    if (outcome.tryFail(tooLarge(cap))) {
                        request.reset();
                    }
                } else {
                    received.appendBuffer(chunk);
                }
            });
            response.endHandler(done -> {
                var headers = new ArrayList<Map.Entry<String, String>>();
                response.headers().forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue())));
                outcome.tryComplete(new OutboundResponse(response.statusCode(), headers, received.getBytes(), url));
            });
        }

        private void fail(Throwable failure) {
            outcome.tryFail(translate(failure, url));
        }

        private void timedOut() {
            HttpClientRequest sent = request;
            if (outcome.tryFail(timeout()) && sent != null) {
                sent.reset();
            }
        }

        /** The outcome is settled: the budget stops, the next call to the destination may go, then the hop goes on. */
        private void end(
                ConnectionGate.Ticket ticket,
                AsyncResult<OutboundResponse> result,
                UniEmitter<? super OutboundResponse> emitter) {
            budget.pause();
            synchronized (this) {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
            }
            ticket.leave();
            if (result.succeeded()) {
                emitter.complete(result.result());
            } else {
                emitter.fail(result.cause());
            }
        }
    }

    /** Runs {@code task} now if on {@code context}, else on it (a call let through by another call's end). */
    private static void onContext(Context context, Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    private static RunFailure tooLarge(int cap) {
        return new RunFailure(RunFailure.RESPONSE_TOO_LARGE, "The response body is larger than " + cap + " bytes");
    }

    private static RunFailure timeout() {
        return new RunFailure(RunFailure.TIMEOUT, "No complete response within the action's timeout");
    }

    private static Throwable translate(Throwable failure, URI url) {
        if (failure instanceof RunFailure) {
            return failure;
        }
        // Before ConnectException: Netty's connect timeout is one.
        if (failure instanceof TimeoutException || failure instanceof ConnectTimeoutException) {
            return timeout();
        }
        if (failure instanceof SSLException) {
            return new RunFailure(
                    RunFailure.CONNECTION_FAILED, "TLS with " + url.getHost() + " failed: " + failure.getMessage());
        }
        if (failure instanceof ConnectException) {
            return new RunFailure(
                    RunFailure.CONNECTION_FAILED,
                    "Could not connect to " + url.getHost() + ": " + failure.getMessage());
        }
        return new RunFailure(
                RunFailure.CONNECTION_FAILED, "The call to " + url.getHost() + " failed: " + failure.getMessage());
    }
}
