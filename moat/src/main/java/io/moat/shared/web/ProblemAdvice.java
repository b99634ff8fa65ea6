package io.moat.shared.web;

import io.moat.shared.Problem;
import io.moat.shared.web.ProblemResponses.FieldError;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The single place where failures become RFC 9457 problem details; callers never see a stack trace. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Problem.class)
    ProblemDetail domain(Problem problem) {
        return ProblemResponses.of(problem.status(), problem.code(), problem.getMessage(), problem.field());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
                .toList();
        String detail = errors.isEmpty()
                ? "The request is invalid."
                : errors.stream()
                        .map(error -> error.field() + ": " + error.message())
                        .reduce((a, b) -> a + "; " + b)
                        .orElseThrow();
        return ProblemResponses.of(HttpStatus.BAD_REQUEST, "invalid-request", detail, errors);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation ->
                        new FieldError(lastNode(violation.getPropertyPath().toString()), violation.getMessage()))
                .toList();
        return ProblemResponses.of(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemResponses.of(
                HttpStatus.BAD_REQUEST, "unreadable-body", "The request body is not valid JSON for this call.", "body");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return ProblemResponses.of(
                HttpStatus.BAD_REQUEST,
                "missing-parameter",
                "The parameter '" + e.getParameterName() + "' is required.",
                e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongType(MethodArgumentTypeMismatchException e) {
        return ProblemResponses.of(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "The parameter '" + e.getName() + "' has an invalid value.",
                e.getName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail wrongMethod(HttpRequestMethodNotSupportedException e) {
        return ProblemResponses.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", e.getMessage(), (String) null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail wrongMediaType(HttpMediaTypeNotSupportedException e) {
        return ProblemResponses.of(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Send the request body as application/json.",
                "Content-Type");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return ProblemResponses.of(
                HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "The file is larger than this server accepts.", "file");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail notFound(NoResourceFoundException e) {
        return ProblemResponses.of(HttpStatus.NOT_FOUND, "not-found", "No such resource.", (String) null);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ProblemResponses.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Something went wrong on our side; it has been logged.",
                (String) null);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
