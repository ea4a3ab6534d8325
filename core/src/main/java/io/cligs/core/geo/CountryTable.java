package io.cligs.core.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import io.cligs.core.net.IpAddress;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A GeoIP2/GeoLite2 Country database compiled once into sorted address ranges, looked up by binary
 * search. Opening it reads the whole file (blocking: do it at start, off any event loop); a lookup
 * then costs a fraction of a microsecond and allocates nothing, where GeoIP2's
 * {@code DatabaseReader} would cost several (DESIGN.md, "The hot path's budget").
 *
 * <p>Immutable and thread-safe once built.
 */
public final class CountryTable {

    /** Classpath location of MaxMind's GeoIP2 Country test database (see geoip/README.md, licences beside it). */
    public static final String BUNDLED_TEST_DB = "/geoip/GeoIP2-Country-Test.mmdb";

    private final long[] v4Start;
    private final long[] v4End;
    private final CountryCode[] v4Country;
    private final long[] v6StartHi;
    private final long[] v6StartLo;
    private final long[] v6EndHi;
    private final long[] v6EndLo;
    private final CountryCode[] v6Country;
    private final String source;

    private CountryTable(List<Range> v4, List<Range> v6, String source) {
        int n = v4.size();
        v4Start = new long[n];
        v4End = new long[n];
        v4Country = new CountryCode[n];
        for (int i = 0; i < n; i++) {
            Range r = v4.get(i);
            v4Start[i] = r.startLo;
            v4End[i] = r.endLo;
            v4Country[i] = r.country;
        }
        int m = v6.size();
        v6StartHi = new long[m];
        v6StartLo = new long[m];
        v6EndHi = new long[m];
        v6EndLo = new long[m];
        v6Country = new CountryCode[m];
        for (int i = 0; i < m; i++) {
            Range r = v6.get(i);
            v6StartHi[i] = r.startHi;
            v6StartLo[i] = r.startLo;
            v6EndHi[i] = r.endHi;
            v6EndLo[i] = r.endLo;
            v6Country[i] = r.country;
        }
        this.source = source;
    }

    /** Compiles the database at {@code path}. */
    public static CountryTable open(Path path) throws IOException {
        if (!Files.isReadable(path)) {
            throw new IOException("GeoIP database " + path + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return compile(in, path.toString());
        }
    }

    /** Compiles MaxMind's test database bundled in this jar (tests, the quickstart). */
    public static CountryTable bundledTestDatabase() throws IOException {
        try (InputStream in = CountryTable.class.getResourceAsStream(BUNDLED_TEST_DB)) {
            if (in == null) {
                throw new IOException("bundled GeoIP test database " + BUNDLED_TEST_DB + " is missing from the classpath");
            }
            return compile(in, "classpath:" + BUNDLED_TEST_DB);
        }
    }

    /** Opens {@code path}, or the bundled test database when path is null. */
    public static CountryTable openOrBundled(Path path) throws IOException {
        return path == null ? bundledTestDatabase() : open(path);
    }

    private static CountryTable compile(InputStream in, String source) throws IOException {
        List<Range> v4 = new ArrayList<>();
        List<Range> v6 = new ArrayList<>();
        try (Reader reader = new Reader(in)) {
            Networks<Entry> networks = reader.networks(false, Entry.class);
            while (networks.hasNext()) {
                DatabaseRecord<Entry> rec = networks.next();
                CountryCode country = rec.data() == null ? null : rec.data().country();
                if (country == null) {
                    continue;
                }
                InetAddress net = rec.network().networkAddress();
                int prefix = rec.network().prefixLength();
                byte[] a = net.getAddress();
                if (net instanceof Inet4Address) {
                    long start = toLong(a, 0, 4);
                    long end = start | ((1L << (32 - prefix)) - 1);
                    v4.add(new Range(0, start, 0, end, country));
                } else {
                    BigInteger start = new BigInteger(1, a);
                    BigInteger end = start.or(BigInteger.ONE.shiftLeft(128 - prefix).subtract(BigInteger.ONE));
                    v6.add(new Range(start.shiftRight(64).longValue(), start.longValue(),
                            end.shiftRight(64).longValue(), end.longValue(), country));
                }
            }
        } catch (RuntimeException | com.maxmind.db.InvalidNetworkException e) {
            throw new IOException("GeoIP database " + source + " cannot be read: " + e.getMessage(), e);
        }
        Comparator<Range> order = (x, y) -> {
            int c = Long.compareUnsigned(x.startHi, y.startHi);
            return c != 0 ? c : Long.compareUnsigned(x.startLo, y.startLo);
        };
        v4.sort(order);
        v6.sort(order);
        return new CountryTable(v4, v6, source);
    }

    /** The country of an address given as text, or null when unknown or not an IP literal. */
    public CountryCode lookup(String address) {
        return lookup(IpAddress.parse(address));
    }

    /** The country of a 4- or 16-byte address, or null when the database has none for it. */
    public CountryCode lookup(byte[] address) {
        if (address == null) {
            return null;
        }
        if (address.length == 4) {
            long a = toLong(address, 0, 4);
            int i = floor(v4Start, a);
            return i >= 0 && a <= v4End[i] ? v4Country[i] : null;
        }
        if (address.length == 16) {
            long hi = toLong(address, 0, 8);
            long lo = toLong(address, 8, 8);
            int low = 0;
            int high = v6StartHi.length - 1;
            int found = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = Long.compareUnsigned(v6StartHi[mid], hi);
                if (c == 0) {
                    c = Long.compareUnsigned(v6StartLo[mid], lo);
                }
                if (c <= 0) {
                    found = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            if (found < 0) {
                return null;
            }
            int c = Long.compareUnsigned(hi, v6EndHi[found]);
            if (c < 0 || (c == 0 && Long.compareUnsigned(lo, v6EndLo[found]) <= 0)) {
                return v6Country[found];
            }
        }
        return null;
    }

    /**
     * An IPv4 address (else IPv6) this database places in {@code country}, to play a visitor from
     * there in checks and tests.
     */
    public Optional<String> sampleAddress(CountryCode country) {
        for (int i = 0; i < v4Country.length; i++) {
            if (v4Country[i].equals(country)) {
                long a = v4Start[i];
                return Optional.of(((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff));
            }
        }
        for (int i = 0; i < v6Country.length; i++) {
            if (v6Country[i].equals(country)) {
                byte[] b = new byte[16];
                for (int k = 0; k < 8; k++) {
                    b[k] = (byte) (v6StartHi[i] >>> (56 - 8 * k));
                    b[8 + k] = (byte) (v6StartLo[i] >>> (56 - 8 * k));
                }
                return Optional.of(IpAddress.format(b));
            }
        }
        return Optional.empty();
    }

    /** Number of ranges (IPv4 + IPv6); zero means the database mapped nothing to a country. */
    public int size() {
        return v4Start.length + v6StartHi.length;
    }

    public String source() {
        return source;
    }

    private static int floor(long[] starts, long key) {
        int i = Arrays.binarySearch(starts, key);
        return i >= 0 ? i : -i - 2;
    }

    private static long toLong(byte[] a, int from, int len) {
        long v = 0;
        for (int i = from; i < from + len; i++) {
            v = (v << 8) | (a[i] & 0xff);
        }
        return v;
    }

    private record Range(long startHi, long startLo, long endHi, long endLo, CountryCode country) {
    }

    /** The part of a Country record we read: the country, else the registered country. */
    public static final class Entry {
        private final CountryCode country;

        @MaxMindDbConstructor
        public Entry(@MaxMindDbParameter(name = "country") Iso country,
                     @MaxMindDbParameter(name = "registered_country") Iso registered) {
            CountryCode c = country == null ? null : CountryCode.ofIsoOrNull(country.code);
            if (c == null && registered != null) {
                c = CountryCode.ofIsoOrNull(registered.code);
            }
            this.country = c;
        }

        CountryCode country() {
            return country;
        }
    }

    /** An {@code iso_code} holder. */
    public static final class Iso {
        private final String code;

        @MaxMindDbConstructor
        public Iso(@MaxMindDbParameter(name = "iso_code") String code) {
            this.code = code;
        }
    }
}
