package io.cligs.edge.geo;

import io.cligs.core.net.Cidr;
import io.cligs.core.net.IpAddress;
import java.util.List;

/**
 * The visitor's address: the TCP peer, unless the peer is a trusted proxy ({@code CLIG_TRUSTED_PROXIES});
 * then {@code X-Forwarded-For} is walked from the right (the hop the proxy itself added) and the
 * first address that is not a trusted proxy is the visitor. A header from an untrusted peer is
 * ignored: anyone can write one. An entry that is not an IP address stops the walk, and the hop
 * that reported it (a trusted proxy) is the answer, as nginx's {@code real_ip_recursive} does.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientAddress {

    private final Cidr[] trusted;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trusted = trustedProxies.toArray(new Cidr[0]);
    }

    public boolean isTrusted(byte[] address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The visitor's address as 4 or 16 bytes, or null when the peer is not an IP literal.
     *
     * @param peer the TCP peer's address text
     * @param forwardedFor every {@code X-Forwarded-For} header line, in order (may be empty or null)
     */
    public byte[] resolve(String peer, List<String> forwardedFor) {
        byte[] current = IpAddress.parse(peer);
        if (current == null || forwardedFor == null || forwardedFor.isEmpty() || !isTrusted(current)) {
            return current;
        }
        for (int line = forwardedFor.size() - 1; line >= 0; line--) {
            String header = forwardedFor.get(line);
            int end = header.length();
            while (end > 0) {
                int comma = header.lastIndexOf(',', end - 1);
                String item = header.substring(comma + 1, end).trim();
                end = comma < 0 ? 0 : comma;
                if (item.isEmpty()) {
                    continue;
                }
                byte[] hop = parseHop(item);
                if (hop == null) {
                    return current;
                }
                current = hop;
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
        }
        return current;
    }

    /** An address, also with a port some proxies add ({@code 1.2.3.4:80}, {@code [2001:db8::1]:80}). */
    private static byte[] parseHop(String item) {
        byte[] a = IpAddress.parse(item);
        if (a != null) {
            return a;
        }
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            return close > 0 ? IpAddress.parse(item.substring(1, close)) : null;
        }
        int colon = item.indexOf(':');
        if (colon > 0 && colon == item.lastIndexOf(':')) {
            return IpAddress.parse(item.substring(0, colon));
        }
        return null;
    }
}
