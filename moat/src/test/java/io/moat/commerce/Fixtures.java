package io.moat.commerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The order export files under src/test/resources/commerce. */
public final class Fixtures {

    private Fixtures() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/commerce/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
