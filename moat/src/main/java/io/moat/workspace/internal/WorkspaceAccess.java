package io.moat.workspace.internal;

import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.RequiresPermission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Guards every {@code /api/v1/workspaces/{slug}/…} endpoint: resolves the workspace, answers 404 to anyone who is
 * not a member (so outsiders cannot even learn that it exists), then checks the handler's permission and scopes
 * the rest of the request to the workspace's tenant.
 */
final class WorkspaceAccess implements HandlerInterceptor {

    static final String WORKSPACE_PATH = "/api/v1/workspaces/{slug}";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAccess.class);

    private final WorkspaceManagement workspaces;

    WorkspaceAccess(WorkspaceManagement workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (!(handler instanceof HandlerMethod method) || pattern == null || !pattern.startsWith(WORKSPACE_PATH)) {
            return true;
        }
        @SuppressWarnings("unchecked")
        var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String slug = variables.get("slug");
        CurrentWorkspace workspace =
                workspaces.resolve(slug, currentPrincipal()).orElseThrow(() -> notFound(slug));
        RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
        if (required == null) {
            log.error("{} has no @RequiresPermission; refusing it", method.getShortLogMessage());
            throw new Problem(HttpStatus.FORBIDDEN, "permission-undeclared", "This endpoint declares no permission.");
        }
        if (!workspace.can(required.value())) {
            throw new Problem(
                    HttpStatus.FORBIDDEN,
                    "permission-denied",
                    "The role " + workspace.role().code() + " lacks the permission "
                            + required.value().code() + ".");
        }
        request.setAttribute(CurrentWorkspace.class.getName(), workspace);
        CallContext.set(CallContext.current().withTenant(workspace.tenant()));
        MDC.put("workspace", workspace.slug());
        return true;
    }

    static Principal currentPrincipal() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Principal principal) {
            return principal;
        }
        throw new Problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in or present an API token.");
    }

    private static Problem notFound(String slug) {
        return new Problem(HttpStatus.NOT_FOUND, "workspace-not-found", "No workspace '" + slug + "'.", "slug");
    }
}
