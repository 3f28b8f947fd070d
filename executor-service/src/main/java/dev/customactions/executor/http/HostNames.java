package dev.customactions.executor.http;

import dev.customactions.common.net.DestinationGuard;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Addresses of destination hosts, so that most calls need no blocking look-up (and no hand-off to a
 * worker thread and back): an IP literal is its own address, and a name's addresses are kept for
 * {@link #TTL_NANOS}, as long as the JDK's own cache keeps them by default. Whatever is returned is
 * checked by the {@link DestinationGuard} on every call, cached or not, and the connection goes to the
 * address checked.
 */
final class HostNames {

    /** How long a name's addresses are used before it is looked up again. */
    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The most names kept; past that the cache starts again empty. */
    static final int MAX_NAMES = 10_000;

    // A cache entry, never compared: the addresses as InetAddress.getAllByName gives them.
    @SuppressWarnings("ArrayRecordComponent")
    private record Entry(InetAddress[] addresses, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    /** The addresses of {@code host} if they are known without a look-up, otherwise null. */
    InetAddress[] known(String host) {
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        Entry entry = cache.get(host);
        return entry == null || entry.expiresAt() - System.nanoTime() < 0 ? null : entry.addresses();
    }

    /** Looks {@code host} up (blocking) and keeps its addresses. */
    InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (cache.size() >= MAX_NAMES) {
            cache.clear();
        }
        cache.put(host, new Entry(addresses, System.nanoTime() + TTL_NANOS));
        return addresses;
    }
}
