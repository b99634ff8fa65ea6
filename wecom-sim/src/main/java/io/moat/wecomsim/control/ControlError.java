package io.moat.wecomsim.control;

/** A control call that cannot be carried out: answered with an HTTP status and {@code {"error": message}}. */
final class ControlError extends RuntimeException {

    private final int status;

    ControlError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ControlError badRequest(String message) {
        return new ControlError(400, message);
    }

    static ControlError notFound(String message) {
        return new ControlError(404, message);
    }

    static ControlError conflict(String message) {
        return new ControlError(409, message);
    }

    int status() {
        return status;
    }
}
