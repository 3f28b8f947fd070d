package dev.customactions.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The browser's one origin: {@code /api/<service>/<path>} is forwarded to that service's
 * {@code /<path>} as it came (method, headers with the caller's token, body), and the answer back as
 * it went, so every rule stays the service's own. The services' {@code /q/} endpoints (metrics, API
 * documents) are not forwarded: the console's own {@code /api/ops} reads what the operator needs.
 * {@code /mcp} is the definitions service's MCP endpoint. The front end's routes are answered with its page.
 */
@ApplicationScoped
public class ApiProxy {

    /** The front end's own routes (client-side routing): a reload or a shared link gets the page. */
    private static final Pattern PAGE_ROUTES =
            Pattern.compile("/(actions|triggers|connections|data-model|runs|records|tokens|ops|dead-letters)(/[^.]*)?");

    void routes(@Observes Router router, Vertx vertx, ConsoleConfig config) {
        int timeoutMillis = (int) config.proxyTimeout().toMillis();
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout(5_000)
                        .setIdleTimeout(timeoutMillis / 1000 + 1),
                new PoolOptions().setHttp1MaxSize(32));
        for (Map.Entry<String, String> service : config.services().entrySet()) {
            URI origin = URI.create(service.getValue());
            String prefix = "/api/" + service.getKey();
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .origin(origin.getPort() < 0 ? 80 : origin.getPort(), origin.getHost());
            proxy.addInterceptor(new ProxyInterceptor() {
                @Override
                public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                    String uri = context.request().getURI().substring(prefix.length());
                    context.request().setURI(uri.isEmpty() ? "/" : uri);
                    context.request().headers().remove("Cookie");
                    return context.sendRequest();
                }
            });
            router.route(prefix + "/q/*")
                    .order(-2)
                    .handler(rc -> rc.response().setStatusCode(404).end());
            router.route(prefix + "/*").order(-1).handler(rc -> proxy.handle(rc.request()));
        }
        // The workspace's MCP server, at the console's origin as agents are told (the tokens page): forwarded
        // as it is, its event streams held open as long as the client keeps them.
        URI definitions = URI.create(config.services().get("definitions"));
        HttpProxy mcp = HttpProxy.reverseProxy(vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                        new PoolOptions().setHttp1MaxSize(32)))
                .origin(definitions.getPort() < 0 ? 80 : definitions.getPort(), definitions.getHost());
        router.route("/mcp").order(-1).handler(rc -> mcp.handle(rc.request()));
        router.route()
                .method(HttpMethod.GET)
                .pathRegex(PAGE_ROUTES.pattern())
                .order(-1)
                .handler(rc -> rc.reroute("/"));
    }
}
