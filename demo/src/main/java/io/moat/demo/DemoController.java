package io.moat.demo;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demo's state for the console's banner: building with a percentage per chapter, alive, off or failed. */
@RestController
class DemoController {

    private final DemoProgress progress;

    DemoController(DemoProgress progress) {
        this.progress = progress;
    }

    @GetMapping("/api/v1/demo")
    DemoProgress.View demo() {
        return progress.view();
    }
}
