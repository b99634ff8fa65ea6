package io.moat.community.web;

import io.moat.community.internal.JoinCodes;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public side of a join code: {@code /j/{code}} is the mobile page a poster or message links to, showing the
 * join way's QR; each visit is one scan. {@code /api/v1/public/join-codes/{code}/scans} does the same as JSON.
 */
@RestController
class JoinCodePageController {

    private final JoinCodes codes;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JoinCodePageController(
            JoinCodes codes, WorkspaceDirectory directory, TransactionTemplate transactions, Clock clock) {
        this.codes = codes;
        this.directory = directory;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Scanned(String name, @Nullable String qrCode) {}

    @PostMapping("/api/v1/public/join-codes/{code}/scans")
    Scanned scan(@PathVariable String code) {
        var found = visit(code);
        return new Scanned(found.name(), found.qrCode());
    }

    @GetMapping(value = "/j/{code}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String code) {
        var found = visit(code);
        String name = escape(found.name());
        String body = found.qrCode() == null
                ? "<p>二维码暂不可用，请稍后再试。<br>The code is not available right now; please try again later.</p>"
                : "<img alt=\"QR\" src=\"" + escape(found.qrCode())
                        + "\"><p>长按识别二维码，加入群聊<br>Press and hold the code to join the group</p>";
        String html = """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1">
                <title>%s</title><style>body{font-family:sans-serif;text-align:center;margin:0;padding:24px}
                img{width:72vw;max-width:320px;height:auto}p{color:#444;line-height:1.6}</style></head>
                <body><h1 style="font-size:20px">%s</h1>%s</body></html>""".formatted(name, name, body);
        // WeCom serves join-way QR images from its own host; only this page may load them.
        return ResponseEntity.ok()
                .header(
                        "Content-Security-Policy",
                        "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(html);
    }

    private JoinCodes.JoinCode visit(String code) {
        String slug = JoinCodes.slugOf(code);
        var workspace = (slug == null ? java.util.Optional.<WorkspaceDirectory.Entry>empty() : directory.bySlug(slug))
                .orElseThrow(JoinCodes::unknown);
        return CallContext.forTenant(workspace.tenant(), "visitor")
                .call(() -> transactions.execute(status -> codes.scan(workspace.tenant(), code, clock.instant())));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
