package io.cligs.admin.http;

/** Fails a request with a {@link Problem}: the failure handler answers it as problem JSON. No stack trace. */
public final class ApiException extends RuntimeException {

    private final Problem problem;
    private final long retryAfterSeconds;

    public ApiException(Problem problem) {
        this(problem, -1);
    }

    /** @param retryAfterSeconds the {@code Retry-After} to send, or negative for none */
    public ApiException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException of(Problem.Type type, String detail) {
        return new ApiException(new Problem(type, detail, null));
    }

    public static ApiException field(Problem.Type type, String field, String detail) {
        return new ApiException(new Problem(type, detail, field));
    }

    public static ApiException notFound(String what) {
        return of(Problem.Type.NOT_FOUND, what);
    }

    public static ApiException unauthorized() {
        return of(Problem.Type.UNAUTHORIZED, "send 'Authorization: Bearer <API key or session token>' with a valid key or session");
    }

    public Problem problem() {
        return problem;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
