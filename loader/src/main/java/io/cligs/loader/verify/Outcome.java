package io.cligs.loader.verify;

/** What a system answered for a case: a status and the Location ({@code -} when none). */
record Outcome(int status, String location) {

    boolean matches(ExpectedCase c) {
        return status == c.status() && location.equals(c.location());
    }

    @Override
    public String toString() {
        return status + " " + location;
    }
}
