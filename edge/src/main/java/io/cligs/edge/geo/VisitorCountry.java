package io.cligs.edge.geo;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import java.util.List;

/**
 * The visitor's country for Right Clig rules: {@link ClientAddress} then the {@link CountryTable}
 * range table (a binary search; never a GeoIP2 {@code DatabaseReader} per request). Asked only for
 * links that have rules. Immutable and thread-safe.
 */
public final class VisitorCountry {

    private final CountryTable table;
    private final ClientAddress clientAddress;

    public VisitorCountry(CountryTable table, ClientAddress clientAddress) {
        this.table = table;
        this.clientAddress = clientAddress;
    }

    /** The country, or null when unknown (then the link's default target applies). */
    public CountryCode of(String peer, List<String> forwardedFor) {
        return table.lookup(clientAddress.resolve(peer, forwardedFor));
    }

    public CountryTable table() {
        return table;
    }
}
