package io.cligs.admin.stats;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Authenticator;
import io.cligs.admin.http.Json;
import io.cligs.admin.link.Cligs;
import io.cligs.store.account.Principal;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code /api/v3/cligs/{slug}/stats} (the owner or an admin) and {@code /api/v3/stats/orphans} (admins). */
public final class StatsHandlers {

    private final Cligs cligs;
    private final StatsQueries queries;
    private final Clock clock;

    public StatsHandlers(Cligs cligs, StatsQueries queries, Clock clock) {
        this.cligs = cligs;
        this.queries = queries;
        this.clock = clock;
    }

    public void link(RoutingContext ctx) {
        StatsRange range = range(ctx);
        boolean bots = "true".equals(ctx.queryParams().get("include_bots"));
        cligs.owned(Authenticator.caller(ctx), ctx.pathParam("slug"))
                .compose(d -> queries.link(d.link().id(), range, bots))
                .onSuccess(stats -> Json.send(ctx, 200, stats))
                .onFailure(ctx::fail);
    }

    public void orphans(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        StatsRange range = range(ctx);
        (caller.admin() ? queries.orphans(range) : Future.<io.vertx.core.json.JsonObject>failedFuture(
                ApiException.notFound("orphan stats are for admins")))
                .onSuccess(stats -> Json.send(ctx, 200, stats))
                .onFailure(ctx::fail);
    }

    private StatsRange range(RoutingContext ctx) {
        return StatsRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"),
                LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }
}
