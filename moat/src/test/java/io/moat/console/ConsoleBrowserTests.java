package io.moat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.moat.Api;
import io.moat.MoatTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A person's first minutes in the console, in headless Debian Chromium driven by Playwright: sign in, create a
 * workspace, invite an operator, switch the language. The script is {@code web/e2e/console.mjs}; its screenshots
 * land in {@code moat/target/screenshots}.
 */
@MoatTest
class ConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void newcomerSignsInCreatesAWorkspaceInvitesAnOperatorAndSwitchesLanguage() throws Exception {
        assumeFalse(Boolean.getBoolean("moat.console.skip"), "console build skipped with -Dskip.web=true");
        Path repo = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path log = screenshots.resolve("console-e2e.log");

        var script = new ProcessBuilder("node", "e2e/console.mjs")
                .directory(repo.resolve("web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        script.environment().put("MOAT_URL", "http://127.0.0.1:" + port);
        script.environment().put("MOAT_ADMIN_PASSWORD", Api.ADMIN_PASSWORD);
        script.environment().put("SCREENSHOT_DIR", screenshots.toString());
        var process = script.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }

        String output = Files.readString(log);
        assertThat(finished).as("browser test finished in time:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("browser test output:%n%s", output).isZero();
        for (String shot : new String[] {"login.png", "workspace.png", "operators.png", "english.png"}) {
            File file = screenshots.resolve(shot).toFile();
            assertThat(file).as(shot).exists();
            assertThat(file.length()).as(shot).isGreaterThan(5_000);
        }
    }
}
