package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.Department;
import io.moat.wecomsim.contacts.Directory;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import java.util.Collection;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading the corp's directory: departments, members, and the members who may serve customers. */
final class DirectoryEndpoints {

    private DirectoryEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.get("/cgi-bin/department/list", emptyArrays("department"), DirectoryEndpoints::departments);
        endpoints.get("/cgi-bin/user/list", emptyArrays("userlist"), DirectoryEndpoints::users);
        endpoints.get(
                "/cgi-bin/user/get",
                emptyArrays("department", "order", "is_leader_in_dept", "direct_leader"),
                DirectoryEndpoints::user);
        endpoints.get(
                "/cgi-bin/externalcontact/get_follow_user_list",
                emptyArrays("follow_user"),
                DirectoryEndpoints::followUsers);
    }

    /** {@code ?id=} limits the answer to that department and those below it. */
    private static ObjectNode departments(ApiRequest request) {
        Directory directory = request.corp().directory();
        String id = request.param("id");
        Collection<Department> departments =
                id.isEmpty() ? directory.departments() : directory.subtree(existing(directory, id));
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("department");
        for (Department department : departments) {
            ObjectNode item = list.addObject()
                    .put("id", department.id())
                    .put("name", department.name())
                    .put("parentid", department.parentId())
                    .put("order", department.order());
            item.putArray("department_leader");
        }
        return answer;
    }

    /** {@code ?department_id=&fetch_child=1}: members of a department, and of its sub-departments on request. */
    private static ObjectNode users(ApiRequest request) {
        Directory directory = request.corp().directory();
        String departmentId = request.param("department_id");
        if (departmentId.isEmpty()) {
            throw ApiError.invalid("department_id is required");
        }
        long id = existing(directory, departmentId);
        List<Long> scope = request.param("fetch_child").equals("1")
                ? directory.subtree(id).stream().map(Department::id).toList()
                : List.of(id);
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("userlist");
        directory.staffIn(scope).forEach(s -> list.add(staffJson(s)));
        return answer;
    }

    private static ObjectNode user(ApiRequest request) {
        String userid = request.param("userid");
        Staff staff = request.corp()
                .directory()
                .staff(userid)
                .orElseThrow(() -> new ApiError(ErrCode.USERID_NOT_FOUND, "no member " + userid));
        return staffJson(staff);
    }

    private static ObjectNode followUsers(ApiRequest request) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("follow_user");
        request.corp().directory().allStaff().stream().filter(Staff::active).forEach(s -> list.add(s.userid()));
        return answer;
    }

    static ObjectNode staffJson(Staff staff) {
        ObjectNode user = Json.object().put("userid", staff.userid()).put("name", staff.name());
        ArrayNode departments = user.putArray("department");
        ArrayNode order = user.putArray("order");
        ArrayNode leader = user.putArray("is_leader_in_dept");
        for (long department : staff.departmentIds()) {
            departments.add(department);
            order.add(0);
            leader.add(0);
        }
        user.putArray("direct_leader");
        return user.put("position", "")
                .put("mobile", staff.mobile())
                .put("gender", "0")
                .put("email", "")
                .put("avatar", "")
                .put("thumb_avatar", "")
                .put("telephone", "")
                .put("alias", "")
                .put("status", staff.status())
                .put("main_department", staff.mainDepartment());
    }

    private static long existing(Directory directory, String id) {
        try {
            long parsed = Long.parseLong(id);
            if (directory.department(parsed).isPresent()) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the same error as an unknown id
        }
        throw new ApiError(ErrCode.INVALID_DEPARTMENT, "no department " + id);
    }
}
