package io.cligs.core.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cligs.core.net.IpAddress;
import org.junit.jupiter.api.Test;

class VisitorHashTest {

    private static final String SECRET = "a secret of more than 16 bytes";
    private static final long NOON = 1_700_000_000_000L - 1_700_000_000_000L % 86_400_000L + 43_200_000L;
    private static final byte[] ADDRESS = IpAddress.parse("81.2.69.160");
    private static final String UA = "Mozilla/5.0";

    @Test
    void twoEdgesWithTheSecretAgreeWithinADay() {
        VisitorHash edgeA = VisitorHash.of(SECRET);
        VisitorHash edgeB = VisitorHash.of(SECRET);
        String morning = edgeA.hash(ADDRESS, UA, NOON - 40_000_000L);
        assertEquals(morning, edgeB.hash(ADDRESS, UA, NOON + 40_000_000L));
        assertEquals(64, morning.length());
        VisitorHash.check(morning);
    }

    @Test
    void theNextDayOrAnotherAgentOrAddressOrSecretHashesDifferently() {
        VisitorHash h = VisitorHash.of(SECRET);
        String today = h.hash(ADDRESS, UA, NOON);
        assertNotEquals(today, h.hash(ADDRESS, UA, NOON + 86_400_000L));
        assertNotEquals(today, h.hash(ADDRESS, UA + " ", NOON));
        assertNotEquals(today, h.hash(IpAddress.parse("81.2.69.161"), UA, NOON));
        assertNotEquals(today, VisitorHash.of(SECRET + "!").hash(ADDRESS, UA, NOON));
        assertEquals(today, h.hash(ADDRESS, UA, NOON));
    }

    @Test
    void noAddressOrAgentStillHashes() {
        VisitorHash h = VisitorHash.of(SECRET);
        assertNotEquals(h.hash(null, null, NOON), h.hash(ADDRESS, null, NOON));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> VisitorHash.of("short"));
    }
}
