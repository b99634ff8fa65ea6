package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.config.CorpConfigs;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom's own group statistics (groupchat/statistic), for workspaces without the message archive: per group owner
 * and Beijing day, the figures WeCom counts over all of that owner's customer groups. WeCom keeps them for a limited
 * time (60 to 180 days by its documents), so callers pull each finished day and store it. Call inside the workspace's
 * scope.
 */
@Component
public class WecomGroupStatistics {

    /** WeCom counts statistics days in Beijing time. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    static final int OWNERS_PER_CALL = 100;

    private final WecomClients clients;
    private final CorpConfigs configs;

    WecomGroupStatistics(WecomClients clients, CorpConfigs configs) {
        this.clients = clients;
        this.configs = configs;
    }

    /** One owner's figures for one day, over all the customer groups they own at the end of it. */
    public record OwnerDay(
            String owner,
            LocalDate day,
            long newChats,
            long chats,
            long chatsWithMessages,
            long newMembers,
            long members,
            long membersWhoSpoke,
            long messages) {}

    /** Whether the workspace has a message-archive feed (会话存档); without one, group figures come from here. */
    public boolean archiveAvailable(TenantId tenant) {
        return configs.archiveFeed(tenant).isPresent();
    }

    /** The given owners' figures for one finished Beijing day (yesterday at the latest). */
    public List<OwnerDay> day(TenantId tenant, LocalDate day, List<String> owners) {
        var api = clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
        long begin = day.atStartOfDay(BEIJING).toEpochSecond();
        List<OwnerDay> figures = new ArrayList<>();
        for (int i = 0; i < owners.size(); i += OWNERS_PER_CALL) {
            var batch = owners.subList(i, Math.min(owners.size(), i + OWNERS_PER_CALL));
            try {
                api.groupStatistic(begin, begin, batch)
                        .forEach(s -> figures.add(new OwnerDay(
                                s.owner(),
                                day,
                                s.newChatCnt(),
                                s.chatTotal(),
                                s.chatHasMsg(),
                                s.newMemberCnt(),
                                s.memberTotal(),
                                s.memberHasMsg(),
                                s.msgTotal())));
            } catch (WecomApiException e) {
                throw new Problem(
                        HttpStatus.BAD_GATEWAY,
                        "wecom-refused",
                        "WeCom refused the group statistics of " + day + ": " + e.getMessage(),
                        "day");
            }
        }
        return figures;
    }
}
