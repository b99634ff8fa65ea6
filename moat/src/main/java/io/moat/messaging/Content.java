package io.moat.messaging;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a send says: a text with {@code {{variable}}} placeholders, the values for them, and attachments. The text is
 * rendered when the send is requested; a placeholder without a value is an error, not an empty hole in a message to
 * a customer.
 */
public record Content(String text, Map<String, String> variables, List<Attachment> attachments) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\w.-]+)\\s*}}");

    public Content {
        variables = Map.copyOf(variables);
        attachments = List.copyOf(attachments);
        if (text.isBlank() && attachments.isEmpty()) {
            throw new IllegalArgumentException("a message needs a text or an attachment");
        }
    }

    public static Content text(String text) {
        return new Content(text, Map.of(), List.of());
    }

    /** The text with every placeholder replaced by its value. */
    public String rendered() {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for the variable " + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
