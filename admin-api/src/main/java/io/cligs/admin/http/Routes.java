package io.cligs.admin.http;

import io.cligs.admin.account.AccountHandlers;
import io.cligs.admin.apikey.KeyHandlers;
import io.cligs.admin.legacy.LegacyApi;
import io.cligs.admin.link.CligHandlers;
import io.cligs.admin.stats.StatsHandlers;

/** Every handler of the API, built once by {@link io.cligs.admin.AdminApi} and shared by the verticles. */
public record Routes(Health health, Authenticator auth, Limits limits, AccountHandlers accounts, KeyHandlers keys,
                     CligHandlers cligs, StatsHandlers stats, LegacyApi legacy, ApiMetrics metrics) {
}
