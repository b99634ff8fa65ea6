package io.moat.acquisition.web;

import io.moat.acquisition.internal.ChannelStats;
import io.moat.acquisition.internal.ChannelView;
import io.moat.acquisition.internal.Channels;
import io.moat.acquisition.internal.QrImages;
import io.moat.acquisition.internal.StatsExport;
import io.moat.acquisition.internal.WelcomeText;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Channel codes: CRUD with rotation, tags and welcome message, staff offline switch, QR images, preview, stats. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/channels")
class ChannelController {

    private final Channels channels;
    private final ChannelStats stats;

    ChannelController(Channels channels, ChannelStats stats) {
        this.channels = channels;
        this.stats = stats;
    }

    record OnlineRequest(boolean online) {}

    record PreviewResponse(
            String text, List<?> attachments, @Nullable String benefitUrl) {}

    @GetMapping
    @RequiresPermission(Permission.ACQUISITION_READ)
    List<ChannelView> list(CurrentWorkspace workspace) {
        return channels.list(workspace.tenant());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    ChannelView create(CurrentWorkspace workspace, @Valid @RequestBody ChannelRequest body) {
        return channels.create(workspace.tenant(), workspace.slug(), body.spec(), baseUrl());
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.ACQUISITION_READ)
    ChannelView get(CurrentWorkspace workspace, @PathVariable long id) {
        return find(workspace, id);
    }

    @PutMapping("/{id}")
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    ChannelView update(CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody ChannelRequest body) {
        return channels.update(workspace.tenant(), id, body.spec(), baseUrl());
    }

    @PutMapping("/{id}/staff/{staffUserId}/online")
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    ChannelView online(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @PathVariable String staffUserId,
            @RequestBody OnlineRequest body) {
        return channels.setOnline(workspace.tenant(), id, staffUserId, body.online());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    void delete(CurrentWorkspace workspace, @PathVariable long id) {
        channels.delete(workspace.tenant(), id);
    }

    /** Checks the code's contact ways in WeCom and makes again those deleted there. */
    @PostMapping("/{id}/check")
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    List<Channels.Repair> check(CurrentWorkspace workspace, @PathVariable long id) {
        return channels.check(workspace.tenant(), id);
    }

    /** The welcome message as a customer added by this staff member at this local time will see it. */
    @GetMapping("/{id}/welcome-preview")
    @RequiresPermission(Permission.ACQUISITION_READ)
    PreviewResponse preview(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String staffUserId,
            @RequestParam(required = false) @Nullable String time,
            @RequestParam(defaultValue = "微信用户") String nickname) {
        ChannelView channel = find(workspace, id);
        String staff = staffUserId != null
                ? staffUserId
                : channel.staff().isEmpty() ? "" : channel.staff().getFirst().staffUserId();
        LocalTime at;
        try {
            at = time == null ? LocalTime.NOON : LocalTime.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-time", "time is HH:mm.", "time");
        }
        String sample = channel.welcome().benefit() == null ? null : baseUrl() + "/m/claim/(the customer's own link)";
        var text = WelcomeText.render(channel.welcome(), staff, at, nickname, staff, sample);
        return new PreviewResponse(text.text(), text.attachments(), text.benefitUrl());
    }

    @GetMapping(value = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @RequiresPermission(Permission.ACQUISITION_READ)
    ResponseEntity<byte[]> png(
            CurrentWorkspace workspace, @PathVariable long id, @RequestParam(defaultValue = "512") int size) {
        if (size < 128 || size > 2048) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-size", "size is 128 to 2048 pixels.", "size");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .body(QrImages.png(find(workspace, id).url(), size, null));
    }

    /** The QR with a logo in its middle (error correction H). */
    @PostMapping(value = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @RequiresPermission(Permission.ACQUISITION_READ)
    ResponseEntity<byte[]> pngWithLogo(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestPart("logo") MultipartFile logo,
            @RequestParam(defaultValue = "512") int size)
            throws IOException {
        var image = logo.getSize() > 2_000_000 ? null : ImageIO.read(logo.getInputStream());
        if (image == null) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-logo", "The logo is a PNG or JPEG up to 2 MB.", "logo");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .body(QrImages.png(find(workspace, id).url(), Math.clamp(size, 128, 2048), image));
    }

    @GetMapping(value = "/{id}/qr.svg", produces = "image/svg+xml")
    @RequiresPermission(Permission.ACQUISITION_READ)
    ResponseEntity<String> svg(CurrentWorkspace workspace, @PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(MediaType.valueOf("image/svg+xml"))
                .body(QrImages.svg(find(workspace, id).url()));
    }

    /** A printable A4 sheet of package cards: the code's QR and name, repeated. */
    @GetMapping(value = "/{id}/sheet", produces = MediaType.TEXT_HTML_VALUE)
    @RequiresPermission(Permission.ACQUISITION_READ)
    ResponseEntity<String> sheet(
            CurrentWorkspace workspace, @PathVariable long id, @RequestParam(defaultValue = "12") int cards) {
        ChannelView channel = find(workspace, id);
        String svg = QrImages.svg(channel.url());
        StringBuilder html =
                new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>""").append(escape(channel.name())).append("""
                </title><style>@page{size:A4;margin:10mm}body{margin:0;font-family:sans-serif}
                .grid{display:grid;grid-template-columns:repeat(3,1fr);gap:6mm}
                .card{border:1px dashed #999;padding:4mm;text-align:center;break-inside:avoid}
                .card svg{width:45mm;height:45mm}.name{font-size:11pt;margin-top:2mm}</style></head>
                <body><div class="grid">""");
        for (int i = 0; i < Math.clamp(cards, 1, 60); i++) {
            html.append("<div class=\"card\">")
                    .append(svg)
                    .append("<div class=\"name\">")
                    .append(escape(channel.name()))
                    .append("</div></div>");
        }
        html.append("</div></body></html>");
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(html.toString());
    }

    @GetMapping("/{id}/stats")
    @RequiresPermission(Permission.ACQUISITION_READ)
    ChannelStats.Stats stats(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam LocalDate from,
            @RequestParam LocalDate to) {
        if (!to.isAfter(from) || from.plusDays(366).isBefore(to)) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-range", "to is after from, at most 366 days.", "to");
        }
        find(workspace, id);
        return stats.of(workspace.tenant(), id, from, to);
    }

    /** The same figures as a file for a spreadsheet: {@code format} is csv or xlsx (see {@link StatsExport}). */
    @GetMapping("/{id}/stats/export")
    @RequiresPermission(Permission.ACQUISITION_READ)
    ResponseEntity<byte[]> export(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam LocalDate from,
            @RequestParam LocalDate to,
            @RequestParam(defaultValue = "csv") String format)
            throws IOException {
        StatsExport.Format chosen;
        try {
            chosen = StatsExport.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "format must be csv or xlsx.", "format");
        }
        // a period is at most 366 days of a few staff members: small enough to build in memory
        var file = new java.io.ByteArrayOutputStream();
        StatsExport.write(stats(workspace, id, from, to), chosen, file);
        String name = "channel-" + id + "-" + from + "-" + to + (chosen == StatsExport.Format.CSV ? ".csv" : ".xlsx");
        MediaType type = chosen == StatsExport.Format.CSV
                ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                : MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(file.toByteArray());
    }

    private ChannelView find(CurrentWorkspace workspace, long id) {
        return channels.find(workspace.tenant(), id)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "not-found", "No such channel code."));
    }

    private static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
