package io.moat.commerce.imports;

import io.moat.commerce.Platform;
import io.moat.commerce.export.ExportSource;
import io.moat.commerce.export.HeaderMapping;
import org.jspecify.annotations.Nullable;

/**
 * An uploaded export to import: where it comes from, the file, and for a generic source the name its mapping is
 * saved under, the platform its orders belong to and, on first use, the mapping itself.
 */
public record OrderUpload(
        ExportSource source,
        String sourceName,
        Platform platform,
        String fileName,
        byte[] bytes,
        @Nullable HeaderMapping mapping) {}
