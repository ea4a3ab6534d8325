package io.cligs.loader.verify;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import io.cligs.store.link.RedisLinks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks an expectations file in chunks: one {@code MGET} per chunk against Redis, and with an edge
 * URL, one HTTP request per case (redirects not followed, at most {@link #IN_FLIGHT} at a time).
 * Every mismatch is printed; {@link Result} counts them.
 */
public final class Verifier {

    static final int CHUNK = 1000;
    static final int IN_FLIGHT = 32;

    /** Cases checked and mismatches per system ({@code edge*} zero without an edge). */
    public record Result(long cases, long redisMismatches, long edgeMismatches, boolean edgeChecked) {
        public boolean ok() {
            return redisMismatches == 0 && edgeMismatches == 0;
        }
    }

    private final RedisLinks redis;
    private final URI edge;
    private final CountryTable countries;
    private final PrintWriter out;
    private final HttpClient http;
    private final Map<String, String> addressByCountry = new HashMap<>();
    private long redisMismatches;
    private long edgeMismatches;

    public Verifier(RedisLinks redis, URI edge, CountryTable countries, PrintWriter out) {
        this.redis = redis;
        this.edge = edge;
        this.countries = countries;
        this.out = out;
        this.http = edge == null ? null : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Result run(Path expectFile) throws IOException, LoaderException, InterruptedException {
        long lines;
        try (var s = Files.lines(expectFile, StandardCharsets.UTF_8)) {
            lines = s.count();
        }
        long cases = 0;
        try (BufferedReader in = Files.newBufferedReader(expectFile, StandardCharsets.UTF_8);
             Progress progress = Progress.start("verify", lines, "cases", out)) {
            List<ExpectedCase> chunk = new ArrayList<>(CHUNK);
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    chunk.add(ExpectedCase.parse(line, text));
                } catch (IllegalArgumentException e) {
                    throw new LoaderException(expectFile + " " + e.getMessage());
                }
                if (chunk.size() == CHUNK) {
                    check(chunk);
                    cases += chunk.size();
                    progress.step(chunk.size());
                    chunk.clear();
                }
            }
            check(chunk);
            cases += chunk.size();
            progress.step(chunk.size());
        }
        return new Result(cases, redisMismatches, edgeMismatches, edge != null);
    }

    private void check(List<ExpectedCase> chunk) throws IOException, LoaderException, InterruptedException {
        if (chunk.isEmpty()) {
            return;
        }
        checkRedis(chunk);
        if (edge != null) {
            checkEdge(chunk);
        }
        out.flush();
    }

    private void checkRedis(List<ExpectedCase> chunk) throws IOException, LoaderException {
        List<String> slugs = new ArrayList<>(new LinkedHashSet<>(chunk.stream().map(ExpectedCase::slug).toList()));
        List<String> values;
        try {
            values = redis.getRaw(slugs).await();
        } catch (Exception e) { // await() rethrows checked failures (a TimeoutException) as they are
            throw new LoaderException("Redis failed: " + e.getMessage(), e);
        }
        Map<String, String> bySlug = new HashMap<>();
        for (int i = 0; i < slugs.size(); i++) {
            bySlug.put(slugs.get(i), values.get(i));
        }
        for (ExpectedCase c : chunk) {
            Outcome got;
            try {
                got = fromCache(bySlug.get(c.slug()), c);
            } catch (IllegalArgumentException e) {
                redisMismatches++;
                out.println("MISMATCH redis " + c.describe() + ": expected " + c.status() + " " + c.location()
                        + ", the cached value is malformed: " + e.getMessage());
                continue;
            }
            if (!got.matches(c)) {
                redisMismatches++;
                out.println("MISMATCH redis " + c.describe() + ": expected " + c.status() + " " + c.location() + ", got " + got);
            }
        }
    }

    /** The answer the edge must give from a cached value (DESIGN.md: 301/302/410/404). */
    static Outcome fromCache(String value, ExpectedCase c) {
        if (value == null) {
            return new Outcome(404, "-");
        }
        Link link = LinkCodec.decode(value);
        if (!link.redirects()) {
            return new Outcome(link.httpStatus(), "-");
        }
        CountryCode country = c.anyCountry() ? null : CountryCode.parse(c.country());
        return new Outcome(link.httpStatus(), link.targetFor(country).value());
    }

    private void checkEdge(List<ExpectedCase> chunk) throws InterruptedException, LoaderException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<String>> results = new ArrayList<>(chunk.size());
        AtomicReference<Throwable> unreachable = new AtomicReference<>();
        for (ExpectedCase c : chunk) {
            if (unreachable.get() != null) {
                break; // every further request would fail the same way
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(edge.resolve("/" + c.slug())).timeout(Duration.ofSeconds(10)).GET();
            if (!c.anyCountry()) {
                req.header("X-Forwarded-For", address(c.country()));
            }
            slots.acquire();
            results.add(http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding())
                    .handle((resp, failure) -> {
                        slots.release();
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                                unreachable.compareAndSet(null, cause);
                                return null;
                            }
                            return "MISMATCH edge " + c.describe() + ": expected " + c.status() + " " + c.location()
                                    + ", the request failed: " + cause;
                        }
                        Outcome got = new Outcome(resp.statusCode(), resp.headers().firstValue("Location").orElse("-"));
                        return got.matches(c) ? null : "MISMATCH edge " + c.describe() + ": expected " + c.status() + " "
                                + c.location() + ", got " + got;
                    }));
        }
        List<String> mismatches = new ArrayList<>();
        for (CompletableFuture<String> f : results) {
            String mismatch = f.join();
            if (mismatch != null) {
                mismatches.add(mismatch);
            }
        }
        if (unreachable.get() != null) {
            Throwable t = unreachable.get();
            throw new LoaderException("the edge at " + edge + " does not answer (" + (t.getMessage() == null
                    ? t.getClass().getSimpleName() : t.getMessage()) + "): is it running, and is --edge its address?");
        }
        for (String m : mismatches) {
            edgeMismatches++;
            out.println(m);
        }
    }

    private String address(String country) throws LoaderException {
        String a = addressByCountry.get(country);
        if (a == null) {
            CountryCode code;
            try {
                code = CountryCode.parse(country);
            } catch (IllegalArgumentException e) {
                throw new LoaderException("expected country '" + country + "' is not a country code: " + e.getMessage());
            }
            a = countries.sampleAddress(code).orElseThrow(() -> new LoaderException("the GeoIP database " + countries.source()
                    + " has no address in " + country + ": a visitor from there cannot be played"));
            addressByCountry.put(country, a);
        }
        return a;
    }
}
