package io.moat.customers.internal;

import io.moat.customers.CustomerFieldsChanged;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's own customer fields (会员等级, 生日, 肤质 …): definitions of four types and one value per customer.
 * Values are checked against their field's type and stored normalised (numbers plain, dates ISO, choices exactly
 * as defined), so the customer list can filter by equality; a bad value is refused with a problem naming the field.
 */
@Service
@Transactional
public class CustomFields {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final List<String> TYPES = List.of("text", "number", "date", "choice");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CustomFields(JdbcClient jdbc, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    public record Definition(long id, String key, String label, String type, List<String> choices) {}

    /** A field with one customer's value (null when the customer has none). */
    public record FieldValue(
            long fieldId,
            String key,
            String label,
            String type,
            List<String> choices,
            @Nullable String value) {}

    public List<Definition> definitions(CurrentWorkspace workspace) {
        return definitions(workspace.tenant());
    }

    /** The workspace's live field definitions, for other modules (journeys) working outside a request. */
    public List<Definition> definitions(TenantId tenant) {
        return jdbc.sql("""
                select id, key, label, type, choices from customers.field_definition
                where tenant_id = ? and deleted_at is null order by id
                """)
                .param(tenant.value())
                .query((row, n) -> new Definition(
                        row.getLong(1), row.getString(2), row.getString(3), row.getString(4), List.of((String[])
                                row.getArray(5).getArray())))
                .list();
    }

    public Definition define(CurrentWorkspace workspace, String key, String label, String type, List<String> choices) {
        String k = key.strip();
        if (!KEY.matcher(k).matches()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-field-key",
                    "key must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 40).",
                    "key");
        }
        String t = type.strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(t)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-field-type", "type must be one of " + TYPES + ".", "type");
        }
        List<String> options = choices.stream()
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .distinct()
                .toList();
        if (t.equals("choice") && options.isEmpty()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "choices-required", "A choice field needs choices.", "choices");
        }
        if (!t.equals("choice")) {
            options = List.of();
        }
        boolean taken = jdbc.sql("""
                select exists (select 1 from customers.field_definition
                               where tenant_id = ? and key = ? and deleted_at is null)
                """)
                .params(workspace.tenant().value(), k)
                .query(Boolean.class)
                .single();
        if (taken) {
            throw new Problem(HttpStatus.CONFLICT, "field-key-taken", "A field with key " + k + " exists.", "key");
        }
        long id = jdbc.sql("""
                insert into customers.field_definition (tenant_id, key, label, type, choices, created_at)
                values (?, ?, ?, ?, ?, ?) returning id
                """)
                .params(
                        workspace.tenant().value(),
                        k,
                        label.strip(),
                        t,
                        options.toArray(String[]::new),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
        audit.record("customer.field_defined", "field:" + k, Map.of("type", t, "label", label.strip()));
        return new Definition(id, k, label.strip(), t, options);
    }

    public void remove(CurrentWorkspace workspace, long id) {
        int changed = jdbc.sql("""
                update customers.field_definition set deleted_at = ?
                where tenant_id = ? and id = ? and deleted_at is null
                """)
                .params(
                        clock.instant().atOffset(ZoneOffset.UTC),
                        workspace.tenant().value(),
                        id)
                .update();
        if (changed == 0) {
            throw new Problem(HttpStatus.NOT_FOUND, "field-not-found", "No custom field " + id + ".", "id");
        }
        audit.record("customer.field_removed", "field:" + id, Map.of());
        // Audiences index field values by key: a removed field's values leave every customer.
        events.publishEvent(new CustomerFieldsChanged(workspace.tenant(), List.of(), true));
    }

    public List<FieldValue> of(CurrentWorkspace workspace, long customer) {
        Map<Long, String> values = new LinkedHashMap<>();
        jdbc.sql("select field_id, value from customers.field_value where tenant_id = ? and customer_id = ?")
                .params(workspace.tenant().value(), customer)
                .query((row, n) -> values.put(row.getLong(1), row.getString(2)))
                .list();
        return definitions(workspace).stream()
                .map(d -> new FieldValue(d.id(), d.key(), d.label(), d.type(), d.choices(), values.get(d.id())))
                .toList();
    }

    /**
     * Sets some of a customer's values by field key; a null or blank value clears the field. Every value is checked
     * first, so a bad one changes nothing.
     */
    public void set(CurrentWorkspace workspace, long customer, Map<String, @Nullable String> changes) {
        set(workspace.tenant(), customer, changes);
    }

    /** As {@link #set(CurrentWorkspace, long, Map)}, for other modules working outside a request (journeys). */
    public void set(TenantId workspace, long customer, Map<String, @Nullable String> changes) {
        long tenant = workspace.value();
        boolean exists =
                jdbc.sql("""
                select exists (select 1 from customers.customer where tenant_id = ? and id = ? and merged_into is null)
                """).params(tenant, customer).query(Boolean.class).single();
        if (!exists) {
            throw new Problem(HttpStatus.NOT_FOUND, "customer-not-found", "No customer " + customer + ".", "id");
        }
        Map<String, Definition> byKey = new LinkedHashMap<>();
        definitions(workspace).forEach(d -> byKey.put(d.key(), d));
        record Change(Definition field, @Nullable String value) {}
        List<Change> checked = new ArrayList<>();
        changes.forEach((key, raw) -> {
            Definition field = byKey.get(key);
            if (field == null) {
                throw new Problem(HttpStatus.BAD_REQUEST, "unknown-field", "No custom field " + key + ".", key);
            }
            checked.add(new Change(field, raw == null || raw.isBlank() ? null : normalise(field, raw.strip())));
        });
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        for (Change change : checked) {
            if (change.value() == null) {
                jdbc.sql("delete from customers.field_value where tenant_id = ? and customer_id = ? and field_id = ?")
                        .params(tenant, customer, change.field().id())
                        .update();
            } else {
                jdbc.sql("""
                        insert into customers.field_value (tenant_id, customer_id, field_id, value, updated_at)
                        values (?, ?, ?, ?, ?) on conflict (tenant_id, customer_id, field_id)
                        do update set value = excluded.value, updated_at = excluded.updated_at
                        """)
                        .params(tenant, customer, change.field().id(), change.value(), now)
                        .update();
            }
        }
        audit.record(
                "customer.fields_changed", "customer:" + customer, Map.of("fields", List.copyOf(changes.keySet())));
        events.publishEvent(new CustomerFieldsChanged(workspace, List.of(new CustomerId(customer)), false));
    }

    /** Stored values of some customers, by customer and field id (for the export). */
    Map<Long, Map<Long, String>> valuesOf(CurrentWorkspace workspace, List<Long> customers) {
        Map<Long, Map<Long, String>> values = new java.util.HashMap<>();
        jdbc.sql("""
                select customer_id, field_id, value from customers.field_value
                where tenant_id = ? and customer_id = any(?)
                """)
                .params(workspace.tenant().value(), customers.toArray(Long[]::new))
                .query((row, n) -> values.computeIfAbsent(row.getLong(1), k -> new LinkedHashMap<>())
                        .put(row.getLong(2), row.getString(3)))
                .list();
        return values;
    }

    /** The stored form of a value, or a problem naming the field. Used by the list filter too. */
    static String normalise(Definition field, String value) {
        return switch (field.type()) {
            case "number" -> {
                try {
                    yield new BigDecimal(value).stripTrailingZeros().toPlainString();
                } catch (NumberFormatException e) {
                    throw invalid(field, "a number");
                }
            }
            case "date" -> {
                try {
                    yield LocalDate.parse(value).toString();
                } catch (DateTimeParseException e) {
                    throw invalid(field, "a date as yyyy-MM-dd");
                }
            }
            case "choice" -> {
                if (!field.choices().contains(value)) {
                    throw invalid(field, "one of " + String.join(", ", field.choices()));
                }
                yield value;
            }
            default -> {
                if (value.length() > 500) {
                    throw invalid(field, "at most 500 characters");
                }
                yield value;
            }
        };
    }

    /** The filter's field and value in stored form; a problem when the field is unknown or the value invalid. */
    public CustomerFilter.FieldMatch match(CurrentWorkspace workspace, String key, String value) {
        Definition field = definitions(workspace).stream()
                .filter(d -> d.key().equals(key.strip()))
                .findFirst()
                .orElseThrow(() ->
                        new Problem(HttpStatus.BAD_REQUEST, "unknown-field", "No custom field " + key + ".", "field"));
        return new CustomerFilter.FieldMatch(field.id(), normalise(field, value.strip()));
    }

    private static Problem invalid(Definition field, String expected) {
        return new Problem(
                HttpStatus.BAD_REQUEST,
                "invalid-field-value",
                field.label() + " (" + field.key() + ") must be " + expected + ".",
                field.key());
    }
}
