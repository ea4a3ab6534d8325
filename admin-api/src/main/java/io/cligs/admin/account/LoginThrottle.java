package io.cligs.admin.account;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.ApiMetrics;
import io.cligs.admin.http.Problem;
import io.cligs.admin.http.RateLimiter;
import io.vertx.core.Future;

/**
 * Failed logins are limited per account (username), {@code failuresPerMinute}, and per client address,
 * {@value #ADDRESS_FACTOR} times that (many users may share an address): a failure takes a token from both buckets, and a login is refused with {@code 429} and {@code Retry-After} while either is
 * empty — before any password is hashed, so a guessing flood costs no Argon2id.
 */
public final class LoginThrottle {

    static final int ADDRESS_FACTOR = 10;

    private final RateLimiter limiter;
    private final ApiMetrics metrics;
    private final int failuresPerMinute;

    public LoginThrottle(RateLimiter limiter, ApiMetrics metrics, int failuresPerMinute) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.failuresPerMinute = failuresPerMinute;
    }

    /** Succeeds while both buckets have a token; fails with 429 otherwise. */
    public Future<Void> check(String username, String address) {
        Future<RateLimiter.Outcome> account = limiter.peek("login-user:" + username, failuresPerMinute);
        Future<RateLimiter.Outcome> ip = limiter.peek("login-ip:" + address, failuresPerMinute * ADDRESS_FACTOR);
        return Future.all(account, ip).compose(all -> {
            RateLimiter.Outcome refused = !account.result().allowed() ? account.result() : !ip.result().allowed() ? ip.result() : null;
            if (account.result().unavailable() || ip.result().unavailable()) {
                metrics.limiterUnavailable();
            }
            if (refused == null) {
                return Future.succeededFuture();
            }
            metrics.limited();
            return Future.failedFuture(new ApiException(new Problem(Problem.Type.RATE_LIMITED,
                    "too many failed logins; try again in " + refused.retryAfterSeconds() + " s", null), refused.retryAfterSeconds()));
        });
    }

    /** Counts a failed login against the account and the address. */
    public Future<Void> failed(String username, String address) {
        return Future.all(limiter.charge("login-user:" + username, failuresPerMinute),
                limiter.charge("login-ip:" + address, failuresPerMinute * ADDRESS_FACTOR)).mapEmpty();
    }
}
