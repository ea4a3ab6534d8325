package io.cligs.loader.verify;

/**
 * One line of an expectations file ({@code gen_legacy_dump.py --expect}): a visitor from
 * {@code country} ({@code *}: any country without a rule) asking for {@code slug} must get
 * {@code status} and exactly {@code location} ({@code -}: no Location header).
 */
record ExpectedCase(long line, String slug, String country, int status, String location) {

    static ExpectedCase parse(long line, String text) {
        String[] f = text.split("\t", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("line " + line + ": " + f.length + " fields where 4 (slug, country, status, location) were expected");
        }
        int status;
        try {
            status = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": status '" + f[2] + "' is not a number");
        }
        return new ExpectedCase(line, f[0], f[1], status, f[3]);
    }

    boolean anyCountry() {
        return "*".equals(country);
    }

    String describe() {
        return slug + " from " + country;
    }
}
