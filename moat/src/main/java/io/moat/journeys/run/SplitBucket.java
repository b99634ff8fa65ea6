package io.moat.journeys.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A customer's bucket (0–99) in one split of one journey: a hash, so the same enrolment always falls into the
 * same arm however often or wherever its step runs, and different splits are independent.
 */
public final class SplitBucket {

    private SplitBucket() {}

    public static int of(long tenant, long journey, String stepId, long customer, int occurrence) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((tenant + "/" + journey + "/" + stepId + "/" + customer + "/" + occurrence)
                            .getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
