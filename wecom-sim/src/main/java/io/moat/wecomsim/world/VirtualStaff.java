package io.moat.wecomsim.world;

import io.moat.wecomsim.random.RandomStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How the corp's virtual members react to tasks that need them in the WeCom client (mass messages, Moments): each
 * confirms with a probability, after a delay drawn from a range, both in simulated time.
 *
 * @param confirmProbability 0 means members never confirm by themselves (tests then confirm explicitly)
 */
public record VirtualStaff(double confirmProbability, long minDelaySeconds, long maxDelaySeconds) {

    public static final VirtualStaff PASSIVE = new VirtualStaff(0, 0, 0);

    public VirtualStaff {
        if (confirmProbability < 0 || confirmProbability > 1) {
            throw new IllegalArgumentException("staffConfirmProbability must be within 0.0..1.0");
        }
        if (minDelaySeconds < 0 || maxDelaySeconds < minDelaySeconds) {
            throw new IllegalArgumentException("staffConfirmDelaySeconds must be [min,max] with 0 <= min <= max");
        }
    }

    /** When a member given a task at {@code from} will confirm it, if they will. Draws twice either way. */
    public Optional<Instant> confirmationTime(RandomStream random, Instant from) {
        boolean confirms = random.nextDouble() < confirmProbability;
        long span = maxDelaySeconds - minDelaySeconds;
        long delay = minDelaySeconds + (span == 0 ? 0 : (long) (random.nextDouble() * (span + 1)));
        return confirms ? Optional.of(from.plus(Duration.ofSeconds(delay))) : Optional.empty();
    }
}
