package io.moat.commerce.web;

import io.moat.commerce.Platform;
import io.moat.commerce.export.ExportSource;
import io.moat.commerce.export.HeaderMapping;
import io.moat.commerce.imports.ImportJob;
import io.moat.commerce.imports.ImportProgress;
import io.moat.commerce.imports.ImportReports;
import io.moat.commerce.imports.OrderImports;
import io.moat.commerce.imports.OrderUpload;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/imports")
class ImportController {

    private final OrderImports imports;
    private final ImportReports reports;
    private final ImportProgress progress;
    private final JsonMapper json;

    ImportController(OrderImports imports, ImportReports reports, ImportProgress progress, JsonMapper json) {
        this.imports = imports;
        this.reports = reports;
        this.progress = progress;
        this.json = json;
    }

    record StartedResponse(long id, String status) {}

    record ErrorResponse(int row, String reason) {}

    record ImportResponse(
            long id,
            String status,
            String source,
            String sourceName,
            String platform,
            String fileName,
            long rowsRead,
            long imported,
            long updated,
            long duplicates,
            long rejected,
            @Nullable String failure,
            String startedBy,
            OffsetDateTime startedAt,
            @Nullable OffsetDateTime finishedAt,
            @Nullable List<ErrorResponse> errors) {

        static ImportResponse of(ImportJob job, @Nullable List<ErrorResponse> errors) {
            return new ImportResponse(
                    job.id(),
                    job.status(),
                    job.source(),
                    job.sourceName(),
                    job.platform(),
                    job.fileName(),
                    job.rowsRead(),
                    job.imported(),
                    job.updated(),
                    job.duplicates(),
                    job.rejected(),
                    job.failure(),
                    job.startedBy(),
                    job.startedAt(),
                    job.finishedAt(),
                    errors);
        }
    }

    record ImportListResponse(List<ImportResponse> items) {}

    @PostMapping("/orders")
    @RequiresPermission(Permission.COMMERCE_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    StartedResponse start(
            CurrentWorkspace workspace,
            @RequestParam("file") MultipartFile file,
            @RequestParam("source") String source,
            @RequestParam(name = "sourceName", required = false) @Nullable String sourceName,
            @RequestParam(name = "platform", required = false) @Nullable String platform,
            @RequestParam(name = "mapping", required = false) @Nullable String mapping) {
        ExportSource exportSource = ExportSource.ofCode(source)
                .orElseThrow(
                        () -> invalid("source", "source must be one of taobao, tmall, jd, douyin, youzan, generic."));
        Platform recordedAs = platform == null || platform.isBlank()
                ? Platform.OTHER
                : Platform.ofCode(platform)
                        .orElseThrow(() -> invalid("platform", "Unknown platform '" + platform + "'."));
        var upload = new OrderUpload(
                exportSource,
                sourceName == null || sourceName.isBlank() ? exportSource.code() : sourceName.strip(),
                recordedAs,
                file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename(),
                bytes(file),
                mapping == null || mapping.isBlank() ? null : mapping(mapping));
        long id = imports.start(workspace.tenant(), workspace.timezone(), upload);
        return new StartedResponse(id, "running");
    }

    @GetMapping
    @RequiresPermission(Permission.COMMERCE_READ)
    ImportListResponse recent(
            CurrentWorkspace workspace, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return new ImportListResponse(reports.recent(workspace.tenant(), limit).stream()
                .map(job -> ImportResponse.of(job, null))
                .toList());
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.COMMERCE_READ)
    ImportResponse report(CurrentWorkspace workspace, @PathVariable long id) {
        var report = reports.report(workspace.tenant(), id);
        return ImportResponse.of(
                report.job(),
                report.errors().stream()
                        .map(e -> new ErrorResponse(e.row(), e.reason()))
                        .toList());
    }

    @GetMapping("/{id}/rejected.csv")
    @RequiresPermission(Permission.COMMERCE_READ)
    ResponseEntity<byte[]> rejectedRows(CurrentWorkspace workspace, @PathVariable long id) {
        byte[] csv = reports.rejectedRows(workspace.tenant(), id);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("import-" + id + "-rejected.csv")
                                .build()
                                .toString())
                .body(csv);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @RequiresPermission(Permission.COMMERCE_READ)
    void events(CurrentWorkspace workspace, @PathVariable long id, HttpServletResponse response) throws IOException {
        progress.requireJob(workspace.tenant(), id);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        progress.stream(workspace.tenant(), id, response.getOutputStream());
    }

    private HeaderMapping mapping(String text) {
        try {
            return new HeaderMapping(json.readValue(text, new TypeReference<Map<String, String>>() {}));
        } catch (JacksonException e) {
            throw invalid("mapping", "mapping must be a JSON object of field to column, e.g. {\"orderNo\":\"单号\"}.");
        }
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Problem invalid(String field, String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-parameter", detail, field);
    }
}
