package dev.customactions.console.ops;

import java.util.List;

/**
 * What one read of one service found: its readiness ({@code /q/health/ready}) and the samples of its
 * metrics that the page uses ({@code /q/metrics}; null when they could not be read).
 *
 * @param ready      whether the readiness check answered UP
 * @param downChecks the names of the readiness checks that are not UP
 * @param upChecks   the names of those that are
 * @param error      why the service could not be read (unreachable, timed out, unexpected answer), or null
 */
public record ServiceScrape(
        String service,
        boolean ready,
        List<String> downChecks,
        List<String> upChecks,
        String error,
        List<Sample> samples) {

    public ServiceScrape {
        downChecks = List.copyOf(downChecks);
        upChecks = List.copyOf(upChecks);
        samples = samples == null ? null : List.copyOf(samples);
    }
}
