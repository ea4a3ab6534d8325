package io.cligs.admin.account;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.ApiMetrics;
import io.cligs.admin.http.Problem;
import io.cligs.core.account.PasswordScheme;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password hashing and checking, off the event loops: every hash runs on a worker pool of its own,
 * and at most {@code queue} hashings wait for it — beyond that a login or sign-up fails fast with 503
 * and {@code Retry-After} instead of piling up (a login flood queues, then is refused, never exhausts
 * memory). New hashes are Argon2id with the OWASP parameters (19 MiB, t=2, p=1) through password4j; the
 * legacy schemes (core's {@link PasswordScheme}: md5, {@code sha1$salt$hex}, bcrypt) are checked so that
 * the caller can replace them with Argon2id on the first successful login. Thread-safe.
 */
public final class Passwords {

    /** The {@code accounts.password_scheme} of the hashes made here. */
    public static final String ARGON2ID = "argon2id";

    /** OWASP Password Storage Cheat Sheet (2024): Argon2id, m = 19 MiB, t = 2, p = 1. */
    static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    /** Checked against when the user is unknown, so that answer costs what a wrong password does. */
    private static final String DUMMY = ARGON2.hash("not a password", "0123456789abcdef").getResult();

    private final WorkerExecutor workers;
    private final int queue;
    private final ApiMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Passwords(WorkerExecutor workers, int queue, ApiMetrics metrics) {
        this.workers = workers;
        this.queue = queue;
        this.metrics = metrics;
    }

    /** A new Argon2id hash (PHC string) of {@code password}. */
    public Future<String> hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    /** Whether {@code password} matches {@code hash} of {@code scheme}; with a null hash, checks a dummy and says no. */
    public Future<Boolean> matches(String password, String scheme, String hash) {
        if (hash == null) {
            return bounded(() -> {
                ARGON2.check(password, DUMMY);
                return false;
            });
        }
        return bounded(() -> check(password, scheme, hash));
    }

    /** Whether a stored hash of {@code scheme} should be replaced by a new Argon2id one. */
    public static boolean outdated(String scheme) {
        return !ARGON2ID.equals(scheme);
    }

    static boolean check(String password, String scheme, String hash) {
        if (ARGON2ID.equals(scheme)) {
            return Argon2Function.getInstanceFromHash(hash).check(password, hash);
        }
        PasswordScheme legacy = PasswordScheme.of(hash);
        if (legacy == null || !legacy.dbName().equals(scheme)) {
            return false;
        }
        return switch (legacy) {
            case MD5 -> same(hex("MD5", password), hash);
            case SHA1 -> {
                int second = hash.indexOf('$', 5);
                String salt = hash.substring(5, second);
                yield same(hex("SHA-1", salt + password), hash.substring(second + 1));
            }
            case BCRYPT -> BcryptFunction.getInstanceFromHash(hash).check(password, hash);
        };
    }


    private <T> Future<T> bounded(java.util.concurrent.Callable<T> work) {
        if (inFlight.incrementAndGet() > queue) {
            inFlight.decrementAndGet();
            metrics.passwordQueueFull();
            return Future.failedFuture(new ApiException(new Problem(Problem.Type.UNAVAILABLE,
                    "too many logins at once; try again in a moment", null), 1));
        }
        return workers.executeBlocking(work, false).eventually(() -> {
            inFlight.decrementAndGet();
            return Future.succeededFuture();
        });
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /** Constant-time comparison of two hex digests. */
    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
