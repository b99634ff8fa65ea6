package io.moat.wecomsim.transfer;

import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.world.ChinaTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group owner transfers: at most 300 groups a day per original owner, at most two on-job transfers per group
 * within 90 days, and which groups of resigned owners were inherited (groupchat/list status 3). Callers hold the
 * corp's lock.
 */
public final class GroupInheritance {

    public static final int DAILY_PER_OWNER = 300;
    public static final int ON_JOB_PER_GROUP = 2;
    public static final Duration ON_JOB_WINDOW = Duration.ofDays(90);

    /** groupchat/list status: the owner left and nobody inherited the group yet. */
    public static final int OWNER_RESIGNED = 1;
    /** groupchat/list status: inherited from a resigned owner. */
    public static final int INHERITED = 3;

    private final Map<String, List<Instant>> onJob = new HashMap<>();
    private final Map<String, Integer> perOwnerDay = new HashMap<>();
    private final Set<String> inherited = new HashSet<>();

    public boolean dailyQuotaLeft(String owner, Instant now) {
        return perOwnerDay.getOrDefault(dayKey(owner, now), 0) < DAILY_PER_OWNER;
    }

    public boolean onJobQuotaLeft(String chatId, Instant now) {
        Instant since = now.minus(ON_JOB_WINDOW);
        return onJob.getOrDefault(chatId, List.of()).stream()
                        .filter(at -> at.isAfter(since))
                        .count()
                < ON_JOB_PER_GROUP;
    }

    public void transferredOnJob(String chatId, String owner, Instant now) {
        onJob.computeIfAbsent(chatId, id -> new ArrayList<>()).add(now);
        perOwnerDay.merge(dayKey(owner, now), 1, Integer::sum);
    }

    public void inherited(String chatId, String owner, Instant now) {
        inherited.add(chatId);
        perOwnerDay.merge(dayKey(owner, now), 1, Integer::sum);
    }

    public boolean wasInherited(String chatId) {
        return inherited.contains(chatId);
    }

    /** The status groupchat/list shows: 0 normal, 1 owner resigned, 3 inherited from a resigned owner. */
    public int statusOf(GroupChat chat, Resignations resignations) {
        if (resignations.resigned(chat.owner())) {
            return OWNER_RESIGNED;
        }
        return inherited.contains(chat.chatId()) ? INHERITED : GroupChat.STATUS_NORMAL;
    }

    private static String dayKey(String owner, Instant now) {
        LocalDate day = ChinaTime.date(now);
        return owner + "\n" + day;
    }
}
