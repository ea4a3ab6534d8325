package io.cligs.store.link;

import io.cligs.core.link.Link;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A link with what the API shows beside it (the edge needs only {@link Link}).
 *
 * @param owner null: anonymous
 * @param createdAt UTC, null when the legacy system did not know
 * @param updatedAt UTC
 */
public record LinkDetails(Link link, Long owner, String title, LocalDateTime createdAt, LocalDateTime updatedAt) {

    public LinkDetails {
        Objects.requireNonNull(link, "link");
    }
}
