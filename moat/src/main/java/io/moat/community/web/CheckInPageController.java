package io.moat.community.web;

import io.moat.community.internal.CheckInLinks;
import io.moat.community.internal.CheckIns;
import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The member's side of check-ins, without a sign-in: the personal link proves who they are. {@code /k/{token}} is
 * the mobile page (a plain form, no script, so it is fast in WeCom's browser); opening it shows the streak, and
 * only pressing the button (a POST) checks in, so a link preview cannot check in for anyone. {@code
 * /api/v1/public/check-ins/{token}} answers the same as JSON. A forged, altered or revoked token is a 404.
 */
@RestController
class CheckInPageController {

    private final CheckInLinks links;
    private final CheckIns checkIns;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CheckInPageController(
            CheckInLinks links,
            CheckIns checkIns,
            WorkspaceDirectory directory,
            TransactionTemplate transactions,
            Clock clock) {
        this.links = links;
        this.checkIns = checkIns;
        this.directory = directory;
        this.transactions = transactions;
        this.clock = clock;
    }

    record CheckedIn(boolean counted, CheckIns.@Nullable Reward earned, CheckIns.Standing standing) {}

    @GetMapping("/api/v1/public/check-ins/{token}")
    CheckIns.Standing standing(@PathVariable String token) {
        return withLink(
                token,
                (entry, link) -> checkIns.opened(
                        entry.tenant(), link.chatId(), link.memberId(), clock.instant(), entry.timezone()));
    }

    @PostMapping("/api/v1/public/check-ins/{token}")
    CheckedIn checkIn(@PathVariable String token) {
        var outcome = withLink(
                token,
                (entry, link) -> checkIns.checkIn(
                        entry.tenant(), link.chatId(), link.memberId(), clock.instant(), entry.timezone()));
        return new CheckedIn(outcome.counted(), outcome.earned(), outcome.standing());
    }

    @GetMapping(value = "/k/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String token) {
        try {
            return html(HttpStatus.OK, CheckInPage.of(token, standing(token), null));
        } catch (Problem problem) {
            return html(problem.status(), CheckInPage.problem(problem));
        }
    }

    @PostMapping(value = "/k/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> pageCheckIn(@PathVariable String token) {
        try {
            var done = checkIn(token);
            return html(HttpStatus.OK, CheckInPage.of(token, done.standing(), done));
        } catch (Problem problem) {
            return html(problem.status(), CheckInPage.problem(problem));
        }
    }

    private <T> T withLink(String token, BiFunction<WorkspaceDirectory.Entry, CheckInLinks.Link, T> work) {
        var claim = CheckInLinks.Claim.parse(token).orElseThrow(CheckInPageController::unknown);
        var entry = directory.bySlug(claim.slug()).orElseThrow(CheckInPageController::unknown);
        return CallContext.forTenant(entry.tenant(), "check-in")
                .call(() -> transactions.execute(status -> {
                    var link = links.resolve(entry.tenant(), claim).orElseThrow(CheckInPageController::unknown);
                    return work.apply(entry, link);
                }));
    }

    static Problem unknown() {
        return new Problem(
                HttpStatus.NOT_FOUND,
                "check-in-link-not-found",
                "This check-in link is not valid (it may have been replaced by a newer one).",
                "token");
    }

    private static ResponseEntity<String> html(HttpStatus status, String html) {
        return ResponseEntity.status(status)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(html);
    }
}
