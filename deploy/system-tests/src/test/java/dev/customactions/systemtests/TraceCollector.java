package dev.customactions.systemtests;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A minimal OpenTelemetry collector for the system tests: takes OTLP over HTTP (protobuf) on a free
 * local port, as the services export spans when {@code CUSTOMACTIONS_OTLP_ENDPOINT} names it, and
 * keeps every span it receives.
 */
final class TraceCollector implements AutoCloseable {

    /** One span received: which service sent it, its trace, its own id, its parent's and its name and kind. */
    record Received(String service, String traceId, String spanId, String parentSpanId, String name, String kind) {}

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    static TraceCollector start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var collector = new TraceCollector(server);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                collector.take(ExportTraceServiceRequest.parseFrom(body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return collector;
    }

    /** The endpoint to export to. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far of trace {@code traceId}. */
    List<Received> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The ids of every trace whose spans arrived. */
    Set<String> traceIds() {
        return spans.stream().map(Received::traceId).collect(Collectors.toSet());
    }

    private void take(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attribute(resourceSpans.getResource(), "service.name");
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    spans.add(new Received(
                            service,
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            span.getKind().name()));
                }
            }
        }
    }

    private static String attribute(Resource resource, String key) {
        return resource.getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals(key))
                .map(KeyValue::getValue)
                .map(value -> value.getStringValue())
                .findFirst()
                .orElse("");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
