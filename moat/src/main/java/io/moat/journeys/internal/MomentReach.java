package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts Moments plans against each customer's daily cap: a WeCom customer sees at most a few Moments a day (3 per
 * the brief and wecom-api.md §5, where the number is unverified and so configurable: {@code
 * moat.journeys.moments-daily-cap}). A plan's reach is the posting member's customers with any of its tags (from the
 * audience index); each reached customer is a row of {@code moment_reach} for the workspace's local day, counted
 * while the customer is under the cap that day and marked over it otherwise.
 */
@Component
@Transactional
class MomentReach {

    private final JdbcClient jdbc;
    private final Audiences audiences;
    private final WorkspaceDirectory zones;
    private final int dailyCap;

    MomentReach(
            JdbcClient jdbc,
            Audiences audiences,
            WorkspaceDirectory zones,
            @Value("${moat.journeys.moments-daily-cap:3}") int dailyCap) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.zones = zones;
        this.dailyCap = dailyCap;
    }

    /** Who a plan reaches that day, and how many of them are already at the cap. */
    record Figures(int reach, int overCap, int dailyCap) {}

    LocalDate dayOf(TenantId tenant, Instant at) {
        return at.atZone(zones.zoneOf(tenant)).toLocalDate();
    }

    @Transactional(readOnly = true)
    Figures preview(TenantId tenant, String staff, List<Long> tagIds, LocalDate day) {
        List<CustomerId> reached = reached(tenant, staff, tagIds);
        int over = (int)
                reached.stream().filter(c -> seen(tenant, c, day) >= dailyCap).count();
        return new Figures(reached.size(), over, dailyCap);
    }

    /**
     * Counts a new plan's reach. Two plans counted at once for one customer may both count (no lock): this is the
     * operators' budget, WeCom's display-time cap is the hard one.
     */
    Figures count(TenantId tenant, long planId, String staff, List<Long> tagIds, LocalDate day) {
        int reach = 0;
        int over = 0;
        for (CustomerId customer : reached(tenant, staff, tagIds)) {
            boolean counted = seen(tenant, customer, day) < dailyCap;
            jdbc.sql("""
                    insert into journeys.moment_reach (tenant_id, plan_id, customer_id, local_date, counted)
                    values (?, ?, ?, ?, ?) on conflict do nothing
                    """)
                    .params(tenant.value(), planId, customer.value(), day, counted)
                    .update();
            reach++;
            over += counted ? 0 : 1;
        }
        return new Figures(reach, over, dailyCap);
    }

    /** A cancelled or failed plan no longer takes a place in anyone's day. */
    void uncount(TenantId tenant, long planId) {
        jdbc.sql("update journeys.moment_reach set counted = false where tenant_id = ? and plan_id = ?")
                .params(tenant.value(), planId)
                .update();
    }

    private List<CustomerId> reached(TenantId tenant, String staff, List<Long> tagIds) {
        String condition = "{\"v\":1,\"all\":[{\"staff\":{\"any\":[" + quoted(staff) + "]}}"
                + (tagIds.isEmpty()
                        ? ""
                        : ",{\"tag\":{\"any\":["
                                + String.join(
                                        ",",
                                        tagIds.stream().map(String::valueOf).toList()) + "]}}")
                + "]}";
        var parsed = audiences.parse(condition);
        List<CustomerId> out = new ArrayList<>();
        CustomerId after = null;
        do {
            MemberPage page = audiences.members(tenant, parsed, after, 1000);
            out.addAll(page.customers());
            after = page.next();
        } while (after != null);
        return out;
    }

    private int seen(TenantId tenant, CustomerId customer, LocalDate day) {
        return jdbc.sql("""
                select count(*) from journeys.moment_reach
                where tenant_id = ? and customer_id = ? and local_date = ? and counted
                """)
                .params(tenant.value(), customer.value(), day)
                .query(Integer.class)
                .single();
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
