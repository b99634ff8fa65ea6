package io.moat.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint under {@code /api/v1/workspaces/{slug}} — found from the handler mappings, so endpoints added by
 * later modules are covered too — answers 404 to a signed-in person who is not a member, and declares a
 * permission.
 */
@MoatTest
class NonMemberAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyWorkspaceEndpointAnswers404ToNonMembers() {
        Api api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        String outsiderHome = api.newWorkspace(admin);
        String outsider = api.memberWithRole(admin, outsiderHome, "owner");

        List<String> checked = new ArrayList<>();
        for (var entry : workspaceEndpoints()) {
            RequestMappingInfo info = entry.getKey();
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replace("{slug}", slug).replaceAll("\\{[^}]+}", "1");
                for (var method : info.getMethodsCondition().getMethods()) {
                    var answer = api.call(HttpMethod.valueOf(method.name()), path, outsider, Map.of());
                    assertThat(answer.status()).as(method + " " + pattern).isEqualTo(404);
                    checked.add(method + " " + pattern);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void everyWorkspaceEndpointDeclaresAPermission() {
        List<String> undeclared = workspaceEndpoints().stream()
                .filter(entry -> !entry.getValue().hasMethodAnnotation(RequiresPermission.class))
                .map(entry -> entry.getValue().getShortLogMessage())
                .toList();
        assertThat(undeclared).isEmpty();
    }

    private List<Map.Entry<RequestMappingInfo, HandlerMethod>> workspaceEndpoints() {
        return mappings.getHandlerMethods().entrySet().stream()
                .filter(entry -> entry.getKey().getPatternValues().stream()
                        .anyMatch(pattern -> pattern.startsWith("/api/v1/workspaces/{slug}")))
                .toList();
    }
}
