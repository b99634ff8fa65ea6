package io.moat.community.internal;

import io.moat.wecom.GroupCreated;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** When a group is created, a join code may be why (WeCom opened it for a full code): re-read those codes' groups. */
@Component
class JoinCodeGroups {

    private final JoinCodes codes;
    private final TenantWork work;

    JoinCodeGroups(JoinCodes codes, TenantWork work) {
        this.codes = codes;
        this.work = work;
    }

    @TransactionalEventListener
    void on(GroupCreated created) {
        work.run(created.tenant(), () -> codes.refreshGroups(created.tenant()));
    }
}
