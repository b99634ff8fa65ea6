package io.moat.workspace.web;

import io.moat.shared.Problem;
import io.moat.workspace.internal.AccountRepository;
import io.moat.workspace.internal.PasswordHashing;
import io.moat.workspace.internal.Principal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final AccountRepository accounts;
    private final PasswordHashing passwords;

    MeController(AccountRepository accounts, PasswordHashing passwords) {
        this.accounts = accounts;
        this.passwords = passwords;
    }

    record MeResponse(
            long id, String username, String displayName, boolean platformAdmin, boolean mustChangePassword) {}

    record ChangePasswordRequest(
            @NotBlank String currentPassword,
            @NotBlank @Size(min = 10, max = 200) String newPassword) {}

    @GetMapping
    MeResponse me(Principal.SignedInAccount caller) {
        var account = accounts.findById(caller.accountId()).orElseThrow();
        return new MeResponse(
                account.id(),
                account.username(),
                account.displayName(),
                account.platformAdmin(),
                account.mustChangePassword());
    }

    @PostMapping("/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Principal.SignedInAccount caller, @Valid @RequestBody ChangePasswordRequest body) {
        var account = accounts.findById(caller.accountId()).orElseThrow();
        if (!passwords.matches(body.currentPassword(), account.passwordHash())) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "bad-credentials", "The current password is wrong.", "currentPassword");
        }
        accounts.changePassword(account.id(), passwords.hash(body.newPassword()));
    }
}
