package io.cligs.store.link;

/** A link with this slug exists already (any account's, any status). */
public final class SlugTakenException extends RuntimeException {

    public SlugTakenException(String slug) {
        super("the slug '" + slug + "' is taken", null, false, false);
    }
}
