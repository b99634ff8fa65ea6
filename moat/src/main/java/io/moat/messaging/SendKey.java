package io.moat.messaging;

/**
 * Deterministic idempotency keys: the same journey step for the same customer on the same occurrence always yields
 * the same key, so asking twice (a retried step, a second instance) records one send. The workspace is implicit:
 * keys are unique per workspace.
 */
public final class SendKey {

    private SendKey() {}

    /** {@code journey/<journey>/step/<step>/customer/<customer>/<occurrence>}. */
    public static String of(String journey, String step, long customer, String occurrence) {
        return "journey/" + journey + "/step/" + step + "/customer/" + customer + "/" + occurrence;
    }

    /** The same for a group recipient. */
    public static String ofGroup(String journey, String step, String chatId, String occurrence) {
        return "journey/" + journey + "/step/" + step + "/group/" + chatId + "/" + occurrence;
    }

    /**
     * {@code welcome/<source>/<add>}: a welcome sent outside the broker (see {@link WelcomeOutcome}), e.g. source
     * {@code channel/12} and the add's welcome code.
     */
    public static String welcome(String source, String add) {
        return "welcome/" + source + "/" + add;
    }
}
