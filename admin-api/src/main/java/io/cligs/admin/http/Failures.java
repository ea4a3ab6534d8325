package io.cligs.admin.http;

import io.cligs.core.geo.InvalidCountryException;
import io.cligs.core.link.InvalidSlugException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.store.account.UsernameTakenException;
import io.cligs.store.link.LinkNotFoundException;
import io.cligs.store.link.SlugTakenException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.json.schema.OutputUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the JSON API: whatever failed a request (a {@link ApiException}, the OpenAPI
 * validator, the body limit, a store outcome, a bug) is answered as RFC 9457 problem JSON, never with a
 * stack trace. Unexpected failures are logged with the request's method and path.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** Answers the failure of {@code ctx}. */
    public static void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Throwable failure = ctx.failure();
        long retryAfter = failure instanceof ApiException api ? api.retryAfterSeconds() : -1;
        Problem problem = problem(ctx.statusCode(), failure);
        if (problem.type() == Problem.Type.INTERNAL) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        Json.problem(ctx, problem, retryAfter);
    }

    /** The problem a failure is answered with (a batch item's, say). */
    public static Problem problemOf(Throwable failure) {
        return problem(-1, failure);
    }

    /** The problem for a failure (or, without one, for the status code the router set). */
    static Problem problem(int status, Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.problem();
        }
        if (failure instanceof HttpException http) {
            return httpProblem(http.getStatusCode(), http.getCause() != null ? http.getCause() : http);
        }
        if (failure instanceof InvalidTargetException e) {
            return new Problem(Problem.Type.INVALID_TARGET, e.getMessage(), "target");
        }
        if (failure instanceof InvalidSlugException e) {
            return new Problem(Problem.Type.INVALID_SLUG, e.getMessage(), "slug");
        }
        if (failure instanceof InvalidCountryException e) {
            return new Problem(Problem.Type.INVALID_COUNTRY, e.getMessage(), "cc");
        }
        if (failure instanceof LinkNotFoundException) {
            return new Problem(Problem.Type.NOT_FOUND, "no such clig", null);
        }
        if (failure instanceof SlugTakenException e) {
            return new Problem(Problem.Type.CONFLICT, e.getMessage(), "slug");
        }
        if (failure instanceof UsernameTakenException e) {
            return new Problem(Problem.Type.CONFLICT, e.getMessage(), "username");
        }
        if (failure instanceof TimeoutException) {
            return new Problem(Problem.Type.UNAVAILABLE, "a backend did not answer in time", null);
        }
        if (failure == null && status > 0) {
            return httpProblem(status, null);
        }
        return new Problem(Problem.Type.INTERNAL, "the server failed; the failure is logged", null);
    }

    private static Problem httpProblem(int status, Throwable cause) {
        if (cause instanceof ValidatorException v) {
            return validation(v);
        }
        return switch (status) {
            case 400 -> new Problem(Problem.Type.INVALID_REQUEST, cause == null || cause.getMessage() == null
                    ? "the request is not valid" : cause.getMessage(), null);
            case 401 -> new Problem(Problem.Type.UNAUTHORIZED, "authentication is needed", null);
            case 404 -> new Problem(Problem.Type.NOT_FOUND, "no such resource", null);
            case 405 -> new Problem(Problem.Type.METHOD_NOT_ALLOWED, "the resource does not answer this method", null);
            case 413 -> new Problem(Problem.Type.TOO_LARGE, "a request body is at most 64 KiB", null);
            case 415 -> new Problem(Problem.Type.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", null);
            default -> status >= 400 && status < 500
                    ? new Problem(Problem.Type.INVALID_REQUEST, "the request is not valid (" + status + ")", null)
                    : new Problem(Problem.Type.INTERNAL, "the server failed; the failure is logged", null);
        };
    }

    /** A request the OpenAPI document refuses: 400, with the field at fault when the validator names one. */
    static Problem validation(ValidatorException e) {
        String message = e.getMessage();
        String field = message == null ? null : parameterName(message);
        String detail = message;
        if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
            OutputUnit unit = deepest(s.getOutputUnit());
            if (field == null) {
                field = fieldOf(unit);
                detail = unit.getError() != null ? unit.getError() : message;
            } else if (unit.getError() != null) {
                detail = field + ": " + unit.getError();
            }
        }
        return new Problem(Problem.Type.INVALID_REQUEST, detail == null ? "the request is not valid" : detail, field);
    }

    private static OutputUnit deepest(OutputUnit unit) {
        OutputUnit best = unit;
        if (unit.getErrors() != null) {
            for (OutputUnit e : unit.getErrors()) {
                OutputUnit d = deepest(e);
                if (depth(d) > depth(best) || best.getError() == null && d.getError() != null) {
                    best = d;
                }
            }
        }
        return best;
    }

    private static int depth(OutputUnit u) {
        String loc = u.getInstanceLocation();
        return loc == null ? -1 : loc.split("/", -1).length;
    }

    /** The field of an instance location ({@code #/rules/FR} → {@code rules.FR}), or the unexpected property named in the error. */
    private static String fieldOf(OutputUnit unit) {
        String error = unit.getError();
        if (error != null) {
            int q = firstQuote(error);
            int q2 = q < 0 ? -1 : error.indexOf(error.charAt(q), q + 1);
            if ((error.contains("nexpected") || error.contains("additional") || error.contains("required")) && q2 > q + 1) {
                String name = error.substring(q + 1, q2);
                String at = prefix(unit.getInstanceLocation());
                return at.equals(name + ".") || at.endsWith("." + name + ".") ? at.substring(0, at.length() - 1) : at + name;
            }
        }
        String loc = unit.getInstanceLocation();
        if (loc == null) {
            return null;
        }
        String path = loc.startsWith("#") ? loc.substring(1) : loc;
        path = path.startsWith("/") ? path.substring(1) : path;
        return path.isEmpty() ? null : path.replace('/', '.');
    }

    private static int firstQuote(String text) {
        int single = text.indexOf('\'');
        int dbl = text.indexOf('"');
        return single < 0 ? dbl : dbl < 0 ? single : Math.min(single, dbl);
    }

    private static String prefix(String loc) {
        String f = loc == null ? "" : loc.startsWith("#") ? loc.substring(1) : loc;
        f = f.startsWith("/") ? f.substring(1) : f;
        return f.isEmpty() ? "" : f.replace('/', '.') + ".";
    }

    /** "The value of path parameter slug ..." → {@code slug}. */
    private static String parameterName(String detail) {
        int p = detail.indexOf("parameter ");
        if (p < 0) {
            return null;
        }
        int from = p + "parameter ".length();
        int to = from;
        while (to < detail.length() && !Character.isWhitespace(detail.charAt(to))) {
            to++;
        }
        return to > from ? detail.substring(from, to) : null;
    }
}
