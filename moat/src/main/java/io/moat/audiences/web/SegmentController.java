package io.moat.audiences.web;

import io.moat.audiences.Audiences;
import io.moat.audiences.MemberPage;
import io.moat.audiences.internal.SegmentRefresh;
import io.moat.audiences.internal.Segments;
import io.moat.audiences.internal.Segments.DailySize;
import io.moat.audiences.internal.Segments.Segment;
import io.moat.customers.CustomerAttributes;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Saved segments: CRUD, members by key, CSV or Excel export, overlap of two, and an explicit refresh. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/segments")
class SegmentController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Segments segments;
    private final SegmentRefresh refresh;
    private final Audiences audiences;
    private final CustomerAttributes customers;

    SegmentController(Segments segments, SegmentRefresh refresh, Audiences audiences, CustomerAttributes customers) {
        this.segments = segments;
        this.refresh = refresh;
        this.audiences = audiences;
        this.customers = customers;
    }

    record SegmentRequest(
            @NotBlank @Size(max = 80) String name,
            @Nullable @Size(max = 500) String description,
            @Nullable JsonNode condition) {}

    record SegmentResponse(
            long id,
            String name,
            String description,
            JsonNode condition,
            long size,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            @Nullable OffsetDateTime refreshedAt,
            List<DailySize> trend) {}

    record MembersResponse(
            List<AudienceController.Member> members,
            @Nullable Long next) {}

    record OverlapResponse(long a, long b, long both, long onlyA, long onlyB) {}

    @GetMapping
    @RequiresPermission(Permission.AUDIENCES_READ)
    List<SegmentResponse> list(CurrentWorkspace workspace) {
        return segments.list(workspace.tenant()).stream()
                .map(s -> response(workspace, s))
                .toList();
    }

    @PostMapping
    @RequiresPermission(Permission.AUDIENCES_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    SegmentResponse create(CurrentWorkspace workspace, @Valid @RequestBody SegmentRequest body) {
        String condition = audiences.json(audiences.parse(body.condition(), "condition"));
        return response(
                workspace,
                segments.create(
                        workspace.tenant(),
                        body.name().strip(),
                        body.description() == null ? "" : body.description().strip(),
                        condition,
                        workspace.slug()));
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.AUDIENCES_READ)
    SegmentResponse get(CurrentWorkspace workspace, @PathVariable long id) {
        return response(workspace, segments.get(workspace.tenant(), id));
    }

    @PutMapping("/{id}")
    @RequiresPermission(Permission.AUDIENCES_WRITE)
    SegmentResponse update(CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody SegmentRequest body) {
        String condition = audiences.json(audiences.parse(body.condition(), "condition"));
        return response(
                workspace,
                segments.update(
                        workspace.tenant(),
                        id,
                        body.name().strip(),
                        body.description() == null ? "" : body.description().strip(),
                        condition));
    }

    @DeleteMapping("/{id}")
    @RequiresPermission(Permission.AUDIENCES_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentWorkspace workspace, @PathVariable long id) {
        segments.delete(workspace.tenant(), id);
    }

    /** Brings every segment of the workspace up to date now (it happens on its own within a second of a change). */
    @PostMapping("/refresh")
    @RequiresPermission(Permission.AUDIENCES_WRITE)
    java.util.Map<String, Integer> refresh(CurrentWorkspace workspace) {
        return java.util.Map.of("changes", refresh.refresh(workspace.tenant()));
    }

    @GetMapping("/{id}/members")
    @RequiresPermission(Permission.AUDIENCES_READ)
    MembersResponse members(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "limit runs from 1 to 500.", "limit");
        }
        segments.get(workspace.tenant(), id);
        MemberPage page = segments.members(workspace.tenant(), id, after == 0 ? null : new CustomerId(after), limit);
        var names = customers.names(workspace.tenant(), page.customers());
        return new MembersResponse(
                page.customers().stream()
                        .map(c -> new AudienceController.Member(c.value(), names.getOrDefault(c, "")))
                        .toList(),
                page.next() == null ? null : page.next().value());
    }

    /**
     * Every member, written page by page: {@code format=csv} (the default; UTF-8 with a byte-order mark so Excel
     * reads the Chinese) or {@code xlsx} (an Excel workbook, streamed as it is written).
     */
    @GetMapping("/{id}/export")
    @RequiresPermission(Permission.AUDIENCES_READ)
    void export(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(defaultValue = "csv") String format,
            HttpServletResponse response)
            throws IOException {
        Segment segment = segments.get(workspace.tenant(), id);
        switch (format) {
            case "csv" -> writeCsv(workspace, segment, response);
            case "xlsx" -> writeXlsx(workspace, segment, response);
            default ->
                throw new Problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "format must be csv or xlsx.", "format");
        }
    }

    private void writeCsv(CurrentWorkspace workspace, Segment segment, HttpServletResponse response)
            throws IOException {
        long id = segment.id();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"segment-" + segment.id() + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        out.write("customer_id,name\r\n");
        CustomerId after = null;
        do {
            MemberPage page = segments.members(workspace.tenant(), id, after, 1000);
            var names = customers.names(workspace.tenant(), page.customers());
            for (CustomerId customer : page.customers()) {
                out.write(customer.value() + "," + csv(names.getOrDefault(customer, "")) + "\r\n");
            }
            after = page.next();
        } while (after != null);
        out.flush();
    }

    private void writeXlsx(CurrentWorkspace workspace, Segment segment, HttpServletResponse response)
            throws IOException {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"segment-" + segment.id() + ".xlsx\"");
        Workbook workbook = new Workbook(response.getOutputStream(), "Moat", "1.0");
        Worksheet sheet = workbook.newWorksheet("members");
        sheet.value(0, 0, "customer_id");
        sheet.value(0, 1, "name");
        int row = 1;
        CustomerId after = null;
        do {
            MemberPage page = segments.members(workspace.tenant(), segment.id(), after, 1000);
            var names = customers.names(workspace.tenant(), page.customers());
            for (CustomerId customer : page.customers()) {
                sheet.value(row, 0, customer.value());
                // written as text, never as a formula, whatever it starts with
                sheet.value(row, 1, names.getOrDefault(customer, ""));
                row++;
            }
            sheet.flush();
            after = page.next();
        } while (after != null);
        workbook.finish();
    }

    @GetMapping("/overlap")
    @RequiresPermission(Permission.AUDIENCES_READ)
    OverlapResponse overlap(CurrentWorkspace workspace, @RequestParam long a, @RequestParam long b) {
        RoaringBitmap first = members(workspace, a);
        RoaringBitmap second = members(workspace, b);
        long both = RoaringBitmap.andCardinality(first, second);
        return new OverlapResponse(
                first.getLongCardinality(),
                second.getLongCardinality(),
                both,
                first.getLongCardinality() - both,
                second.getLongCardinality() - both);
    }

    private RoaringBitmap members(CurrentWorkspace workspace, long id) {
        Segment segment = segments.get(workspace.tenant(), id);
        return refresh.select(workspace.tenant(), audiences.parse(segment.condition()));
    }

    private SegmentResponse response(CurrentWorkspace workspace, Segment s) {
        return new SegmentResponse(
                s.id(),
                s.name(),
                s.description(),
                JSON.readTree(s.condition()),
                s.size(),
                s.createdAt(),
                s.updatedAt(),
                s.refreshedAt(),
                segments.trend(workspace.tenant(), s.id(), 30));
    }

    /** Quotes a field and defuses spreadsheet formulas (a leading = + - @). */
    private static String csv(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
