package io.moat.community.web;

import io.moat.community.internal.GroupDirectory;
import io.moat.community.internal.GroupFigures;
import io.moat.community.internal.GroupPolicies;
import io.moat.community.internal.InactivityReview;
import io.moat.community.internal.Keywords;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
            @Nullable Double retention) {
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
                    f.retention());
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
            long openTasks) {
        static GroupResponse of(GroupDirectory.Group g, @Nullable GroupFigures figures, long openTasks) {
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
                    openTasks);
        }
    }

    record GroupPage(List<GroupResponse> items) {}

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
            String welcomeText) {
        static PolicyResponse of(GroupPolicies.Policy p) {
            return new PolicyResponse(
                    p.type().code(),
                    p.inactivity().silentDays(),
                    p.inactivity().minMessages(),
                    p.inactivity().windowDays(),
                    p.guardLinks(),
                    p.guardCards(),
                    p.rulesText(),
                    p.announcement(),
                    p.welcomeText());
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
