package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.internal.TagLibrary.TagRef;
import io.moat.tags.internal.Tagging.Change;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks what a caller asks to add and remove: live tags, none twice, no rule tag (those follow their condition),
 * something to do at all. Each problem names the list at fault.
 */
@Component
@Transactional(readOnly = true)
public class TagChanges {

    private final TagLibrary library;
    private final CustomerLookup customers;

    TagChanges(TagLibrary library, CustomerLookup customers) {
        this.library = library;
        this.customers = customers;
    }

    public Change resolve(TenantId tenant, List<Long> add, List<Long> remove) {
        if (add.isEmpty() && remove.isEmpty()) {
            throw invalid("add", "no-tags", "Name tags to add or to remove.");
        }
        Set<Long> both = new HashSet<>(add);
        both.retainAll(remove);
        if (!both.isEmpty()) {
            throw invalid(
                    "remove", "tag-added-and-removed", "Tag " + both.iterator().next() + " is both added and removed.");
        }
        return new Change(live(tenant, add, "add"), live(tenant, remove, "remove"));
    }

    public void requireCustomer(TenantId tenant, long id) {
        if (customers.existing(tenant, List.of(new CustomerId(id))).isEmpty()) {
            throw new Problem(HttpStatus.NOT_FOUND, "customer-not-found", "No customer " + id + ".", "id");
        }
    }

    /** The live, assignable tags {@code ids} name; {@code field} is the request's list. */
    public List<TagRef> assignable(TenantId tenant, List<Long> ids, String field) {
        return live(tenant, ids, field);
    }

    private List<TagRef> live(TenantId tenant, List<Long> ids, String field) {
        Map<Long, TagRef> found =
                library.refs(tenant, ids).stream().collect(Collectors.toMap(TagRef::id, Function.identity()));
        for (long id : ids) {
            TagRef tag = found.get(id);
            if (tag == null) {
                throw new Problem(HttpStatus.BAD_REQUEST, "tag-not-found", "No tag " + id + ".", field);
            }
            if (tag.kind() == TagKind.RULE) {
                throw invalid(
                        field, "rule-tag-not-assignable", "Tag " + id + " is a rule tag; it follows its condition.");
            }
        }
        return ids.stream().distinct().map(found::get).toList();
    }

    private static Problem invalid(String field, String code, String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, code, detail, field);
    }
}
