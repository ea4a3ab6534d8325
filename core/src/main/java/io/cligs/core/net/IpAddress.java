package io.cligs.core.net;

/**
 * Parses IP address literals without ever touching DNS ({@code InetAddress.getByName} would resolve
 * a host name, i.e. block). IPv4 dotted quads (RFC 791) and IPv6 text forms (RFC 4291 §2.2,
 * including {@code ::} and an embedded IPv4 tail; a {@code %zone} is ignored). IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) come back as the 4-byte IPv4 address.
 */
public final class IpAddress {

    private IpAddress() {
    }

    /** The address's 4 or 16 bytes, or null when the text is not an IP literal. */
    public static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s, 0, s.length());
        }
        byte[] v6 = parseV6(s);
        if (v6 != null && isV4Mapped(v6)) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        return v6;
    }

    /** Parses an IPv4 dotted quad in {@code s[from, to)}, or null. */
    static byte[] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
                continue;
            }
            char c = s.charAt(i);
            if (c < '0' || c > '9' || ++digits > 3) {
                return null;
            }
            value = (value < 0 ? 0 : value * 10) + (c - '0');
            if (value > 255) {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String text) {
        int pct = text.indexOf('%');
        String s = pct >= 0 ? text.substring(0, pct) : text;
        byte[] out = new byte[16];
        int doubleColon = -1;
        int pos = 0;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            doubleColon = 0;
            i = 2;
            if (n == 2) {
                return out;
            }
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            if (pos >= 16) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80 && i - start < 5) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                if (pos > 12) {
                    return null;
                }
                byte[] v4 = parseV4(s, start, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, pos, 4);
                pos += 4;
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4) {
                return null;
            }
            out[pos++] = (byte) (value >> 8);
            out[pos++] = (byte) value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (doubleColon >= 0) {
                    return null;
                }
                doubleColon = pos;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null;
            }
        }
        if (doubleColon >= 0) {
            if (pos == 16) {
                return null;
            }
            int tail = pos - doubleColon;
            System.arraycopy(out, doubleColon, out, 16 - tail, tail);
            for (int k = doubleColon; k < 16 - tail; k++) {
                out[k] = 0;
            }
        } else if (pos != 16) {
            return null;
        }
        return out;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** Text form of 4 or 16 bytes (IPv6 uncompressed hex groups; fine for logs and tests). */
    public static String format(byte[] a) {
        StringBuilder b = new StringBuilder();
        if (a.length == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    b.append('.');
                }
                b.append(a[i] & 0xff);
            }
            return b.toString();
        }
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff)));
        }
        return b.toString();
    }
}
