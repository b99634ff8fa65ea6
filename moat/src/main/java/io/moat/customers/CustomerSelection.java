package io.moat.customers;

import io.moat.customers.internal.CustomFields;
import io.moat.customers.internal.CustomerDirectory;
import io.moat.customers.internal.CustomerFilter;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer list's filter for other modules: which customers "everything the list shows now" means, resolved
 * once into ids (so a bulk action works on the list as it was when it was started, not on whoever matches later),
 * and the names to show beside them. Call in the workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class CustomerSelection {

    private final CustomerDirectory directory;
    private final CustomFields fields;
    private final JdbcClient jdbc;

    CustomerSelection(CustomerDirectory directory, CustomFields fields, JdbcClient jdbc) {
        this.directory = directory;
        this.fields = fields;
        this.jdbc = jdbc;
    }

    /** The list's filter as its query parameters name it; absent parts do not filter. */
    public record Criteria(
            @Nullable String q,
            @Nullable String staff,
            @Nullable String stage,
            @Nullable String field,
            @Nullable String fieldValue) {

        /** What the filter says, for an audit entry or a job's description. */
        public Map<String, String> described() {
            Map<String, String> parts = new HashMap<>();
            put(parts, "q", q);
            put(parts, "staff", staff);
            put(parts, "stage", stage);
            if (field != null && !field.isBlank() && fieldValue != null && !fieldValue.isBlank()) {
                put(parts, "field", field);
                put(parts, "fieldValue", fieldValue);
            }
            return parts;
        }

        private static void put(Map<String, String> parts, String key, @Nullable String value) {
            if (value != null && !value.isBlank()) {
                parts.put(key, value.strip());
            }
        }
    }

    /**
     * Every customer the filter matches now, newest first; a problem naming {@code field} when more than {@code max}
     * match (the caller should narrow the filter rather than act on a part of it).
     */
    public List<Long> ids(CurrentWorkspace workspace, Criteria criteria, int max, String field) {
        boolean byField = criteria.field() != null
                && !criteria.field().isBlank()
                && criteria.fieldValue() != null
                && !criteria.fieldValue().isBlank();
        var filter = new CustomerFilter(
                criteria.q(),
                criteria.staff(),
                criteria.stage(),
                byField ? fields.match(workspace, criteria.field(), criteria.fieldValue()) : null);
        List<Long> ids = directory.matchingIds(workspace.tenant(), filter, max);
        if (ids.size() > max) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "too-many-customers",
                    "More than " + max + " customers match this filter; narrow it first.",
                    field);
        }
        return ids;
    }

    /** Display names of these customers (merged ones included, under their own name). */
    public Map<Long, String> names(CurrentWorkspace workspace, Collection<Long> customers) {
        if (customers.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> names = new HashMap<>();
        jdbc.sql("select id, display_name from customers.customer where tenant_id = ? and id = any(?)")
                .params(workspace.tenant().value(), customers.toArray(Long[]::new))
                .query(row -> {
                    names.put(row.getLong(1), row.getString(2));
                });
        return names;
    }
}
