package io.moat.demo;

import io.moat.MoatApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.boot.SpringApplication;

/**
 * Moat with the demo on the classpath: the same {@link MoatApplication}, its data kept apart from a real
 * installation's ({@code data/demo} unless {@code MOAT_DATA_DIR} says otherwise), and an admin password that is
 * generated once and kept beside the data, so the demo can sign in through the API like any client and print the
 * login for the person trying it.
 */
public final class MoatDemo {

    private MoatDemo() {}

    public static void main(String[] args) throws IOException {
        if (isBlank(System.getenv("MOAT_DATA_DIR")) && System.getProperty("MOAT_DATA_DIR") == null) {
            System.setProperty("MOAT_DATA_DIR", "data/demo");
        }
        if (isBlank(System.getenv("MOAT_ADMIN_PASSWORD")) && System.getProperty("MOAT_ADMIN_PASSWORD") == null) {
            String dataDir = System.getenv("MOAT_DATA_DIR");
            Path file =
                    Path.of(isBlank(dataDir) ? System.getProperty("MOAT_DATA_DIR") : dataDir, "demo-admin-password");
            System.setProperty("MOAT_ADMIN_PASSWORD", password(file));
        }
        var application = new SpringApplication(MoatApplication.class);
        // MOAT_DEMO=true|false (unset: a demo when there is no workspace yet)
        // The demo's staff confirm mass-message tasks within a minute or two (sim knob), so the broker reads the
        // results every 30 s instead of every 5 minutes: the send log settles while someone is looking at it.
        application.setDefaultProperties(
                java.util.Map.of("moat.demo.enabled", "${MOAT_DEMO:}", "moat.messaging.poll-every", "30s"));
        application.run(args);
    }

    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        String password = "demo-" + HexFormat.of().formatHex(bytes);
        Files.createDirectories(file.getParent());
        Files.writeString(file, password + "\n");
        return password;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
