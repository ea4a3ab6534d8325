package io.cligs.core.click;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The visitor hash: HMAC-SHA256 of the visitor's address and user agent under a key derived per UTC
 * day from {@code CLIG_VISITOR_SECRET} (the day key is HMAC-SHA256 of {@code "cligs-visitor-v1 " + date}
 * under the secret). Every edge with the same secret derives the same key, so a visitor counts once
 * per day across edges; the next day the same visitor hashes differently, and without the secret a
 * hash cannot be tied back to an address. The address itself never leaves this class.
 *
 * <p>Not thread-safe (it keeps the day's {@link Mac}): one per drainer thread.
 */
public final class VisitorHash {

    private static final String ALGORITHM = "HmacSHA256";
    private static final long DAY_MILLIS = 86_400_000L;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] secret;
    private long day = Long.MIN_VALUE;
    private Mac dayMac;

    /** @param secret {@code CLIG_VISITOR_SECRET}'s bytes; at least 16 */
    public VisitorHash(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("a visitor secret has at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    /** The secret as configured (UTF-8 text). */
    public static VisitorHash of(String secret) {
        return new VisitorHash(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The hash, 64 lower-case hex digits.
     *
     * @param address 4 or 16 bytes, or null when the peer was no IP address
     * @param userAgent as the event keeps it, or null
     * @param epochMillis when the visit happened: picks the UTC day's key
     */
    public String hash(byte[] address, String userAgent, long epochMillis) {
        Mac mac = macFor(Math.floorDiv(epochMillis, DAY_MILLIS));
        byte[] a = address == null ? new byte[0] : address;
        mac.update((byte) a.length);
        mac.update(a);
        if (userAgent != null) {
            mac.update(userAgent.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(mac.doFinal());
    }

    private Mac macFor(long epochDay) {
        if (epochDay != day) {
            try {
                Mac derive = Mac.getInstance(ALGORITHM);
                derive.init(new SecretKeySpec(secret, ALGORITHM));
                String date = LocalDate.ofEpochDay(epochDay).toString();
                byte[] dayKey = derive.doFinal(("cligs-visitor-v1 " + date).getBytes(StandardCharsets.US_ASCII));
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(dayKey, ALGORITHM));
                dayMac = mac;
                day = epochDay;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
            }
        }
        return dayMac;
    }

    /** The UTC day of {@code epochMillis} (for messages and tests). */
    public static LocalDate utcDay(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static void check(String hash) {
        if (hash == null || hash.length() != 64) {
            throw new InvalidEventException("vh", "64 hex digits, got " + (hash == null ? "none" : hash.length() + " characters"));
        }
        for (int i = 0; i < 64; i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new InvalidEventException("vh", "not lower-case hex at " + i);
            }
        }
    }
}
