package io.moat.wecomsim.control;

import static io.moat.wecomsim.callbacks.EventField.number;
import static io.moat.wecomsim.callbacks.EventField.text;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.callbacks.EventField;
import io.moat.wecomsim.contacts.Department;
import io.moat.wecomsim.contacts.Directory;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes an admin makes to the directory in the admin console. Unlike API writes, these push change_contact
 * events (create_party, create_user, update_user, delete_user).
 */
public final class StaffRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/departments", this::createDepartment);
        routes.post("/sim/corps/{corpId}/staff", this::createStaff);
        routes.put("/sim/corps/{corpId}/staff/{userid}", this::updateStaff);
        routes.delete("/sim/corps/{corpId}/staff/{userid}", this::deleteStaff);
    }

    private ControlAnswer createDepartment(ControlRequest request) {
        CorpState corp = request.corp();
        long id = request.number("id").orElseThrow(() -> ControlError.badRequest("id is required"));
        String name = request.requiredText("name");
        long parentId = request.number("parentId").orElse(Department.ROOT_ID);
        synchronized (corp) {
            Directory directory = corp.directory();
            if (directory.department(id).isPresent()) {
                throw ControlError.conflict("department " + id + " exists");
            }
            directory
                    .department(parentId)
                    .orElseThrow(() -> ControlError.badRequest("no parent department " + parentId));
            Department department =
                    new Department(id, name, parentId, request.number("order").orElse(id));
            directory.putDepartment(department);
            corp.emit(CallbackEvent.contact(
                    "create_party",
                    List.of(
                            number("Id", id),
                            text("Name", name),
                            number("ParentId", parentId),
                            number("Order", department.order()))));
            return ControlAnswer.created(
                    Json.object().put("id", id).put("name", name).put("parentId", parentId));
        }
    }

    /** Departments the member names that do not exist yet are created under the root, without an event. */
    private ControlAnswer createStaff(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.requiredText("userid");
        String name = request.requiredText("name");
        List<Long> departments = request.numbers("departmentIds");
        Staff staff = new Staff(
                userid,
                name,
                departments.isEmpty() ? List.of(Department.ROOT_ID) : departments,
                request.text("mobile").orElse(""),
                request.number("status").orElse((long) Staff.ACTIVE).intValue());
        synchronized (corp) {
            Directory directory = corp.directory();
            if (directory.staff(userid).isPresent()) {
                throw ControlError.conflict("member " + userid + " exists");
            }
            directory.ensureDepartments(staff.departmentIds());
            directory.putStaff(staff);
            corp.emit(CallbackEvent.contact("create_user", staffFields(staff)));
            return ControlAnswer.created(staffJson(staff));
        }
    }

    /** Changes only the fields given; the update_user event lists the fields that changed. */
    private ControlAnswer updateStaff(ControlRequest request) {
        CorpState corp = request.corp();
        synchronized (corp) {
            Staff old = existing(corp, request.var("userid"));
            List<Long> departments =
                    request.has("departmentIds") ? request.numbers("departmentIds") : old.departmentIds();
            Staff updated = old.with(
                    request.text("name").orElse(old.name()),
                    departments,
                    request.text("mobile").orElse(old.mobile()),
                    request.number("status").map(Long::intValue).orElse(old.status()));
            corp.directory().ensureDepartments(updated.departmentIds());
            corp.directory().putStaff(updated);
            List<EventField> fields = new ArrayList<>();
            fields.add(text("UserID", updated.userid()));
            if (!updated.name().equals(old.name())) {
                fields.add(text("Name", updated.name()));
            }
            if (!updated.departmentIds().equals(old.departmentIds())) {
                fields.add(text("Department", joined(updated.departmentIds())));
                fields.add(number("MainDepartment", updated.mainDepartment()));
            }
            if (!updated.mobile().equals(old.mobile())) {
                fields.add(text("Mobile", updated.mobile()));
            }
            if (updated.status() != old.status()) {
                fields.add(number("Status", updated.status()));
            }
            corp.emit(CallbackEvent.contact("update_user", fields));
            return ControlAnswer.ok(staffJson(updated));
        }
    }

    /** The member leaves; their follow relations stay, as customers of a departed member do in WeCom. */
    private ControlAnswer deleteStaff(ControlRequest request) {
        CorpState corp = request.corp();
        synchronized (corp) {
            Staff staff = existing(corp, request.var("userid"));
            corp.directory().removeStaff(staff.userid());
            corp.emit(CallbackEvent.contact("delete_user", List.of(text("UserID", staff.userid()))));
            return ControlAnswer.ok(staffJson(staff));
        }
    }

    static Staff existing(CorpState corp, String userid) {
        return corp.directory().staff(userid).orElseThrow(() -> ControlError.notFound("no member " + userid));
    }

    private static List<EventField> staffFields(Staff staff) {
        List<EventField> fields = new ArrayList<>();
        fields.add(text("UserID", staff.userid()));
        fields.add(text("Name", staff.name()));
        fields.add(text("Department", joined(staff.departmentIds())));
        fields.add(number("MainDepartment", staff.mainDepartment()));
        if (!staff.mobile().isEmpty()) {
            fields.add(text("Mobile", staff.mobile()));
        }
        fields.add(number("Status", staff.status()));
        return fields;
    }

    private static String joined(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static ObjectNode staffJson(Staff staff) {
        ObjectNode json = Json.object().put("userid", staff.userid()).put("name", staff.name());
        staff.departmentIds().forEach(json.putArray("departmentIds")::add);
        return json.put("mobile", staff.mobile()).put("status", staff.status());
    }
}
