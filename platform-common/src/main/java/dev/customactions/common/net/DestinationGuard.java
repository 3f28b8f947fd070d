package dev.customactions.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses destinations an outbound call must never reach (SSRF): loopback, private, link-local
 * (incl. the cloud metadata address 169.254.169.254), CGNAT, unique-local IPv6, multicast,
 * unspecified, reserved and documentation ranges, and IPv6 forms that embed such an IPv4 address
 * (mapped, compatible, NAT64, 6to4). Applied to every address a name resolves to, on every hop;
 * the call then connects to the address that was checked. An explicit allow-list (addresses,
 * CIDR ranges, host names) exempts development and test destinations.
 */
public final class DestinationGuard {

    // Compared by contains(), never by equals: the network as the address bytes it is matched against.
    @SuppressWarnings("ArrayRecordComponent")
    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Range> BLOCKED_V4 = List.of(
            range("0.0.0.0/8"),
            range("10.0.0.0/8"),
            range("100.64.0.0/10"),
            range("127.0.0.0/8"),
            range("169.254.0.0/16"),
            range("172.16.0.0/12"),
            range("192.0.0.0/24"),
            range("192.0.2.0/24"),
            range("192.88.99.0/24"),
            range("192.168.0.0/16"),
            range("198.18.0.0/15"),
            range("198.51.100.0/24"),
            range("203.0.113.0/24"),
            range("224.0.0.0/4"),
            range("240.0.0.0/4"));
    private static final List<Range> BLOCKED_V6 = List.of(
            range("::/128"),
            range("::1/128"),
            range("fc00::/7"),
            range("fe80::/10"),
            range("fec0::/10"),
            range("ff00::/8"),
            range("2001::/32"),
            range("2001:db8::/32"),
            range("100::/64"));

    private final List<Range> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    /** A guard exempting {@code allowed}: addresses, CIDR ranges or host names. */
    public DestinationGuard(List<String> allowed) {
        for (String entry : allowed) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (value.contains("/")
                    || (Character.digit(value.charAt(0), 16) >= 0 && value.contains(":"))
                    || value.matches("[0-9.]+")) {
                allowedRanges.add(range(value.contains("/") ? value : value + (value.contains(":") ? "/128" : "/32")));
            } else {
                allowedHosts.add(value.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A destination no outbound call may reach; the message names the host and the address. */
    public static final class BlockedDestinationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockedDestinationException(String message) {
            super(message);
        }
    }

    /** Throws {@link BlockedDestinationException} unless every one of {@code addresses} of {@code host} may be called. */
    public void check(String host, InetAddress[] addresses) {
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isBlocked(address) && allowedRanges.stream().noneMatch(range -> range.contains(address.getAddress()))) {
                throw new BlockedDestinationException("The destination " + host + " resolves to "
                        + address.getHostAddress() + ", a private, loopback, link-local or reserved address");
            }
        }
    }

    /** Whether {@code address} is in a range no outbound call may reach. */
    public static boolean isBlocked(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return BLOCKED_V4.stream().anyMatch(range -> range.contains(bytes));
        }
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedV4(bytes);
            if (embedded != null) {
                return BLOCKED_V4.stream().anyMatch(range -> range.contains(embedded));
            }
            return BLOCKED_V6.stream().anyMatch(range -> range.contains(bytes));
        }
        return true;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
    private static byte[] embeddedV4(byte[] v6) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= v6[i] == 0;
        }
        boolean mapped = zeroPrefix && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible =
                zeroPrefix && v6[10] == 0 && v6[11] == 0 && !(allZero(v6, 12, 15) && (v6[15] == 0 || v6[15] == 1));
        boolean nat64 = (v6[0] & 0xff) == 0x00
                && (v6[1] & 0xff) == 0x64
                && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b
                && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return new byte[] {v6[2], v6[3], v6[4], v6[5]};
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("Bad prefix length in " + cidr);
            }
            return new Range(network, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not an address or CIDR range: " + cidr, e);
        }
    }
}
