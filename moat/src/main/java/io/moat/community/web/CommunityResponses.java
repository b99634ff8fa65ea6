package io.moat.community.web;

import io.moat.community.internal.GroupCommerce;
import io.moat.community.internal.GroupDirectory;
import io.moat.community.internal.GroupFigures;
import io.moat.community.internal.GroupPolicies;
import io.moat.community.internal.InactivityReview;
import io.moat.community.internal.Keywords;
import io.moat.community.policy.GroupStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

final class CommunityResponses {

    private CommunityResponses() {}

    record FiguresResponse(
            LocalDate from,
            LocalDate to,
            long membersAtStart,
            long members,
            long joins,
            long quits,
            long speakers,
            long messages,
            @Nullable Double quitRate,
            @Nullable Double interactionRate,
            @Nullable Double messagesPerMember,
            @Nullable Double retention,
            long codeJoins,
            long scans,
            @Nullable Double joinRate) {
        static FiguresResponse of(GroupFigures f) {
            return new FiguresResponse(
                    f.from(),
                    f.to(),
                    f.membersAtStart(),
                    f.membersAtEnd(),
                    f.joins(),
                    f.quits(),
                    f.speakers(),
                    f.messages(),
                    f.quitRate(),
                    f.interactionRate(),
                    f.messagesPerMember(),
                    f.retention(),
                    f.codeJoins(),
                    f.scans(),
                    f.joinRate());
        }
    }

    record GroupResponse(
            String chatId,
            String name,
            @Nullable String owner,
            @Nullable String type,
            List<String> tags,
            long costFen,
            @Nullable Instant createdAt,
            @Nullable Instant dismissedAt,
            @Nullable FiguresResponse figures,
            long openTasks,
            @Nullable CommerceResponse commerce,
            @Nullable StageResponse stage) {
        static GroupResponse of(GroupDirectory.Group g, @Nullable GroupFigures figures, long openTasks) {
            return of(g, figures, openTasks, null, null);
        }

        static GroupResponse of(
                GroupDirectory.Group g,
                @Nullable GroupFigures figures,
                long openTasks,
                GroupCommerce.@Nullable Figures commerce,
                @Nullable GroupStage stage) {
            return new GroupResponse(
                    g.chatId(),
                    g.name(),
                    g.owner(),
                    g.type() == null ? null : g.type().code(),
                    g.tags(),
                    g.costFen(),
                    g.createdAt(),
                    g.dismissedAt(),
                    figures == null ? null : FiguresResponse.of(figures),
                    openTasks,
                    commerce == null ? null : CommerceResponse.of(commerce),
                    stage == null ? null : new StageResponse(stage.code(), stage.keyFigures()));
        }
    }

    /** What members bought while in the group, and who they are (docs/metrics.md, "Community"). */
    record CommerceResponse(
            long members,
            long buyers,
            long gmvFen,
            long costFen,
            @Nullable Double conversion,
            @Nullable Long aovFen,
            @Nullable Double roi,
            @Nullable Double loyalShare,
            Map<String, Long> loyaltyMix) {
        static CommerceResponse of(GroupCommerce.Figures f) {
            return new CommerceResponse(
                    f.members(),
                    f.buyers(),
                    f.gmvFen(),
                    f.costFen(),
                    f.conversion(),
                    f.aovFen(),
                    f.roi(),
                    f.loyalShare(),
                    f.loyaltyMix());
        }
    }

    record StageResponse(String stage, List<String> keyFigures) {}

    /** {@code messageSource}: archive (per-group speakers and messages) or statistic (WeCom's owner figures). */
    record GroupPage(List<GroupResponse> items, String messageSource) {}

    record GroupDetail(GroupResponse group, List<FiguresResponse> daily) {}

    record MemberResponse(
            String memberId,
            @Nullable String name,
            boolean staff,
            String role,
            Instant joinedAt,
            @Nullable Integer joinScene,
            @Nullable String invitor,
            @Nullable String state,
            @Nullable Instant leftAt,
            long messages30d,
            @Nullable Instant lastSpokeAt) {
        static MemberResponse of(GroupDirectory.Member m) {
            return new MemberResponse(
                    m.memberId(),
                    m.name(),
                    m.staff(),
                    m.role().code(),
                    m.joinedAt(),
                    m.joinScene(),
                    m.invitor(),
                    m.state(),
                    m.leftAt(),
                    m.messages30d(),
                    m.lastSpokeAt());
        }
    }

    record CandidateResponse(
            String memberId,
            @Nullable String name,
            Instant joinedAt,
            @Nullable Instant lastSpokeAt,
            long messagesInWindow,
            String reason) {
        static CandidateResponse of(InactivityReview.Candidate c) {
            return new CandidateResponse(
                    c.memberId(), c.name(), c.joinedAt(), c.lastSpokeAt(), c.messagesInWindow(), c.reason());
        }
    }

    record PolicyResponse(
            String type,
            @Nullable Integer silentDays,
            @Nullable Integer minMessages,
            @Nullable Integer windowDays,
            boolean guardLinks,
            boolean guardCards,
            String rulesText,
            String announcement,
            String welcomeText,
            int foundedAfterDays,
            int foundedMembers,
            double activeInteraction,
            double retaining,
            double monetisedConversion,
            @Nullable Integer checkInStreakDays,
            int checkInRewardPoints,
            String checkInRewardNote,
            @Nullable String welcomeTemplateId) {
        static PolicyResponse of(GroupPolicies.Policy p, @Nullable String welcomeTemplateId) {
            var goals = p.stageGoals();
            return new PolicyResponse(
                    p.type().code(),
                    p.inactivity().silentDays(),
                    p.inactivity().minMessages(),
                    p.inactivity().windowDays(),
                    p.guardLinks(),
                    p.guardCards(),
                    p.rulesText(),
                    p.announcement(),
                    p.welcomeText(),
                    goals.foundedAfterDays(),
                    goals.foundedMembers(),
                    goals.activeInteraction(),
                    goals.retaining(),
                    goals.monetisedConversion(),
                    p.checkIns().streakDays(),
                    p.checkIns().rewardPoints(),
                    p.checkIns().rewardNote(),
                    welcomeTemplateId);
        }
    }

    record GuardWordResponse(long id, @Nullable String type, String kind, String text) {
        static GuardWordResponse of(GroupPolicies.GuardWord w) {
            return new GuardWordResponse(
                    w.id(), w.type() == null ? null : w.type().code(), w.kind(), w.text());
        }
    }

    record KeywordResponse(
            long id,
            String keyword,
            String reply,
            long hits,
            @Nullable Instant lastHitAt) {
        static KeywordResponse of(Keywords.Keyword k) {
            return new KeywordResponse(k.id(), k.keyword(), k.reply(), k.hits(), k.lastHitAt());
        }
    }

    record DuplicateResponse(String memberId, @Nullable String name, String type, List<String> chatIds) {
        static DuplicateResponse of(GroupDirectory.Duplicate d) {
            return new DuplicateResponse(d.memberId(), d.name(), d.type().code(), d.chatIds());
        }
    }

    record Count(int count) {}
}
