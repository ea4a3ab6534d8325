package io.cligs.admin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture.Answer;
import io.vertx.core.json.JsonObject;

/** Checks an answer is RFC 9457 problem JSON of a status, a type and (or no) field, with a detail. */
public final class ProblemAssert {

    private static final String PROBLEMS = "https://cli.gs/problems/";

    private ProblemAssert() {
    }

    public static void assertProblem(Answer a, int status, String type, String field) {
        assertEquals(status, a.status(), a::toString);
        assertEquals("application/problem+json", a.header("Content-Type"), a::toString);
        JsonObject p = a.json();
        assertEquals(PROBLEMS + type, p.getString("type"), a::toString);
        assertEquals(status, p.getInteger("status"));
        assertTrue(p.getString("detail") != null && !p.getString("detail").isBlank(), a::toString);
        if (field == null) {
            assertNull(p.getString("field"), a::toString);
        } else {
            assertEquals(field, p.getString("field"), a::toString);
        }
    }
}
