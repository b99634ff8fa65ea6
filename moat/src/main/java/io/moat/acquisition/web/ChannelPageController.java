package io.moat.acquisition.web;

import io.moat.acquisition.internal.ChannelVisits;
import io.moat.acquisition.internal.ChannelVisits.Shown;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public side of a channel code: {@code /c/{code}} is the fast mobile page a printed or posted QR opens (the
 * chosen staff member's contact-way QR, rendered on the server), and {@code /api/v1/public/channels/{code}/visits}
 * the same decision as JSON. Before any consent the visitor is known only by a random first-party cookie.
 */
@RestController
class ChannelPageController {

    static final String VISITOR_COOKIE = "moat_v";
    private static final Pattern VISITOR = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private final ChannelVisits visits;

    ChannelPageController(ChannelVisits visits) {
        this.visits = visits;
    }

    @PostMapping("/api/v1/public/channels/{code}/visits")
    Shown visit(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        return visits.visit(
                code,
                visitor(request, response),
                request.getHeader(HttpHeaders.USER_AGENT),
                request.getHeader(HttpHeaders.REFERER));
    }

    @GetMapping(value = "/c/{code}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String code, HttpServletRequest request, HttpServletResponse response) {
        Shown shown = visits.visit(
                code,
                visitor(request, response),
                request.getHeader(HttpHeaders.USER_AGENT),
                request.getHeader(HttpHeaders.REFERER));
        String body = shown.qrCode() == null
                ? "<p>客服暂时都在忙，请稍后再扫码。<br>All our staff are busy right now; please try again later.</p>"
                : "<img alt=\"QR\" src=\"" + ChannelController.escape(shown.qrCode())
                        + "\"><p>长按识别二维码，添加专属客服<br>Press and hold the code to add us on WeCom</p>";
        String html = """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1">
                <title>%s</title><style>body{font-family:sans-serif;text-align:center;margin:0;padding:24px}
                img{width:72vw;max-width:320px;height:auto}p{color:#444;line-height:1.6}</style></head>
                <body><h1 style="font-size:20px">%s</h1>%s</body></html>""".formatted(
                        ChannelController.escape(shown.channel()), ChannelController.escape(shown.channel()), body);
        // WeCom serves contact-way QR images from its own host; only this page may load them.
        return ResponseEntity.ok()
                .header(
                        "Content-Security-Policy",
                        "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(html);
    }

    private static String visitor(HttpServletRequest request, HttpServletResponse response) {
        if (request.getCookies() != null) {
            var known = Arrays.stream(request.getCookies())
                    .filter(cookie -> VISITOR_COOKIE.equals(cookie.getName()))
                    .map(Cookie::getValue)
                    .filter(value -> VISITOR.matcher(value).matches())
                    .findFirst();
            if (known.isPresent()) {
                return known.get();
            }
        }
        String id = UUID.randomUUID().toString();
        var cookie = new Cookie(VISITOR_COOKIE, id);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setMaxAge(60 * 60 * 24 * 365);
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
        return id;
    }
}
