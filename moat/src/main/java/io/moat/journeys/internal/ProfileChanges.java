package io.moat.journeys.internal;

import io.moat.customers.CustomerFieldValues;
import io.moat.shared.Problem;
import io.moat.tags.CustomerTagging;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A journey's tag and field steps, through the modules that own them, inside the step's transaction. Each runs in a
 * savepoint: a tag deleted since the version was published, a field removed, a value its type refuses or WeCom
 * refusing is the action's recorded outcome, while the step's other work still commits.
 */
@Component
class ProfileChanges {

    private final CustomerTagging tagging;
    private final CustomerFieldValues fields;
    private final TransactionTemplate savepoint;

    ProfileChanges(CustomerTagging tagging, CustomerFieldValues fields, PlatformTransactionManager transactions) {
        this.tagging = tagging;
        this.fields = fields;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** What a step did: {@code ok}, {@code failed} or {@code skipped}, and why. */
    record Done(String outcome, @Nullable String detail) {}

    /**
     * Tags as an operator would: synced tags are marked in WeCom ({@code mark_tag}) on each of the customer's
     * relations, then assigned.
     */
    Done tag(Enrolment enrolment, List<Long> add, List<Long> remove) {
        try {
            var outcome = Objects.requireNonNull(savepoint.execute(status -> tagging.change(
                    enrolment.tenant(), enrolment.customer(), add, remove, "journey:" + enrolment.journeyId())));
            return new Done(outcome.outcome(), outcome.reason());
        } catch (Problem refused) {
            return new Done("failed", refused.getMessage());
        }
    }

    /** Sets a custom field (a blank value clears it). */
    Done field(Enrolment enrolment, String key, String value) {
        try {
            savepoint.executeWithoutResult(status -> fields.set(enrolment.tenant(), enrolment.customer(), key, value));
            return new Done("ok", key + " = " + value);
        } catch (Problem refused) {
            return new Done("failed", refused.getMessage());
        }
    }
}
