package io.moat.shared.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started Moat where to point the browser, once everything is ready. */
@Component
class ConsoleAnnouncement {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAnnouncement.class);

    @EventListener
    void announce(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            log.info("""

                    ------------------------------------------------------------
                      Moat is ready.  Console:  http://localhost:{}/
                    ------------------------------------------------------------""", web.getWebServer().getPort());
        }
    }
}
