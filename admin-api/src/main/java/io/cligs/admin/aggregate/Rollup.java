package io.cligs.admin.aggregate;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of events summed in memory before it is written: clicks per link, day and bot flag, the
 * visitors behind them, the breakdowns, and orphan hits. Not thread-safe; one per batch.
 */
final class Rollup {

    record DayKey(long linkId, LocalDate day, boolean bot) {
    }

    record Visitor(DayKey key, String hash) {
    }

    record BreakdownKey(DayKey key, String dimension, String value) {
    }

    record OrphanKey(String slug, LocalDate day) {
    }

    /** Stats call a click without a usable value this (a missing country or agent). */
    static final String UNKNOWN = Agent.UNKNOWN;
    /** A click without a usable referrer. */
    static final String DIRECT = "direct";

    final Map<DayKey, long[]> clicks = new LinkedHashMap<>();
    final List<Visitor> visitors = new ArrayList<>();
    final Map<BreakdownKey, long[]> breakdowns = new LinkedHashMap<>();
    final Map<OrphanKey, long[]> orphans = new LinkedHashMap<>();

    private final AgentClassifier agents;

    Rollup(AgentClassifier agents) {
        this.agents = agents;
    }

    void add(StreamEvent event) {
        if (event instanceof ClickRecord c) {
            addClick(c);
        } else if (event instanceof OrphanRecord o) {
            count(orphans, new OrphanKey(o.slug(), day(o.epochMillis())));
        }
    }

    private void addClick(ClickRecord c) {
        Agent agent = agents.classify(c.userAgent());
        DayKey key = new DayKey(c.linkId(), day(c.epochMillis()), agent.bot());
        count(clicks, key);
        visitors.add(new Visitor(key, c.visitorHash()));
        count(breakdowns, new BreakdownKey(key, "country", c.country() == null ? UNKNOWN : c.country().value()));
        count(breakdowns, new BreakdownKey(key, "referrer", c.referrerHost() == null ? DIRECT : c.referrerHost()));
        count(breakdowns, new BreakdownKey(key, "browser", agent.browser()));
        count(breakdowns, new BreakdownKey(key, "os", agent.os()));
        count(breakdowns, new BreakdownKey(key, "device", agent.device()));
    }

    static LocalDate day(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
    }

    private static <K> void count(Map<K, long[]> counts, K key) {
        counts.computeIfAbsent(key, k -> new long[1])[0]++;
    }
}
