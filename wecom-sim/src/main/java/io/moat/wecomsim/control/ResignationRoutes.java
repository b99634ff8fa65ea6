package io.moat.wecomsim.control;

import static io.moat.wecomsim.callbacks.EventField.text;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;

/**
 * A member leaving the corp (离职): they disappear from the directory (delete_user is pushed), while their
 * customers stay with them, unassigned, and their groups show status 1 until someone inherits them.
 */
public final class ResignationRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/staff/{userid}/resign", this::resign);
    }

    private ControlAnswer resign(ControlRequest request) {
        CorpState corp = request.corp();
        synchronized (corp) {
            Staff staff = StaffRoutes.existing(corp, request.var("userid"));
            corp.directory().removeStaff(staff.userid());
            corp.resignations().resign(staff.userid(), corp.now());
            corp.emit(CallbackEvent.contact("delete_user", List.of(text("UserID", staff.userid()))));
            long groups = corp.groups().allLive().stream()
                    .filter(chat -> chat.owner().equals(staff.userid()))
                    .count();
            return ControlAnswer.ok(Json.object()
                    .put("userid", staff.userid())
                    .put("dimissionTime", corp.epochSecond())
                    .put("unassignedCustomers", corp.customers().countOf(staff.userid()))
                    .put("groups", groups));
        }
    }
}
