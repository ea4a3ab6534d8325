package io.cligs.core.click;

/**
 * One entry of the click stream: a redirect served ({@link ClickRecord}) or a request for an unknown
 * slug ({@link OrphanRecord}). Every event has an id unique across edges and restarts
 * ({@link EventIds}): the edge ships at least once (a crash between Redis acknowledging a batch and the
 * journal forgetting it sends the batch again, ADR 0013), so the aggregator dedupes on it.
 */
public sealed interface StreamEvent permits ClickRecord, OrphanRecord {

    /** Edge id, boot time and sequence: unique per event ({@link EventIds}). */
    String eventId();

    /** When the edge answered, UTC epoch milliseconds. */
    long epochMillis();

    /** The edge that answered ({@code CLIG_EDGE_ID}). */
    String edgeId();
}
