package io.moat.wecomsim.random;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** One deterministic stream of random values, shaped into the kinds of strings WeCom hands out. */
public final class RandomStream {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String TOKEN_CHARS = ALNUM + "-_";
    private static final String HEX = "0123456789abcdef";
    private static final String DIGITS = "0123456789";

    private final RandomGenerator generator;

    RandomStream(long seed) {
        this.generator = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    public synchronized String alnum(int length) {
        return draw(ALNUM, length);
    }

    public synchronized String tokenChars(int length) {
        return draw(TOKEN_CHARS, length);
    }

    public synchronized String hex(int length) {
        return draw(HEX, length);
    }

    /** Digits without a leading zero, like WeCom's nonces and echo strings. */
    public synchronized String digits(int length) {
        return draw("123456789", 1) + draw(DIGITS, length - 1);
    }

    public synchronized byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        generator.nextBytes(bytes);
        return bytes;
    }

    public synchronized int nextInt(int bound) {
        return generator.nextInt(bound);
    }

    public synchronized double nextDouble() {
        return generator.nextDouble();
    }

    private String draw(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(generator.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
