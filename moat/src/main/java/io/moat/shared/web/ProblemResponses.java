package io.moat.shared.web;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the one problem shape Moat answers with: a stable type, a title, a detail and the fields at fault. */
public final class ProblemResponses {

    public static final String TYPE_PREFIX = "urn:moat:problem:";

    private ProblemResponses() {}

    public static ProblemDetail of(HttpStatus status, String code, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(status.getReasonPhrase());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail, @Nullable String field) {
        return of(status, code, detail, field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    /** One field (or row, or parameter) that is wrong, and why. */
    public record FieldError(String field, String message) {}
}
