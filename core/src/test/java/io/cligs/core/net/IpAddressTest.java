package io.cligs.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "255.255.255.255", "0.0.0.0", "::", "::1", "2a02:d180::1", "2001:db8:0:0:1:0:0:1",
        "fe80::1:2", "1::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33"})
    void parsesAsTheJdkDoes(String text) throws UnknownHostException {
        assertArrayEquals(InetAddress.getByName(text).getAddress(), IpAddress.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "a.b.c.d", "1:2:3:4:5:6:7:8:9", ":::",
        "1::2::3", "12345::", "localhost", "example.com", "", " ", "1.2.3.4x", "::ffff:1.2.3", ":1::"})
    void rejectsWhatIsNotALiteral(String text) {
        assertNull(IpAddress.parse(text), text);
    }

    @Test
    void cidrMatchesItsNetworkOnly() {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertTrue(net.contains(IpAddress.parse("10.1.200.3")));
        assertFalse(net.contains(IpAddress.parse("10.2.0.1")));
        assertTrue(Cidr.parse("::1/128").contains(IpAddress.parse("::1")));
        assertFalse(Cidr.parse("::1/128").contains(IpAddress.parse("127.0.0.1")));
        assertTrue(Cidr.parse("2a02:d180::/32").contains(IpAddress.parse("2a02:d180:1::5")));
        assertTrue(Cidr.parse("1.2.3.4").contains(IpAddress.parse("1.2.3.4")));
    }

    @Test
    void badCidrIsAnErrorNamingIt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Cidr.parse("10.0.0.0/33"));
        assertTrue(e.getMessage().contains("33"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Cidr.parse("nonsense/8"));
    }
}
