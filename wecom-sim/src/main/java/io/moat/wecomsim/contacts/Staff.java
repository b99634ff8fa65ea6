package io.moat.wecomsim.contacts;

import java.util.List;

/**
 * A member of the corp (员工). Status follows WeCom: 1 active, 2 disabled, 4 not activated, 5 left the corp.
 * Every active member is treated as having the customer-contact permission.
 */
public record Staff(String userid, String name, List<Long> departmentIds, String mobile, int status) {

    public static final int ACTIVE = 1;

    public Staff {
        departmentIds = List.copyOf(departmentIds);
        mobile = mobile == null ? "" : mobile;
    }

    public long mainDepartment() {
        return departmentIds.isEmpty() ? Department.ROOT_ID : departmentIds.getFirst();
    }

    public boolean active() {
        return status == ACTIVE;
    }

    public Staff with(String newName, List<Long> newDepartments, String newMobile, int newStatus) {
        return new Staff(userid, newName, newDepartments, newMobile, newStatus);
    }
}
