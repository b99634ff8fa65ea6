package io.moat.wecomsim.callbacks;

import static io.moat.wecomsim.callbacks.EventField.items;
import static io.moat.wecomsim.callbacks.EventField.number;
import static io.moat.wecomsim.callbacks.EventField.text;

import java.util.ArrayList;
import java.util.List;

/**
 * An event as WeCom pushes it to a self-built app. Fields before ChangeType and after it are kept apart because
 * WeCom's own samples put ChatId (groups) and Id/TagType (tags) before ChangeType.
 */
public record CallbackEvent(String event, String changeType, List<EventField> leading, List<EventField> trailing) {

    public CallbackEvent {
        leading = List.copyOf(leading);
        trailing = List.copyOf(trailing);
    }

    public static CallbackEvent externalContact(String changeType, List<EventField> fields) {
        return new CallbackEvent("change_external_contact", changeType, List.of(), fields);
    }

    public static CallbackEvent addExternalContact(
            String userid, String externalUserId, String state, String welcomeCode) {
        List<EventField> fields = new ArrayList<>();
        fields.add(text("UserID", userid));
        fields.add(text("ExternalUserID", externalUserId));
        fields.add(text("State", state));
        if (!welcomeCode.isEmpty()) {
            fields.add(text("WelcomeCode", welcomeCode));
        }
        return externalContact("add_external_contact", fields);
    }

    /** The same event under another ChangeType, e.g. add_half_external_contact, which carries the same fields. */
    public CallbackEvent as(String otherChangeType) {
        return new CallbackEvent(event, otherChangeType, leading, trailing);
    }

    public static CallbackEvent contactPair(String changeType, String userid, String externalUserId) {
        return externalContact(changeType, List.of(text("UserID", userid), text("ExternalUserID", externalUserId)));
    }

    public static CallbackEvent chat(String changeType, String chatId, List<EventField> trailing) {
        return new CallbackEvent("change_external_chat", changeType, List.of(text("ChatId", chatId)), trailing);
    }

    /** update/add_member: JoinScene is 0 for invitations (direct or link) and 3 for QR scans, as in the event doc. */
    public static CallbackEvent membersJoined(
            String chatId, int joinScene, List<String> ids, String lastVersion, String currentVersion) {
        return chat(
                "update",
                chatId,
                List.of(
                        text("UpdateDetail", "add_member"),
                        number("JoinScene", joinScene),
                        number("MemChangeCnt", ids.size()),
                        items("MemChangeList", ids),
                        text("LastMemVer", lastVersion),
                        text("CurMemVer", currentVersion)));
    }

    public static CallbackEvent membersQuit(
            String chatId, int quitScene, List<String> ids, String lastVersion, String currentVersion) {
        return chat(
                "update",
                chatId,
                List.of(
                        text("UpdateDetail", "del_member"),
                        number("QuitScene", quitScene),
                        number("MemChangeCnt", ids.size()),
                        items("MemChangeList", ids),
                        text("LastMemVer", lastVersion),
                        text("CurMemVer", currentVersion)));
    }

    public static CallbackEvent chatUpdated(String chatId, String updateDetail) {
        return chat("update", chatId, List.of(text("UpdateDetail", updateDetail)));
    }

    /** change_external_tag: tagType is "tag" or "tag_group". */
    public static CallbackEvent tag(String changeType, String id, String tagType) {
        return new CallbackEvent(
                "change_external_tag", changeType, List.of(text("Id", id), text("TagType", tagType)), List.of());
    }

    public static CallbackEvent contact(String changeType, List<EventField> fields) {
        return new CallbackEvent("change_contact", changeType, List.of(), fields);
    }
}
