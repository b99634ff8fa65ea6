package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.Explanation;
import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Answers conditions from the workspace's index, with "now" from the clock in the workspace's zone. */
@Component
public class AudienceQueries {

    public static final int MAX_PAGE = 1_000;

    private final AudienceIndex indexes;
    private final Clock clock;

    AudienceQueries(AudienceIndex indexes, Clock clock) {
        this.indexes = indexes;
        this.clock = clock;
    }

    /** The members' numbers; the caller owns the bitmap. */
    public RoaringBitmap select(TenantId tenant, AudienceCondition condition) {
        TenantIndex index = indexes.of(tenant);
        return index.read(() -> new Selection(index, window(index)).members(condition));
    }

    /** How many members, counted chunk by chunk without building their bitmap. */
    public long count(TenantId tenant, AudienceCondition condition) {
        TenantIndex index = indexes.of(tenant);
        return index.read(() -> new Selection(index, window(index)).count(condition));
    }

    public Explanation explain(TenantId tenant, CustomerId customer, AudienceCondition condition) {
        TenantIndex index = indexes.of(tenant);
        return index.read(() -> {
            Integer number = index.number(customer.value());
            if (number == null) {
                throw new Problem(
                        HttpStatus.NOT_FOUND,
                        "customer-not-found",
                        "No customer " + customer.value() + ".",
                        "customer");
            }
            return new Explaining(index, window(index), number).explain(condition);
        });
    }

    public MemberPage members(TenantId tenant, AudienceCondition condition, @Nullable CustomerId after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-limit", "limit runs from 1 to " + MAX_PAGE + ".", "limit");
        }
        TenantIndex index = indexes.of(tenant);
        return index.read(() -> {
            RoaringBitmap members = new Selection(index, window(index)).members(condition);
            int from = 0;
            if (after != null) {
                Integer number = index.number(after.value());
                if (number == null) {
                    throw new Problem(
                            HttpStatus.BAD_REQUEST,
                            "invalid-cursor",
                            "No customer " + after.value() + " to continue after.",
                            "after");
                }
                from = number + 1;
            }
            List<CustomerId> page = new ArrayList<>(limit);
            PeekableIntIterator it = members.getIntIterator();
            it.advanceIfNeeded(from);
            while (it.hasNext() && page.size() <= limit) {
                page.add(new CustomerId(index.id(it.next())));
            }
            CustomerId next = page.size() > limit ? page.get(limit - 1) : null;
            return new MemberPage(page.size() > limit ? page.subList(0, limit) : page, next);
        });
    }

    /** Customer ids for numbers, in the same order. */
    public List<CustomerId> ids(TenantId tenant, RoaringBitmap numbers) {
        TenantIndex index = indexes.of(tenant);
        return index.read(() -> {
            List<CustomerId> ids = new ArrayList<>(numbers.getCardinality());
            numbers.forEach((int n) -> ids.add(new CustomerId(index.id(n))));
            return ids;
        });
    }

    private Window window(TenantIndex index) {
        return Window.at(clock.instant(), index.zone());
    }
}
