package io.cligs.store.link;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/**
 * One recorded change of a link (V2's {@code link_history}).
 *
 * @param before null for the change that created the link
 */
public record HistoryEntry(long id, LocalDateTime at, String actor, String change, JsonObject before, JsonObject after) {
}
