package io.moat.wecom.callback;

import io.moat.shared.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** WeCom's callback URL for a workspace: {@code /wecom/callback/{slug}}. */
@RestController
class CallbackController {

    private static final Logger log = LoggerFactory.getLogger(CallbackController.class);

    private final CallbackIntake intake;

    CallbackController(CallbackIntake intake) {
        this.intake = intake;
    }

    @GetMapping(path = "/wecom/callback/{slug}", produces = MediaType.TEXT_PLAIN_VALUE)
    String verify(
            @PathVariable String slug,
            @RequestParam("msg_signature") String signature,
            @RequestParam String timestamp,
            @RequestParam String nonce,
            @RequestParam String echostr) {
        return intake.verifyUrl(slug, signature, timestamp, nonce, echostr);
    }

    @PostMapping(path = "/wecom/callback/{slug}", produces = MediaType.TEXT_PLAIN_VALUE)
    String receive(
            @PathVariable String slug,
            @RequestParam("msg_signature") String signature,
            @RequestParam String timestamp,
            @RequestParam String nonce,
            @RequestBody String body) {
        intake.receive(slug, signature, timestamp, nonce, body);
        return "success";
    }

    @ExceptionHandler(CallbackRejected.class)
    ProblemDetail rejected(CallbackRejected e) {
        HttpStatus status =
                switch (e.reason()) {
                    case UNKNOWN_WORKSPACE, NOT_CONFIGURED -> HttpStatus.NOT_FOUND;
                    case BAD_SIGNATURE, WRONG_CORP, STALE_TIMESTAMP -> HttpStatus.FORBIDDEN;
                    default -> HttpStatus.BAD_REQUEST;
                };
        log.warn("WeCom callback refused: {} ({})", e.reason().code(), e.getMessage());
        return ProblemResponses.of(status, e.reason().code(), String.valueOf(e.getMessage()), (String) null);
    }
}
