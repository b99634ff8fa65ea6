package io.moat.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The overview's figures that the console sums from the modules' own figures (active groups, group interaction
 * rate, top channels by ROI: web/src/overview/operations.js) against their hand-computed fixtures in
 * web/src/overview/operations.test.mjs, run with Node's test runner.
 */
class OverviewCardFiguresTests {

    @Test
    void theConsolesSummedFiguresMatchTheirHandComputedFixtures() throws Exception {
        Path web = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("web");
        var process = new ProcessBuilder("node", "--test", "src/overview/operations.test.mjs")
                .directory(web.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("# pass 3", "# fail 0");
    }
}
