package io.moat.workspace.web;

import io.moat.workspace.internal.SessionTokens;
import io.moat.workspace.internal.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final SignIn signIn;
    private final SessionTokens sessions;

    AuthController(SignIn signIn, SessionTokens sessions) {
        this.signIn = signIn;
        this.sessions = sessions;
    }

    record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password) {}

    record AccountResponse(long id, String username, String displayName) {}

    record TokenResponse(String token, Instant expiresAt, AccountResponse account) {}

    @PostMapping("/token")
    TokenResponse token(@Valid @RequestBody TokenRequest body, HttpServletRequest request) {
        var result = signIn.signIn(
                body.username(), body.password(), request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
        var account = result.account();
        return new TokenResponse(
                result.session().token(),
                result.session().expiresAt(),
                new AccountResponse(account.id(), account.username(), account.displayName()));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        sessions.revoke(authorization.substring("Bearer ".length()).trim());
    }
}
