package io.moat.community.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sensitive-word and ad guard looks for in one group type: words (matched case-insensitively anywhere in
 * the text), patterns (regular expressions), links, and message kinds that are cards (mini-programs, shared links,
 * contact cards) — the usual ad channels of outsiders.
 */
public record GuardRules(List<String> words, List<Pattern> patterns, boolean blockLinks, Set<String> blockedTypes) {

    /** A URL or a bare domain with a path; Chinese ads also write "www." without a scheme. */
    static final Pattern LINK = Pattern.compile("(?i)(https?://|www\\.)\\S+");

    public static final Set<String> CARD_TYPES = Set.of("weapp", "card", "link");

    public GuardRules {
        words = words.stream()
                .map(String::strip)
                .filter(w -> !w.isEmpty())
                .map(w -> w.toLowerCase(Locale.ROOT))
                .toList();
        patterns = List.copyOf(patterns);
        blockedTypes = Set.copyOf(blockedTypes);
    }

    public static GuardRules none() {
        return new GuardRules(List.of(), List.of(), false, Set.of());
    }

    /** What in the message breaks the rules, if anything: the word, the pattern, "link" or "type:weapp". */
    public Optional<String> firstMatch(String type, String text) {
        if (blockedTypes.contains(type)) {
            return Optional.of("type:" + type);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (lower.contains(word)) {
                return Optional.of(word);
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                return Optional.of("pattern:" + pattern.pattern());
            }
        }
        if (blockLinks && LINK.matcher(text).find()) {
            return Optional.of("link");
        }
        return Optional.empty();
    }
}
