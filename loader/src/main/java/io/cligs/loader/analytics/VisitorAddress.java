package io.cligs.loader.analytics;

import io.cligs.core.net.Cidr;
import io.cligs.core.net.IpAddress;
import io.cligs.loader.dump.BadRowException;
import java.util.List;

/**
 * The visitor's address from the legacy click log's {@code ip} field: one address, a comma list a proxy
 * wrote ({@code X-Forwarded-For} as the old system stored it), or empty. The visitor is the first
 * <em>public</em> address of the list (private, loopback, link-local, shared and multicast ranges are
 * proxies or hosts of the old system's own network); a list with none is the first address (its country
 * is then unknown, and the visitor hash still tells visitors apart). Every item must be an IP literal:
 * anything else ({@code unknown}, a host name) is a reject, never a guess. Stateless.
 */
final class VisitorAddress {

    /** Ranges that are never a visitor's public address (RFC 1918, 6598, 3927, 5735, 4193, 4291). */
    static final List<Cidr> NOT_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("ff00::/8"));

    private VisitorAddress() {
    }

    /**
     * The visitor's 4 or 16 bytes; null when the field is NULL or empty.
     *
     * @throws BadRowException {@code bad_ip} when an item is not an IP literal
     */
    static byte[] of(String field) throws BadRowException {
        if (field == null) {
            return null;
        }
        byte[] first = null;
        int start = 0;
        int n = field.length();
        while (start <= n) {
            int comma = field.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            String item = field.substring(start, end).trim();
            start = end + 1;
            if (item.isEmpty()) {
                continue;
            }
            byte[] a = IpAddress.parse(item);
            if (a == null) {
                throw new BadRowException("bad_ip", "'" + abbreviate(item) + "' is not an IP address");
            }
            if (isPublic(a)) {
                // later items are not looked at: the proxies after the visitor added them
                return a;
            }
            if (first == null) {
                first = a;
            }
        }
        return first;
    }

    static boolean isPublic(byte[] address) {
        for (Cidr c : NOT_PUBLIC) {
            if (c.contains(address)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
