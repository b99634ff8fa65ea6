package io.moat.community.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.community.policy.GroupGuard.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The guard's rules and its escalation: one warning, then one removal, per outsider and group; staff never. */
class GroupGuardTests {

    @Property(tries = 500)
    void eachOutsiderIsWarnedOnceAndRemovedOnceAfterTheWarning(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5) Integer> speakers,
            @ForAll @Size(max = 60) List<Boolean> matches) {
        Set<Integer> staff = Set.of(0, 1);
        Map<Integer, Integer> hits = new HashMap<>();
        Map<Integer, List<Action>> actions = new HashMap<>();
        int n = Math.min(speakers.size(), matches.size());
        for (int i = 0; i < n; i++) {
            int speaker = speakers.get(i);
            boolean matched = matches.get(i);
            Action action = GroupGuard.judge(staff.contains(speaker), matched, hits.getOrDefault(speaker, 0));
            if (action != Action.NONE) {
                hits.merge(speaker, 1, Integer::sum);
            }
            actions.computeIfAbsent(speaker, s -> new ArrayList<>()).add(action);
        }
        for (var entry : actions.entrySet()) {
            List<Action> taken =
                    entry.getValue().stream().filter(a -> a != Action.NONE).toList();
            if (staff.contains(entry.getKey())) {
                assertThat(taken).as("staff are never judged").isEmpty();
                continue;
            }
            long offences = countOffences(speakers, matches, n, entry.getKey());
            assertThat(taken).hasSize((int) offences);
            if (offences >= 1) {
                assertThat(taken.getFirst()).isEqualTo(Action.WARN);
            }
            if (offences >= 2) {
                assertThat(taken.get(1)).isEqualTo(Action.REMOVE);
            }
            assertThat(taken.stream().filter(a -> a == Action.WARN)).hasSizeLessThanOrEqualTo(1);
            assertThat(taken.stream().filter(a -> a == Action.REMOVE)).hasSizeLessThanOrEqualTo(1);
            assertThat(taken.stream().skip(2)).allMatch(a -> a == Action.RECORD);
        }
    }

    private static long countOffences(List<Integer> speakers, List<Boolean> matches, int n, int who) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (speakers.get(i) == who && matches.get(i)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void wordsPatternsLinksAndCardsAreFound() {
        var rules = new GuardRules(
                List.of(" 加微信 ", "Refund"), List.of(Pattern.compile("\\d{11}")), true, GuardRules.CARD_TYPES);

        assertThat(rules.firstMatch("text", "需要的加微信聊")).contains("加微信");
        assertThat(rules.firstMatch("text", "REFUND now")).contains("refund");
        assertThat(rules.firstMatch("text", "电话13800138000")).contains("pattern:\\d{11}");
        assertThat(rules.firstMatch("text", "看这里 https://x.example/a")).contains("link");
        assertThat(rules.firstMatch("text", "www.example.com 便宜")).contains("link");
        assertThat(rules.firstMatch("weapp", "")).contains("type:weapp");
        assertThat(rules.firstMatch("text", "今天有什么福利？")).isEmpty();
        assertThat(GuardRules.none().firstMatch("text", "https://x.example")).isEmpty();
        var linksAllowed = new GuardRules(List.of(), List.of(), false, Set.of());
        assertThat(linksAllowed.firstMatch("weapp", "https://x.example")).isEmpty();
    }
}
