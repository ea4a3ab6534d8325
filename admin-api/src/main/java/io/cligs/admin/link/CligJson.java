package io.cligs.admin.link;

import io.cligs.admin.http.Times;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.link.HistoryEntry;
import io.cligs.store.link.LinkDetails;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A clig and a history entry as the API shows them: the one place that names their fields. */
public final class CligJson {

    private CligJson() {
    }

    public static JsonObject clig(LinkDetails d, Function<String, String> shortUrl) {
        JsonObject rules = new JsonObject();
        for (Map.Entry<CountryCode, TargetUrl> r : new TreeMap<>(d.link().rules()).entrySet()) {
            rules.put(r.getKey().value(), r.getValue().value());
        }
        String slug = d.link().slug().value();
        return new JsonObject()
                .put("slug", slug)
                .put("short_url", shortUrl.apply(slug))
                .put("target", d.link().target().value())
                .put("title", d.title())
                .put("status", d.link().status().dbName())
                .put("rules", rules)
                .put("expires_at", d.link().expiresAt() == null ? null : d.link().expiresAt().toString())
                .put("created_at", Times.iso(d.createdAt()))
                .put("updated_at", Times.iso(d.updatedAt()));
    }

    public static JsonObject history(HistoryEntry h) {
        return new JsonObject().put("at", Times.iso(h.at())).put("actor", h.actor()).put("change", h.change())
                .put("before", h.before()).put("after", h.after());
    }
}
