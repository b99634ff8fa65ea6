package io.moat.shared;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland-China mobile number in its canonical 11-digit form. Exports and forms write it many ways (+86, 0086,
 * spaces, dashes); all of them normalise to the same digits, so they hash to the same matching key. Masked
 * numbers ({@code 138****1234}) and virtual numbers are not phone numbers and do not parse.
 */
public record PhoneNumber(String digits) {

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    // Compiled once: order imports parse a phone per row.
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()（）]");

    public PhoneNumber {
        if (!MOBILE.matcher(digits).matches()) {
            throw new IllegalArgumentException("not a mainland mobile number");
        }
    }

    public static Optional<PhoneNumber> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String digits = SEPARATORS.matcher(raw).replaceAll("");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        return MOBILE.matcher(digits).matches() ? Optional.of(new PhoneNumber(digits)) : Optional.empty();
    }

    /** {@code 138****1234}: what roles without {@code customers:pii} see. */
    public String masked() {
        return digits.substring(0, 3) + "****" + digits.substring(7);
    }

    /** The last four digits, which customers type to confirm an order is theirs. */
    public String tail() {
        return digits.substring(7);
    }

    @Override
    public String toString() {
        return masked();
    }
}
