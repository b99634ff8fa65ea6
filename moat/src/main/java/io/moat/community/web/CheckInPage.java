package io.moat.community.web;

import io.moat.community.internal.CheckIns;
import io.moat.shared.Problem;
import org.jspecify.annotations.Nullable;

/** The HTML of the mobile check-in page: small, no script, readable on a phone, Chinese first. */
final class CheckInPage {

    private CheckInPage() {}

    static String of(String token, CheckIns.Standing s, CheckInPageController.@Nullable CheckedIn done) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(s.groupName())).append("</h1>");
        if (done != null) {
            body.append("<p class=\"note\" data-testid=\"result\">")
                    .append(done.counted() ? "签到成功！Checked in." : "今天已经签到过了。Already checked in today.")
                    .append("</p>");
            if (done.earned() != null) {
                body.append("<p class=\"reward\" data-testid=\"reward\">🎉 连续签到 ")
                        .append(done.earned().streakDays())
                        .append(" 天，获得奖励：")
                        .append(escape(
                                rewardText(done.earned().points(), done.earned().note())))
                        .append("</p>");
            }
        }
        body.append("<div class=\"figures\"><div><b data-testid=\"streak\">")
                .append(s.streak())
                .append("</b><span>连续签到（天）<br>streak</span></div><div><b data-testid=\"total\">")
                .append(s.total())
                .append("</b><span>累计签到（天）<br>in total</span></div></div>");
        Integer goal = s.goal().streakDays();
        if (goal != null) {
            body.append("<p>连续签到 ")
                    .append(goal)
                    .append(" 天可获得：")
                    .append(escape(rewardText(s.goal().rewardPoints(), s.goal().rewardNote())))
                    .append("</p><progress max=\"")
                    .append(goal)
                    .append("\" value=\"")
                    .append(Math.min(goal, s.streak()))
                    .append("\"></progress>");
        }
        if (s.checkedInToday()) {
            body.append("<button disabled data-testid=\"done\">今日已签到 · Done today</button>");
        } else {
            body.append("<form method=\"post\" action=\"/k/")
                    .append(escape(token))
                    .append("\"><button type=\"submit\" data-testid=\"check-in\">签到 · Check in</button></form>");
        }
        return page(s.groupName(), body.toString());
    }

    static String problem(Problem problem) {
        String text = problem.status().value() == 404
                ? "链接无效或已更新，请联系群主获取新的签到链接。<br>This link is not valid any more; ask the group owner for a new one."
                : "你已不在该群，无法签到。<br>Only members of the group can check in.";
        return page("签到", "<h1>签到</h1><p class=\"note\" data-testid=\"problem\">" + text + "</p>");
    }

    private static String rewardText(int points, String note) {
        String pts = points > 0 ? points + " 积分" : "";
        if (note.isBlank()) {
            return pts.isEmpty() ? "达成目标 · the goal itself" : pts;
        }
        return pts.isEmpty() ? note : pts + "（" + note + "）";
    }

    private static String page(String title, String body) {
        return """
                <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width,initial-scale=1">
                <title>%s</title><style>body{font-family:sans-serif;text-align:center;margin:0;padding:24px;color:#222}
                h1{font-size:20px}.figures{display:flex;justify-content:center;gap:40px;margin:24px 0}
                .figures b{display:block;font-size:40px;color:#07c160}.figures span{font-size:13px;color:#666}
                button{width:80vw;max-width:320px;padding:14px;font-size:18px;border:0;border-radius:8px;
                background:#07c160;color:#fff}button[disabled]{background:#b5e6c9}progress{width:80vw;max-width:320px}
                .note{color:#444;line-height:1.6}.reward{color:#d4380d;font-weight:600}</style></head>
                <body>%s</body></html>""".formatted(escape(title), body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
