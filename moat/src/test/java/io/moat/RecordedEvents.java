package io.moat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/** Records every domain event Moat publishes, from any thread, so tests can assert on what happened. */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @EventListener
    void record(Object event) {
        if (event.getClass().getPackageName().startsWith("io.moat")) {
            events.add(event);
        }
    }

    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
