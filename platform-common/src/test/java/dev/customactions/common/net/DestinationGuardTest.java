package dev.customactions.common.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationGuardTest {

    static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void refusesEveryPrivateReservedOrSpecialRange() throws Exception {
        for (String blocked : List.of(
                "127.0.0.1",
                "127.255.0.9",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "0.0.0.0",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "198.18.0.1",
                "192.0.2.10",
                "::1",
                "::",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "2002:a9fe:a9fe::1",
                "::127.0.0.1",
                "2001:db8::1")) {
            assertTrue(DestinationGuard.isBlocked(address(blocked)), blocked);
        }
    }

    @Test
    void letsPublicAddressesThrough() throws Exception {
        for (String open : List.of(
                "93.184.216.34",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700::1111",
                "::ffff:93.184.216.34",
                "64:ff9b::808:808")) {
            assertFalse(DestinationGuard.isBlocked(address(open)), open);
        }
    }

    @Test
    void oneBlockedAddressAmongSeveralRefusesTheName() throws Exception {
        var guard = new DestinationGuard(List.of());
        var failure = assertThrows(
                DestinationGuard.BlockedDestinationException.class,
                () -> guard.check("mixed.example", new InetAddress[] {address("93.184.216.34"), address("10.0.0.6")}));
        assertEquals(
                "The destination mixed.example resolves to 10.0.0.6, a private, loopback, link-local or reserved address",
                failure.getMessage());
    }

    @Test
    void theAllowListExemptsExactlyWhatItNames() throws Exception {
        var guard = new DestinationGuard(List.of("127.0.0.1/32", "fd00::/8", "dev.local"));
        assertDoesNotThrow(() -> guard.check("shop.test", new InetAddress[] {address("127.0.0.1")}));
        assertDoesNotThrow(() -> guard.check("v6.test", new InetAddress[] {address("fd00::5")}));
        assertDoesNotThrow(() -> guard.check("dev.local", new InetAddress[] {address("10.9.9.9")}));
        assertThrows(
                DestinationGuard.BlockedDestinationException.class,
                () -> guard.check("shop.test", new InetAddress[] {address("127.0.0.2")}));
        assertThrows(
                DestinationGuard.BlockedDestinationException.class,
                () -> guard.check("meta.test", new InetAddress[] {address("169.254.169.254")}));
    }
}
