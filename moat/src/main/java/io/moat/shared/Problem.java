package io.moat.shared;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A domain failure a caller can act on. Each kind has a stable {@code type} code and, where one field or row is
 * at fault, names it. The web layer turns it into an RFC 9457 problem detail.
 */
public class Problem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final @Nullable String field;

    public Problem(HttpStatus status, String code, String detail, @Nullable String field) {
        super(detail);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public Problem(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    /** Stable and kebab-case, e.g. {@code slug-taken}; the problem type is {@code urn:moat:problem:<code>}. */
    public String code() {
        return code;
    }

    public @Nullable String field() {
        return field;
    }
}
