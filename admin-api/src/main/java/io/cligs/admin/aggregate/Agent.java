package io.cligs.admin.aggregate;

/**
 * What a user agent is, as the rollups count it: browser family, OS family, device class, and whether it is
 * a bot (a crawler or a link-preview fetcher), never null fields.
 */
public record Agent(String browser, String os, String device, boolean bot) {

    public static final String UNKNOWN = "unknown";

    public Agent {
        if (browser == null || os == null || device == null) {
            throw new IllegalArgumentException("an agent's browser, os and device are named (\"unknown\" at worst)");
        }
    }
}
