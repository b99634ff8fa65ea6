package io.moat.workspace.internal;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The Spring Security view of a {@link Principal}: platform admins get the {@code platform-admin} authority. */
final class PrincipalAuthentication extends AbstractAuthenticationToken {

    static final String PLATFORM_ADMIN = "platform-admin";

    private final Principal principal;

    PrincipalAuthentication(Principal principal) {
        super(
                principal instanceof Principal.SignedInAccount account && account.platformAdmin()
                        ? List.of(new SimpleGrantedAuthority(PLATFORM_ADMIN))
                        : List.of());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Principal getPrincipal() {
        return principal;
    }
}
