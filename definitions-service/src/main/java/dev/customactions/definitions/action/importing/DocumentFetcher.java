package dev.customactions.definitions.action.importing;

import dev.customactions.common.error.ApiException;
import dev.customactions.common.net.DestinationGuard;
import dev.customactions.definitions.DefinitionsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a document an admin names by URL (an OpenAPI document to import) as the executor calls APIs:
 * {@code https://} only (unless {@code allow-http}), every address the host resolves to checked by the
 * same {@link DestinationGuard}, the connection made to the address checked, no redirect followed, at
 * most {@link #MAX_BYTES} read within {@link #TIMEOUT}. Every refusal is a 422 naming {@code url}.
 */
@ApplicationScoped
public class DocumentFetcher {

    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final DestinationGuard guard;
    private final boolean allowHttp;

    DocumentFetcher(Vertx vertx, DefinitionsConfig config) {
        var options = new HttpClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setIdleTimeout((int) TIMEOUT.toSeconds())
                .setMaxRedirects(0);
        config.trustStore()
                .ifPresent(path -> options.setTrustOptions(new PfxOptions()
                        .setPath(path)
                        .setPassword(config.trustStorePassword().orElse(""))));
        this.client = vertx.createHttpClient(options);
        this.guard = new DestinationGuard(config.allowedDestinations().orElse(List.of()));
        this.allowHttp = config.allowHttp();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The text at {@code url}; blocks up to {@link #TIMEOUT}. */
    public String fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("url", "url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) || uri.getHost() == null) {
            throw ApiException.invalid("url", "url must be an https:// URL");
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
            guard.check(host, addresses);
        } catch (UnknownHostException e) {
            throw ApiException.unprocessable("url", "The host " + host + " is unknown");
        } catch (DestinationGuard.BlockedDestinationException e) {
            throw ApiException.unprocessable("url", e.getMessage());
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, addresses[0].getHostAddress()))
                .setHost(host)
                .setPort(port)
                .setSsl(tls)
                .setURI(target)
                .setFollowRedirects(false)
                .setTimeout(TIMEOUT.toMillis())
                .putHeader("Accept", "application/json, application/yaml, text/yaml, */*;q=0.5");
        var body = new CompletableFuture<String>();
        client.request(request)
                .compose(outgoing -> outgoing.send())
                .onFailure(body::completeExceptionally)
                .onSuccess(response -> {
                    if (response.statusCode() < 200 || response.statusCode() > 299) {
                        body.completeExceptionally(ApiException.unprocessable(
                                "url",
                                "The server answered " + response.statusCode()
                                        + (response.statusCode() / 100 == 3
                                                ? " (redirects are not followed: give the final URL, "
                                                        + response.getHeader("Location") + ")"
                                                : "")));
                        response.request().reset();
                        return;
                    }
                    Buffer read = Buffer.buffer();
                    response.handler(chunk -> {
                        read.appendBuffer(chunk);
                        if (read.length() > MAX_BYTES) {
                            body.completeExceptionally(ApiException.unprocessable(
                                    "url", "The document is larger than " + MAX_BYTES / 1024 + " KiB"));
                            response.request().reset();
                        }
                    });
                    response.exceptionHandler(body::completeExceptionally);
                    response.endHandler(end -> body.complete(read.toString(StandardCharsets.UTF_8)));
                });
        try {
            return body.get(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.unprocessable(
                    "url", "The document could not be fetched: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw ApiException.unprocessable(
                    "url", "The document was not fetched within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unprocessable("url", "Interrupted while fetching the document");
        }
    }
}
