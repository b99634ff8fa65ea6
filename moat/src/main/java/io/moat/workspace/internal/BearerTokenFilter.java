package io.moat.workspace.internal;

import io.moat.shared.context.CallContext;
import io.moat.shared.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer …}, resolves a session or API token to its {@link Principal}, and opens the
 * call context the rest of the request runs in. A presented but unknown, expired or revoked token is a 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final SessionTokens sessions;
    private final ApiTokens apiTokens;
    private final ProblemWriter problems;

    BearerTokenFilter(SessionTokens sessions, ApiTokens apiTokens, ProblemWriter problems) {
        this.sessions = sessions;
        this.apiTokens = apiTokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = request.getRemoteAddr();
        CallContext context = new CallContext(null, null, null, "anonymous", ip, false);
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            Optional<? extends Principal> principal =
                    resolve(header.substring(BEARER.length()).trim());
            if (principal.isEmpty()) {
                problems.write(
                        response,
                        HttpStatus.UNAUTHORIZED,
                        "invalid-token",
                        "The bearer token is unknown, expired or revoked.",
                        "Authorization");
                return;
            }
            SecurityContextHolder.getContext().setAuthentication(new PrincipalAuthentication(principal.get()));
            Long accountId = principal.get() instanceof Principal.SignedInAccount account ? account.accountId() : null;
            context = new CallContext(null, accountId, null, principal.get().label(), ip, false);
            MDC.put("actor", principal.get().label());
        }
        CallContext.set(context);
        try {
            chain.doFilter(request, response);
        } finally {
            CallContext.clear();
            MDC.remove("actor");
            MDC.remove("workspace");
        }
    }

    private Optional<? extends Principal> resolve(String token) {
        if (token.startsWith(SecretToken.SESSION)) {
            return sessions.resolve(token);
        }
        if (token.startsWith(SecretToken.API)) {
            return apiTokens.resolve(token);
        }
        return Optional.empty();
    }
}
