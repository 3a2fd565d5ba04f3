package org.bnn4j.inference.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.inference.Diagnostics;

/**
 * The diagnostics of a loaded posterior: the summary map and warnings saved with it (traces and per-chain records
 * are not saved).
 *
 * @param summary  scalar summaries by name, as saved; copied, insertion order kept
 * @param warnings warnings, as saved; copied
 */
public record SavedDiagnostics(Map<String, Object> summary, List<String> warnings) implements Diagnostics {

    /** @throws NullPointerException if an argument is null */
    public SavedDiagnostics {
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(summary, "summary")));
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    }
}
