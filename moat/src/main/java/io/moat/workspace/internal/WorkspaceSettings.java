package io.moat.workspace.internal;

import io.moat.shared.Problem;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/** A workspace's name, time zone and currency, checked: the zone must be an IANA id, the currency ISO 4217. */
public record WorkspaceSettings(String name, ZoneId timezone, String currency) {

    public static WorkspaceSettings parse(String name, String timezone, String currency) {
        String trimmedName = name.trim();
        if (trimmedName.isEmpty() || trimmedName.length() > 80) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-request", "name must be 1 to 80 characters.", "name");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone.trim());
        } catch (DateTimeException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "timezone '" + timezone + "' is not an IANA time zone such as Asia/Shanghai.",
                    "timezone");
        }
        String code = currency.trim().toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "currency '" + currency + "' is not an ISO 4217 code such as CNY.",
                    "currency");
        }
        return new WorkspaceSettings(trimmedName, zone, code);
    }
}
