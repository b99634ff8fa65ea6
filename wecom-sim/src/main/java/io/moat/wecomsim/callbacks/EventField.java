package io.moat.wecomsim.callbacks;

import java.util.List;

/** One element of an event's XML, in the three shapes WeCom uses. */
public sealed interface EventField {

    String name();

    /** A string, written as CDATA. */
    record Text(String name, String value) implements EventField {}

    /** A number, written bare. */
    record Number(String name, long value) implements EventField {}

    /** A list written as {@code <Name><Item>a</Item><Item>b</Item></Name>}, as MemChangeList is. */
    record Items(String name, List<String> values) implements EventField {
        public Items {
            values = List.copyOf(values);
        }
    }

    static EventField text(String name, String value) {
        return new Text(name, value);
    }

    static EventField number(String name, long value) {
        return new Number(name, value);
    }

    static EventField items(String name, List<String> values) {
        return new Items(name, values);
    }
}
