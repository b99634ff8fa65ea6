package io.moat.customers.value;

/** Recency, frequency and monetary scores, each 1 (worst) to 5 (best), and the segment they fall in. */
public record RfmScores(int recency, int frequency, int monetary) {

    public RfmScores {
        for (int score : new int[] {recency, frequency, monetary}) {
            if (score < 1 || score > 5) {
                throw new IllegalArgumentException("RFM scores are 1 to 5, was " + score);
            }
        }
    }

    /** The classic eight segments: each score is high when it is at least 3. */
    public RfmSegment segment() {
        boolean r = recency >= 3;
        boolean f = frequency >= 3;
        boolean m = monetary >= 3;
        if (m) {
            return r
                    ? (f ? RfmSegment.CHAMPIONS : RfmSegment.PROMISING_BIG_SPENDERS)
                    : (f ? RfmSegment.AT_RISK_LOYALISTS : RfmSegment.CANT_LOSE);
        }
        return r
                ? (f ? RfmSegment.LOYAL_LOW_SPENDERS : RfmSegment.NEW_OR_OCCASIONAL)
                : (f ? RfmSegment.FADING_REGULARS : RfmSegment.HIBERNATING);
    }
}
