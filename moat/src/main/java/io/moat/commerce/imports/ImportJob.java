package io.moat.commerce.imports;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * An upload of an order export and how far its import got. Rows are counted as read and rejected; orders as
 * imported (new), updated (moved to a later stage) and duplicates (already recorded, or a repeated row of the file).
 */
public record ImportJob(
        long id,
        String source,
        String sourceName,
        String platform,
        String fileName,
        String status,
        long rowsRead,
        long imported,
        long updated,
        long duplicates,
        long rejected,
        @Nullable String failure,
        String startedBy,
        OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt) {

    public boolean running() {
        return status.equals("running");
    }
}
