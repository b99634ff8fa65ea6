package io.moat.tags.internal;

import io.moat.shared.Problem;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;

/**
 * Runs a write against WeCom and turns its refusal (an errcode after the client's retries, or no answer) into a
 * problem that names the field the caller sent and WeCom's own reason, so nothing local is changed after it.
 */
final class WecomRefusal {

    private WecomRefusal() {}

    static <T> T guard(String field, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (Problem | DataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Problem(
                    HttpStatus.BAD_GATEWAY,
                    "wecom-refused",
                    "WeCom refused to " + action + ": " + e.getMessage(),
                    field);
        }
    }

    static void guard(String field, String action, Runnable call) {
        guard(field, action, () -> {
            call.run();
            return null;
        });
    }
}
