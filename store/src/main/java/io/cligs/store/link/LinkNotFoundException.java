package io.cligs.store.link;

/** The slug names no link (or none the caller may see). The message names the slug. */
public final class LinkNotFoundException extends RuntimeException {

    public LinkNotFoundException(String slug) {
        super("no link with slug '" + slug + "'", null, false, false);
    }
}
