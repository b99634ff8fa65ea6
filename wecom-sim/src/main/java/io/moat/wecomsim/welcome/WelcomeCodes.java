package io.moat.wecomsim.welcome;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Issued welcome codes of a corp. Callers hold the corp's lock. */
public final class WelcomeCodes {

    private final Map<String, WelcomeCode> codes = new HashMap<>();

    public void issue(WelcomeCode code) {
        codes.put(code.code(), code);
    }

    public Optional<WelcomeCode> find(String code) {
        return Optional.ofNullable(code == null ? null : codes.get(code));
    }

    public void spend(WelcomeCode code) {
        codes.put(code.code(), code.spent());
    }
}
