package io.moat.customers;

import io.moat.customers.internal.CustomFields;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A workspace's custom field values for other modules: journeys set a field as a step and enter customers on a
 * date kept in a date field. Values are checked against the field's type as the console checks them (a bad one is a
 * problem naming the field). Call in the workspace's scope, inside a transaction.
 */
@Service
@Transactional
public class CustomerFieldValues {

    private final CustomFields fields;
    private final JdbcClient jdbc;

    CustomerFieldValues(CustomFields fields, JdbcClient jdbc) {
        this.fields = fields;
        this.jdbc = jdbc;
    }

    /** Sets (or, with a null or blank value, clears) one field of one customer. */
    public void set(TenantId tenant, CustomerId customer, String key, @Nullable String value) {
        Map<String, @Nullable String> change = new HashMap<>();
        change.put(key, value);
        fields.set(tenant, customer.value(), change);
    }

    /** The type of the live field with this key (text, number, date, choice), or a problem naming {@code field}. */
    @Transactional(readOnly = true)
    public String type(TenantId tenant, String key, String field) {
        return fields.definitions(tenant).stream()
                .filter(d -> d.key().equals(key))
                .map(CustomFields.Definition::type)
                .findFirst()
                .orElseThrow(() ->
                        new Problem(HttpStatus.BAD_REQUEST, "unknown-field", "No custom field " + key + ".", field));
    }

    /** One stored value of a live custom field: numbers plain, dates yyyy-MM-dd, choices as defined. */
    public record Value(CustomerId customer, String key, String value) {}

    /** The keys and types (text, number, date, choice) of the workspace's live custom fields. */
    @Transactional(readOnly = true)
    public Map<String, String> types(TenantId tenant) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        fields.definitions(tenant).forEach(d -> types.put(d.key(), d.type()));
        return types;
    }

    /**
     * The stored values of live fields of some customers (audiences index them). A change to a customer's values is
     * announced as {@link CustomerFieldsChanged} for that customer; removing a field as one for everyone.
     */
    @Transactional(readOnly = true)
    public List<Value> valuesOf(TenantId tenant, java.util.Collection<CustomerId> customers) {
        return jdbc.sql("""
                select v.customer_id, d.key, v.value from customers.field_value v
                join customers.field_definition d on d.tenant_id = v.tenant_id and d.id = v.field_id
                where v.tenant_id = ? and v.customer_id = any(?) and d.deleted_at is null
                order by v.customer_id, d.key""")
                .params(
                        tenant.value(),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .query((row, n) -> new Value(new CustomerId(row.getLong(1)), row.getString(2), row.getString(3)))
                .list();
    }

    /** Customers (not merged away) whose date field {@code key} holds {@code date}. */
    @Transactional(readOnly = true)
    public List<CustomerId> onDate(TenantId tenant, String key, LocalDate date) {
        return holding(tenant, key, " v.value = ?", date.toString());
    }

    /** Customers whose date field {@code key} falls on {@code day} of any year (anniversaries, birthdays). */
    @Transactional(readOnly = true)
    public List<CustomerId> onAnniversary(TenantId tenant, String key, MonthDay day) {
        return holding(tenant, key, " substr(v.value, 6) = ?", day.toString().substring(2));
    }

    private List<CustomerId> holding(TenantId tenant, String key, String match, String value) {
        return jdbc.sql("""
                select v.customer_id from customers.field_value v
                join customers.field_definition d on d.tenant_id = v.tenant_id and d.id = v.field_id
                join customers.customer c on c.tenant_id = v.tenant_id and c.id = v.customer_id
                where v.tenant_id = ? and d.key = ? and d.type = 'date' and d.deleted_at is null
                  and c.merged_into is null and""" + match + " order by v.customer_id")
                .params(tenant.value(), key, value)
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list();
    }
}
