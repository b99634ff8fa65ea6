package io.moat.wecomsim.api;

import io.moat.wecomsim.contacts.ContactWay;
import io.moat.wecomsim.contacts.Department;
import io.moat.wecomsim.contacts.Directory;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.world.CorpState;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who a contact way may name, checked on add and again after every update. */
final class ContactWayRules {

    static final int MAX_MEMBERS = 100;

    private ContactWayRules() {}

    /**
     * Type 1 takes exactly one member; type 2 members and/or departments, at most 100 members once departments are
     * expanded. Members must exist (40003) and be active (41054); departments must exist (60123).
     */
    static ContactWay validated(CorpState corp, ContactWay way) {
        Directory directory = corp.directory();
        if (way.type() == ContactWay.SINGLE && way.users().size() != 1) {
            throw ApiError.invalid("a type 1 contact way takes exactly one user");
        }
        if (way.type() == ContactWay.MULTI
                && way.users().isEmpty()
                && way.parties().isEmpty()) {
            throw ApiError.invalid("a type 2 contact way needs user or party");
        }
        Set<String> members = new LinkedHashSet<>();
        for (String userid : way.users()) {
            Staff staff = directory
                    .staff(userid)
                    .orElseThrow(() -> new ApiError(ErrCode.INVALID_USERID, "no member " + userid));
            if (!staff.active()) {
                throw new ApiError(ErrCode.USER_NOT_ACTIVE, userid + " is not active");
            }
            members.add(userid);
        }
        for (long party : way.parties()) {
            if (directory.department(party).isEmpty()) {
                throw new ApiError(ErrCode.INVALID_DEPARTMENT, "no department " + party);
            }
            List<Long> scope =
                    directory.subtree(party).stream().map(Department::id).toList();
            directory.staffIn(scope).forEach(s -> members.add(s.userid()));
        }
        if (members.size() > MAX_MEMBERS) {
            throw ApiError.invalid("more than " + MAX_MEMBERS + " members once departments are expanded");
        }
        return way;
    }
}
