package io.moat.wecomsim.world;

/**
 * Calls allowed to one API path per window. WeCom's published basic limits: per corp 10,000/minute and
 * 150,000/hour; per IP 20,000/minute and 600,000/hour.
 */
public record RateLimits(
        long perCorpPerApiPerMinute, long perCorpPerApiPerHour, long perIpPerApiPerMinute, long perIpPerApiPerHour) {

    public static final RateLimits WECOM = new RateLimits(10_000, 150_000, 20_000, 600_000);
}
