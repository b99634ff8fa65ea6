package io.moat.demo;

/** A step of the demo that Moat or the simulator refused; the message names the call and the answer. */
final class DemoFailure extends RuntimeException {

    private final int status;

    DemoFailure(String message) {
        this(message, 0);
    }

    DemoFailure(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the refusal, 0 when the call did not get one. */
    int status() {
        return status;
    }
}
