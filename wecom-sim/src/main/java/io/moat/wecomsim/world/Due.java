package io.moat.wecomsim.world;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Something that falls due at a moment of simulated time, ready to happen. */
public record Due(Instant at, Runnable action) {

    /**
     * Lets everything due up to now happen, earliest first across all sources, so that a transfer due before a
     * member confirms a mass message has moved the relation when the confirmation checks it.
     */
    static void runAll(List<Supplier<Optional<Due>>> sources) {
        while (true) {
            Optional<Due> next = sources.stream()
                    .map(Supplier::get)
                    .flatMap(Optional::stream)
                    .min(Comparator.comparing(Due::at));
            if (next.isEmpty()) {
                return;
            }
            next.get().action().run();
        }
    }
}
