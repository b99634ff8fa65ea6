package io.moat.workspace.internal;

import io.moat.workspace.CurrentWorkspace;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controllers take the {@link CurrentWorkspace} and the calling {@link Principal} as parameters. */
final class CallerArguments implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == CurrentWorkspace.class || Principal.class.isAssignableFrom(type);
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        if (parameter.getParameterType() == CurrentWorkspace.class) {
            Object workspace =
                    request.getNativeRequest(HttpServletRequest.class).getAttribute(CurrentWorkspace.class.getName());
            if (workspace == null) {
                throw new IllegalStateException(
                        parameter.getExecutable() + " is not under " + WorkspaceAccess.WORKSPACE_PATH);
            }
            return workspace;
        }
        Principal principal = WorkspaceAccess.currentPrincipal();
        if (!parameter.getParameterType().isInstance(principal)) {
            throw new io.moat.shared.Problem(
                    org.springframework.http.HttpStatus.FORBIDDEN,
                    "wrong-principal",
                    "This call needs a signed-in person, not an API token.");
        }
        return principal;
    }
}
