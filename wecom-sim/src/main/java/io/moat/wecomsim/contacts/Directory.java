package io.moat.wecomsim.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's departments and members. Callers hold the corp's lock. */
public final class Directory {

    private final Map<Long, Department> departments = new LinkedHashMap<>();
    private final Map<String, Staff> staff = new LinkedHashMap<>();

    public Directory() {
        departments.put(Department.ROOT_ID, new Department(Department.ROOT_ID, Department.ROOT_NAME, 0, 100_000_000));
    }

    public Optional<Department> department(long id) {
        return Optional.ofNullable(departments.get(id));
    }

    public Collection<Department> departments() {
        return List.copyOf(departments.values());
    }

    public void putDepartment(Department department) {
        departments.put(department.id(), department);
    }

    /** Departments a member names but nobody created yet appear under the root, named after their id. */
    public void ensureDepartments(List<Long> ids) {
        for (long id : ids) {
            departments.computeIfAbsent(
                    id, missing -> new Department(missing, "部门" + missing, Department.ROOT_ID, missing));
        }
    }

    /** The department and every department below it, the department first. */
    public List<Department> subtree(long rootId) {
        List<Department> out = new ArrayList<>();
        department(rootId).ifPresent(root -> collect(root, out));
        return out;
    }

    private void collect(Department parent, List<Department> out) {
        out.add(parent);
        for (Department child : departments.values()) {
            if (child.parentId() == parent.id() && child.id() != parent.id()) {
                collect(child, out);
            }
        }
    }

    public Optional<Staff> staff(String userid) {
        return Optional.ofNullable(userid == null ? null : staff.get(userid));
    }

    public Collection<Staff> allStaff() {
        return List.copyOf(staff.values());
    }

    public void putStaff(Staff member) {
        staff.put(member.userid(), member);
    }

    public Optional<Staff> removeStaff(String userid) {
        return Optional.ofNullable(staff.remove(userid));
    }

    /** Members directly in one of the departments, in creation order. */
    public List<Staff> staffIn(Collection<Long> departmentIds) {
        return staff.values().stream()
                .filter(s -> s.departmentIds().stream().anyMatch(departmentIds::contains))
                .toList();
    }
}
