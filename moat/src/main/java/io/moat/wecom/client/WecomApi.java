package io.moat.wecom.client;

import io.moat.wecom.client.WecomRecords.Contact;
import io.moat.wecom.client.WecomRecords.ContactPage;
import io.moat.wecom.client.WecomRecords.ContactWay;
import io.moat.wecom.client.WecomRecords.CorpTag;
import io.moat.wecom.client.WecomRecords.Department;
import io.moat.wecom.client.WecomRecords.Follow;
import io.moat.wecom.client.WecomRecords.Group;
import io.moat.wecom.client.WecomRecords.GroupMember;
import io.moat.wecom.client.WecomRecords.GroupPage;
import io.moat.wecom.client.WecomRecords.GroupRef;
import io.moat.wecom.client.WecomRecords.JoinWay;
import io.moat.wecom.client.WecomRecords.Staff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.bean.external.WxCpContactWayInfo;
import me.chanjar.weixin.cp.bean.external.WxCpGroupWelcomeTemplateResult;
import me.chanjar.weixin.cp.bean.external.WxCpWelcomeMsg;
import me.chanjar.weixin.cp.bean.external.contact.ExternalContact;
import me.chanjar.weixin.cp.bean.external.contact.FollowedUser;
import me.chanjar.weixin.cp.bean.external.msg.Text;
import org.jspecify.annotations.Nullable;

/** One corp's WeCom API, every call governed and retried by {@link WecomCalls}. */
public final class WecomApi {

    /** add_contact_way calls before a busy WeCom is reported (each after looking for what the last one made). */
    private static final int CREATE_ATTEMPTS = 3;

    /** WeCom's longest duplicate-check interval for app messages (4 hours). */
    static final int APP_MESSAGE_DUPLICATE_WINDOW_SECONDS = 4 * 3600;

    private final WxCpService service;
    private final String corpId;
    private final WecomCalls calls;

    WecomApi(WxCpService service, String corpId, WecomCalls calls) {
        this.service = service;
        this.corpId = corpId;
        this.calls = calls;
    }

    /** Fetches a fresh access token: proves the corp id, secret and base URL work. */
    public void checkToken() {
        calls.run(service, corpId, "/cgi-bin/gettoken", s -> s.getAccessToken(true));
    }

    public List<Department> departments() {
        return calls
                .run(service, corpId, "/cgi-bin/department/list", s -> s.getDepartmentService()
                        .list(null))
                .stream()
                .map(d -> new Department(d.getId(), String.valueOf(d.getName()), d.getParentId()))
                .toList();
    }

    public List<Staff> staffOf(long departmentId) {
        return calls
                .run(service, corpId, "/cgi-bin/user/list", s -> s.getUserService()
                        .listByDepartment(departmentId, true, 0))
                .stream()
                .map(u -> new Staff(
                        u.getUserId(),
                        String.valueOf(u.getName()),
                        u.getDepartIds() == null ? List.of() : Arrays.asList(u.getDepartIds()),
                        u.getStatus() == null ? 1 : u.getStatus()))
                .toList();
    }

    public List<String> followUsers() {
        return calls.run(
                service, corpId, "/cgi-bin/externalcontact/get_follow_user_list", s -> s.getExternalContactService()
                        .listFollowers());
    }

    /** The customer with all follow relations (following WeCom's cursor past 500 of them). */
    public Optional<Contact> contact(String externalUserId) {
        List<Follow> follows = new ArrayList<>();
        ExternalContact contact = null;
        String cursor = null;
        do {
            String page = cursor;
            var info = calls.run(service, corpId, "/cgi-bin/externalcontact/get", s -> s.getExternalContactService()
                    .getContactDetail(externalUserId, page));
            if (info.getExternalContact() == null) {
                return Optional.empty();
            }
            contact = info.getExternalContact();
            if (info.getFollowedUsers() != null) {
                info.getFollowedUsers().forEach(f -> follows.add(follow(f)));
            }
            cursor = blankToNull(info.getNextCursor());
        } while (cursor != null);
        return Optional.of(contact(contact, follows));
    }

    /** A page of the given staff's customers, one follow relation per entry. */
    public ContactPage contactsOf(List<String> userIds, @Nullable String cursor) {
        var batch = calls.run(
                service, corpId, "/cgi-bin/externalcontact/batch/get_by_user", s -> s.getExternalContactService()
                        .getContactDetailBatch(userIds.toArray(String[]::new), cursor, 100));
        List<Contact> contacts = batch.getExternalContactList() == null
                ? List.of()
                : batch.getExternalContactList().stream()
                        .map(entry -> contact(
                                entry.getExternalContact(),
                                entry.getFollowInfo() == null ? List.of() : List.of(follow(entry.getFollowInfo()))))
                        .toList();
        return new ContactPage(contacts, blankToNull(batch.getNextCursor()));
    }

    /** Creates tags in a group (by id, or a new group by name); returns them with WeCom's ids. */
    public List<CorpTag> addCorpTags(@Nullable String groupId, @Nullable String groupName, List<String> names) {
        var group = new me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupInfo.TagGroup();
        group.setGroupId(groupId);
        group.setGroupName(groupName);
        group.setTag(names.stream()
                .map(name -> {
                    var tag = new me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupInfo.Tag();
                    tag.setName(name);
                    return tag;
                })
                .toList());
        var info = new me.chanjar.weixin.cp.bean.external.WxCpUserExternalTagGroupInfo();
        info.setTagGroup(group);
        var added = calls.run(
                        service, corpId, "/cgi-bin/externalcontact/add_corp_tag", s -> s.getExternalContactService()
                                .addCorpTag(info))
                .getTagGroup();
        return added.getTag().stream()
                .map(tag -> new CorpTag(
                        tag.getId(),
                        added.getGroupId(),
                        added.getGroupName(),
                        tag.getName(),
                        tag.getOrder() == null ? 0 : tag.getOrder(),
                        false))
                .toList();
    }

    public void editCorpTag(String id, String name) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/edit_corp_tag", s -> {
            s.getExternalContactService().editCorpTag(id, name, null);
            return null;
        });
    }

    public void deleteCorpTags(List<String> tagIds, List<String> groupIds) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/del_corp_tag", s -> {
            s.getExternalContactService().delCorpTag(tagIds.toArray(String[]::new), groupIds.toArray(String[]::new));
            return null;
        });
    }

    /** Tags one customer as seen by one staff member (WeCom tags per relation). 45035 is retried as transient. */
    public void markTags(String userId, String externalUserId, List<String> add, List<String> remove) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/mark_tag", s -> {
            s.getExternalContactService()
                    .markTag(userId, externalUserId, add.toArray(String[]::new), remove.toArray(String[]::new));
            return null;
        });
    }

    public List<CorpTag> corpTags() {
        var list = calls.run(
                service, corpId, "/cgi-bin/externalcontact/get_corp_tag_list", s -> s.getExternalContactService()
                        .getCorpTagList(null));
        List<CorpTag> tags = new ArrayList<>();
        if (list.getTagGroupList() != null) {
            for (var group : list.getTagGroupList()) {
                if (group.getTag() == null) {
                    continue;
                }
                for (var tag : group.getTag()) {
                    tags.add(new CorpTag(
                            tag.getId(),
                            group.getGroupId(),
                            group.getGroupName(),
                            tag.getName(),
                            tag.getOrder() == null ? 0 : tag.getOrder(),
                            Boolean.TRUE.equals(tag.getDeleted()) || Boolean.TRUE.equals(group.getDeleted())));
                }
            }
        }
        return tags;
    }

    public GroupPage groups(@Nullable String cursor) {
        var page =
                calls.run(service, corpId, "/cgi-bin/externalcontact/groupchat/list", s -> s.getExternalContactService()
                        .listGroupChat(1000, cursor, 0, null));
        List<GroupRef> groups = page.getGroupChatList() == null
                ? List.of()
                : page.getGroupChatList().stream()
                        .map(g -> new GroupRef(g.getChatId(), g.getStatus()))
                        .toList();
        return new GroupPage(groups, blankToNull(page.getNextCursor()));
    }

    public Group group(String chatId) {
        var chat = calls.run(
                        service, corpId, "/cgi-bin/externalcontact/groupchat/get", s -> s.getExternalContactService()
                                .getGroupChat(chatId, 1))
                .getGroupChat();
        List<GroupMember> members = chat.getMemberList() == null
                ? List.of()
                : chat.getMemberList().stream()
                        .map(m -> new GroupMember(
                                m.getUserId(),
                                m.getType(),
                                instant(m.getJoinTime()),
                                m.getJoinScene(),
                                m.getInvitor() == null ? null : m.getInvitor().getUserId(),
                                m.getState(),
                                m.getGroupNickname(),
                                m.getName()))
                        .toList();
        return new Group(
                chat.getChatId(),
                chat.getName() == null ? "" : chat.getName(),
                chat.getOwner(),
                instant(chat.getCreateTime()),
                chat.getNotice(),
                chat.getMemberVersion(),
                members,
                chat.getAdminList() == null
                        ? List.of()
                        : chat.getAdminList().stream().map(a -> a.getUserId()).toList());
    }

    /**
     * A group join way over 1–5 groups whose joins carry {@code state}; with {@code autoCreateRoom} WeCom opens a new
     * group named {@code roomBaseName} + a counter from {@code roomBaseId} when all are full.
     */
    public String addJoinWay(
            List<String> chatIds,
            String state,
            @Nullable String remark,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId) {
        var way = joinWay(null, chatIds, state, remark, autoCreateRoom, roomBaseName, roomBaseId);
        return calls.run(
                        service,
                        corpId,
                        "/cgi-bin/externalcontact/groupchat/add_join_way",
                        s -> s.getExternalContactService().addJoinWay(way))
                .getConfigId();
    }

    /** Overwrites every field of a join way (WeCom's update does), keeping its QR code. */
    public void updateJoinWay(
            String configId,
            List<String> chatIds,
            String state,
            @Nullable String remark,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId) {
        var way = joinWay(configId, chatIds, state, remark, autoCreateRoom, roomBaseName, roomBaseId);
        calls.run(
                service,
                corpId,
                "/cgi-bin/externalcontact/groupchat/update_join_way",
                s -> s.getExternalContactService().updateJoinWay(way));
    }

    public JoinWay joinWay(String configId) {
        var way = calls.run(
                        service,
                        corpId,
                        "/cgi-bin/externalcontact/groupchat/get_join_way",
                        s -> s.getExternalContactService().getJoinWay(configId))
                .getJoinWay();
        return new JoinWay(
                way.getConfigId(),
                blankToNull(way.getQrCode()),
                way.getChatIdList() == null ? List.of() : List.copyOf(way.getChatIdList()),
                blankToNull(way.getState()));
    }

    public void deleteJoinWay(String configId) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/groupchat/del_join_way", s -> s.getExternalContactService()
                .delJoinWay(configId));
    }

    private static me.chanjar.weixin.cp.bean.external.WxCpGroupJoinWayInfo joinWay(
            @Nullable String configId,
            List<String> chatIds,
            String state,
            @Nullable String remark,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId) {
        var way = new me.chanjar.weixin.cp.bean.external.WxCpGroupJoinWayInfo.JoinWay();
        way.setConfigId(configId);
        way.setScene(2);
        way.setChatIdList(chatIds);
        way.setState(state);
        way.setRemark(remark);
        way.setAutoCreateRoom(autoCreateRoom ? 1 : 0);
        way.setRoomBaseName(roomBaseName);
        way.setRoomBaseId(roomBaseId);
        var info = new me.chanjar.weixin.cp.bean.external.WxCpGroupJoinWayInfo();
        info.setJoinWay(way);
        return info;
    }

    /**
     * groupchat/statistic for the given owners (≤100) over the days from {@code dayBegin} to {@code dayEnd} (each the
     * epoch second of a day's start), aggregated per owner; follows WeCom's offset paging.
     */
    public List<WecomRecords.GroupStatistic> groupStatistic(long dayBegin, long dayEnd, List<String> owners) {
        List<WecomRecords.GroupStatistic> figures = new ArrayList<>();
        long offset = 0;
        do {
            // WxJava's own method takes java.util.Date; the body is simple enough to send as WeCom documents it
            var body = new com.google.gson.JsonObject();
            body.addProperty("day_begin_time", dayBegin);
            body.addProperty("day_end_time", dayEnd);
            var filter = new com.google.gson.JsonObject();
            var ids = new com.google.gson.JsonArray();
            owners.forEach(ids::add);
            filter.add("userid_list", ids);
            body.add("owner_filter", filter);
            body.addProperty("offset", offset);
            body.addProperty("limit", 1000);
            var answer = calls.run(
                    service,
                    corpId,
                    "/cgi-bin/externalcontact/groupchat/statistic",
                    s -> com.google.gson.JsonParser.parseString(s.post(
                                    s.getWxCpConfigStorage().getApiUrl("/cgi-bin/externalcontact/groupchat/statistic"),
                                    body.toString()))
                            .getAsJsonObject());
            if (answer.has("items")) {
                for (var element : answer.getAsJsonArray("items")) {
                    var item = element.getAsJsonObject();
                    var data = item.getAsJsonObject("data");
                    figures.add(new WecomRecords.GroupStatistic(
                            item.get("owner").getAsString(),
                            count(data, "new_chat_cnt"),
                            count(data, "chat_total"),
                            count(data, "chat_has_msg"),
                            count(data, "new_member_cnt"),
                            count(data, "member_total"),
                            count(data, "member_has_msg"),
                            count(data, "msg_total")));
                }
            }
            offset = answer.has("next_offset") ? answer.get("next_offset").getAsLong() : 0;
        } while (offset > 0);
        return figures;
    }

    private static long count(com.google.gson.JsonObject data, String field) {
        return data.has(field) && !data.get(field).isJsonNull()
                ? data.get(field).getAsLong()
                : 0;
    }

    /** A single-staff QR contact way whose adds carry {@code state}. */
    public ContactWay addContactWay(String userId, String state, @Nullable String remark) {
        var info = new WxCpContactWayInfo();
        var way = new WxCpContactWayInfo.ContactWay();
        way.setType(WxCpContactWayInfo.TYPE.SINGLE);
        way.setScene(WxCpContactWayInfo.SCENE.QRCODE);
        way.setUsers(List.of(userId));
        way.setState(state);
        way.setRemark(remark);
        info.setContactWay(way);
        for (int attempt = 1; ; attempt++) {
            try {
                // No idempotency key: a blind retry after a lost answer would leave a second way in WeCom.
                var result = calls.runAtMostOnce(
                        service, corpId, "/cgi-bin/externalcontact/add_contact_way", s -> s.getExternalContactService()
                                .addContactWay(info));
                return new ContactWay(result.getConfigId(), result.getQrCode());
            } catch (WecomApiException e) {
                if (e.errcode() != -1) {
                    throw e;
                }
                // Busy, or WeCom made the way and its answer was lost: the state is Moat's own and unique, so a
                // way that carries it is the one this call made.
                Optional<ContactWay> made = contactWayWithState(userId, state);
                if (made.isPresent()) {
                    return made.get();
                }
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The contact way of this member that carries {@code state}, among those made in the last 90 days. */
    private Optional<ContactWay> contactWayWithState(String userId, String state) {
        String path = "/cgi-bin/externalcontact/list_contact_way";
        String cursor = "";
        do {
            var body = new com.google.gson.JsonObject();
            body.addProperty("limit", 1000);
            body.addProperty("cursor", cursor);
            var page = calls.run(service, corpId, path, s -> com.google.gson.JsonParser.parseString(
                            s.post(s.getWxCpConfigStorage().getApiUrl(path), body.toString()))
                    .getAsJsonObject());
            if (page.has("contact_way")) {
                for (var element : page.getAsJsonArray("contact_way")) {
                    String configId = element.getAsJsonObject().get("config_id").getAsString();
                    var found = calls.run(
                                    service,
                                    corpId,
                                    "/cgi-bin/externalcontact/get_contact_way",
                                    s -> s.getExternalContactService().getContactWay(configId))
                            .getContactWay();
                    if (state.equals(found.getState())
                            && found.getUsers() != null
                            && found.getUsers().contains(userId)) {
                        return Optional.of(new ContactWay(found.getConfigId(), found.getQrCode()));
                    }
                }
            }
            cursor = page.has("next_cursor") ? page.get("next_cursor").getAsString() : "";
        } while (!cursor.isEmpty());
        return Optional.empty();
    }

    public void sendWelcome(String welcomeCode, String text) {
        var content = new Text();
        content.setContent(text);
        var message =
                WxCpWelcomeMsg.builder().welcomeCode(welcomeCode).text(content).build();
        calls.run(service, corpId, "/cgi-bin/externalcontact/send_welcome_msg", s -> {
            s.getExternalContactService().sendWelcomeMsg(message);
            return null;
        });
    }

    /**
     * Creates a mass-send task ({@code add_msg_template}) for one sender: customers for {@code chat_type} single,
     * groups for group. WeCom sends nothing until the sender confirms.
     */
    public WecomRecords.MassTask addMassTask(
            String chatType,
            String sender,
            List<String> externalUserIds,
            List<String> chatIds,
            String text,
            List<me.chanjar.weixin.cp.bean.external.msg.Attachment> attachments) {
        String api = "/cgi-bin/externalcontact/add_msg_template";
        if (attachments.isEmpty()) {
            // the broker's hot call: written and read by WecomWire, without WxJava's beans and Gson
            byte[] body = WecomWire.body(json -> {
                json.writeStringProperty("chat_type", chatType);
                if (!externalUserIds.isEmpty()) {
                    WecomWire.stringArray(json, "external_userid", externalUserIds);
                }
                if (!chatIds.isEmpty()) {
                    WecomWire.stringArray(json, "chat_id_list", chatIds);
                }
                json.writeStringProperty("sender", sender);
                json.writeName("text");
                json.writeStartObject();
                json.writeStringProperty("content", text);
                json.writeEndObject();
            });
            // No idempotency key: a blind retry after a lost answer would leave a second task for the sender to
            // confirm.
            var answer = calls.runAtMostOnce(service, corpId, api, s -> WecomWire.post(s, api, body));
            List<String> failed = new ArrayList<>();
            answer.path("fail_list").forEach(id -> failed.add(id.asString()));
            return new WecomRecords.MassTask(answer.path("msgid").asString(null), List.copyOf(failed));
        }
        var content = new Text();
        content.setContent(text);
        var template = new me.chanjar.weixin.cp.bean.external.WxCpMsgTemplate();
        template.setChatType(chatType);
        template.setSender(sender);
        template.setExternalUserid(externalUserIds.isEmpty() ? null : externalUserIds);
        template.setChatIdList(chatIds.isEmpty() ? null : chatIds);
        template.setText(content);
        template.setAttachments(attachments);
        // No idempotency key: a blind retry after a lost answer would leave a second task for the sender to confirm.
        var result = calls.runAtMostOnce(
                service, corpId, api, s -> s.getExternalContactService().addMsgTemplate(template));
        return new WecomRecords.MassTask(
                result.getMsgId(), result.getFailList() == null ? List.of() : List.copyOf(result.getFailList()));
    }

    /** The sender's task of a mass message: 0 not sent yet, 2 sent (confirmed). */
    public WecomRecords.MassTaskStatus massTaskStatus(String msgId, String sender) {
        String cursor = null;
        do {
            String page = cursor;
            var tasks = calls.run(
                    service, corpId, "/cgi-bin/externalcontact/get_groupmsg_task", s -> s.getExternalContactService()
                            .getGroupMsgTask(msgId, 1000, page));
            if (tasks.getTaskList() != null) {
                for (var task : tasks.getTaskList()) {
                    if (sender.equals(task.getUserId())) {
                        return new WecomRecords.MassTaskStatus(
                                task.getStatus() == null ? 0 : task.getStatus(), instant(task.getSendTime()));
                    }
                }
            }
            cursor = blankToNull(tasks.getNextCursor());
        } while (cursor != null);
        return new WecomRecords.MassTaskStatus(0, null);
    }

    /** Per recipient of a sender's task: 0 not sent, 1 sent, 2 not a friend (any more), 3 over the receive cap. */
    public List<WecomRecords.MassRecipient> massSendResult(String msgId, String sender) {
        List<WecomRecords.MassRecipient> recipients = new ArrayList<>();
        String cursor = null;
        String api = "/cgi-bin/externalcontact/get_groupmsg_send_result";
        do {
            String page = cursor;
            byte[] body = WecomWire.body(json -> {
                json.writeStringProperty("msgid", msgId);
                json.writeStringProperty("userid", sender);
                json.writeNumberProperty("limit", 1000);
                if (page != null) {
                    json.writeStringProperty("cursor", page);
                }
            });
            var answer = calls.run(service, corpId, api, s -> WecomWire.post(s, api, body));
            for (var entry : answer.path("send_list")) {
                recipients.add(new WecomRecords.MassRecipient(
                        blankToNull(entry.path("external_userid").asString(null)),
                        blankToNull(entry.path("chat_id").asString(null)),
                        entry.path("status").asInt(0),
                        instant(entry.path("send_time").asLong(0))));
            }
            cursor = blankToNull(answer.path("next_cursor").asString(null));
        } while (cursor != null);
        return recipients;
    }

    /** Mass messages this corp's app created for {@code sender} between the two moments (at most 31 days apart). */
    public List<WecomRecords.MassMessageRef> massMessagesOf(String chatType, String sender, Instant from, Instant to) {
        List<WecomRecords.MassMessageRef> msgIds = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            // WxJava's own method takes java.util.Date; the body is simple enough to send as WeCom documents it
            var body = new com.google.gson.JsonObject();
            body.addProperty("chat_type", chatType);
            body.addProperty("start_time", from.getEpochSecond());
            body.addProperty("end_time", to.getEpochSecond());
            body.addProperty("creator", sender);
            body.addProperty("filter_type", 0);
            body.addProperty("limit", 100);
            if (page != null) {
                body.addProperty("cursor", page);
            }
            var list = calls.run(
                    service,
                    corpId,
                    "/cgi-bin/externalcontact/get_groupmsg_list_v2",
                    s -> me.chanjar.weixin.cp.bean.external.contact.WxCpGroupMsgListResult.fromJson(s.post(
                            s.getWxCpConfigStorage().getApiUrl("/cgi-bin/externalcontact/get_groupmsg_list_v2"),
                            body.toString())));
            if (list.getGroupMsgList() != null) {
                list.getGroupMsgList()
                        .forEach(message -> msgIds.add(new WecomRecords.MassMessageRef(
                                message.getMsgId(),
                                message.getText() == null
                                        ? ""
                                        : String.valueOf(message.getText().getContent()))));
            }
            cursor = blankToNull(list.getNextCursor());
        } while (cursor != null);
        return msgIds;
    }

    public void remindMassTask(String msgId) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/remind_groupmsg_send", s -> s.getExternalContactService()
                .remindGroupMsgSend(msgId));
    }

    public void cancelMassTask(String msgId) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/cancel_groupmsg_send", s -> s.getExternalContactService()
                .cancelGroupMsgSend(msgId));
    }

    /** An app message (text) to staff members, from the workspace's app. */
    public void sendAppText(List<String> userIds, String text) {
        // An app message has no idempotency key, and a retry after a lost answer (or after a crash before our commit)
        // would deliver it twice. WeCom's duplicate check drops an identical request within the interval; the
        // longest it allows covers every retry the schedule makes. Identical texts to the same member within it
        // collapse into one, which staff would want anyway.
        int agentId = service.getWxCpConfigStorage().getAgentId();
        byte[] body = WecomWire.body(json -> {
            json.writeStringProperty("touser", String.join("|", userIds));
            json.writeStringProperty("msgtype", "text");
            json.writeNumberProperty("agentid", agentId);
            json.writeName("text");
            json.writeStartObject();
            json.writeStringProperty("content", text);
            json.writeEndObject();
            json.writeNumberProperty("enable_duplicate_check", 1);
            json.writeNumberProperty("duplicate_check_interval", APP_MESSAGE_DUPLICATE_WINDOW_SECONDS);
        });
        String api = "/cgi-bin/message/send";
        calls.run(service, corpId, api, s -> WecomWire.post(s, api, body));
    }

    public void updateContactWay(String configId, String userId, String state, @Nullable String remark) {
        var way = new WxCpContactWayInfo.ContactWay();
        way.setConfigId(configId);
        way.setUsers(List.of(userId));
        way.setState(state);
        way.setRemark(remark);
        var info = new WxCpContactWayInfo();
        info.setContactWay(way);
        calls.run(service, corpId, "/cgi-bin/externalcontact/update_contact_way", s -> {
            s.getExternalContactService().updateContactWay(info);
            return null;
        });
    }

    /** Whether WeCom still has this contact way (40058 means it was deleted there). */
    public boolean contactWayExists(String configId) {
        try {
            calls.run(service, corpId, "/cgi-bin/externalcontact/get_contact_way", s -> s.getExternalContactService()
                    .getContactWay(configId));
            return true;
        } catch (WecomApiException e) {
            if (e.errcode() == 40058) {
                return false;
            }
            throw e;
        }
    }

    /** Creates a group welcome template (入群欢迎语素材) of text only; answers its template id. */
    public String addGroupWelcomeTemplate(String text) {
        var template = groupWelcome(null, text);
        return calls.run(
                service,
                corpId,
                "/cgi-bin/externalcontact/group_welcome_template/add",
                s -> s.getExternalContactService().addGroupWelcomeTemplate(template));
    }

    public void editGroupWelcomeTemplate(String templateId, String text) {
        var template = groupWelcome(templateId, text);
        calls.run(service, corpId, "/cgi-bin/externalcontact/group_welcome_template/edit", s -> {
            s.getExternalContactService().editGroupWelcomeTemplate(template);
            return null;
        });
    }

    public void deleteGroupWelcomeTemplate(String templateId) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/group_welcome_template/del", s -> {
            s.getExternalContactService().delGroupWelcomeTemplate(templateId, null);
            return null;
        });
    }

    private static WxCpGroupWelcomeTemplateResult groupWelcome(@Nullable String templateId, String text) {
        var content = new Text();
        content.setContent(text);
        var template = new WxCpGroupWelcomeTemplateResult();
        template.setTemplateId(templateId);
        template.setText(content);
        return template;
    }

    public void deleteContactWay(String configId) {
        calls.run(service, corpId, "/cgi-bin/externalcontact/del_contact_way", s -> {
            s.getExternalContactService().deleteContactWay(configId);
            return null;
        });
    }

    /** A welcome message with attachments (image by URL, link, mini-program card), at most nine. */
    public void sendWelcome(String welcomeCode, String text, List<WecomRecords.Attachment> attachments) {
        var content = new Text();
        content.setContent(text);
        var message = WxCpWelcomeMsg.builder()
                .welcomeCode(welcomeCode)
                .text(content)
                .attachments(attachments.stream().map(WecomApi::attachment).toList())
                .build();
        calls.run(service, corpId, "/cgi-bin/externalcontact/send_welcome_msg", s -> {
            s.getExternalContactService().sendWelcomeMsg(message);
            return null;
        });
    }

    private static me.chanjar.weixin.cp.bean.external.msg.Attachment attachment(WecomRecords.Attachment given) {
        var attachment = new me.chanjar.weixin.cp.bean.external.msg.Attachment();
        switch (given) {
            case WecomRecords.Attachment.Image image -> {
                var value = new me.chanjar.weixin.cp.bean.external.msg.Image();
                value.setPicUrl(image.picUrl());
                attachment.setImage(value);
            }
            case WecomRecords.Attachment.Link link -> {
                var value = new me.chanjar.weixin.cp.bean.external.msg.Link();
                value.setTitle(link.title());
                value.setUrl(link.url());
                value.setPicUrl(link.picUrl());
                value.setDesc(link.desc());
                attachment.setLink(value);
            }
            case WecomRecords.Attachment.MiniProgram card -> {
                var value = new me.chanjar.weixin.cp.bean.external.msg.MiniProgram();
                value.setTitle(card.title());
                value.setAppid(card.appId());
                value.setPage(card.page());
                value.setPicMediaId(card.picMediaId());
                attachment.setMiniProgram(value);
            }
        }
        return attachment;
    }

    private static Contact contact(ExternalContact c, List<Follow> follows) {
        return new Contact(
                c.getExternalUserId(),
                c.getName() == null ? "" : c.getName(),
                c.getType() == null ? 1 : c.getType(),
                c.getGender() == null ? 0 : c.getGender(),
                c.getUnionId(),
                c.getAvatar(),
                c.getCorpName(),
                List.copyOf(follows));
    }

    private static Follow follow(FollowedUser f) {
        List<String> tagIds = new ArrayList<>();
        if (f.getTags() != null) {
            for (var tag : f.getTags()) {
                if (tag.getTagId() != null) {
                    tagIds.add(tag.getTagId());
                }
            }
        } else if (f.getTagIds() != null) {
            tagIds.addAll(Arrays.asList(f.getTagIds()));
        }
        return new Follow(
                f.getUserId(),
                f.getRemark(),
                f.getDescription(),
                f.getState(),
                parseInt(f.getAddWay()),
                f.getOperatorUserId(),
                instant(f.getCreateTime()),
                List.copyOf(tagIds),
                f.getRemarkMobiles() == null ? List.of() : List.of(f.getRemarkMobiles()));
    }

    /**
     * Creates an enterprise Moments task ({@code add_moment_task}) posted by {@code senders}, visible to those of
     * their customers who hold any of {@code tagIds} (WeCom corp tag ids; none: all of them). WeCom creates it
     * asynchronously: answers the job id for {@link #momentTaskResult}.
     */
    public String addMomentTask(
            List<String> senders,
            List<String> tagIds,
            String text,
            List<me.chanjar.weixin.cp.bean.external.msg.Attachment> attachments) {
        var senderList = new me.chanjar.weixin.cp.bean.external.moment.SenderList();
        senderList.setUserList(senders);
        var range = new me.chanjar.weixin.cp.bean.external.moment.VisibleRange().setSenderList(senderList);
        if (!tagIds.isEmpty()) {
            var contacts = new me.chanjar.weixin.cp.bean.external.moment.ExternalContactList();
            contacts.setTagList(tagIds);
            range.setExternalContactList(contacts);
        }
        var content = new Text();
        content.setContent(text);
        var task = new me.chanjar.weixin.cp.bean.external.WxCpAddMomentTask(
                range, text.isEmpty() ? null : content, attachments.isEmpty() ? null : attachments);
        return calls.run(service, corpId, "/cgi-bin/externalcontact/add_moment_task", s -> s.getExternalContactService()
                        .addMomentTask(task))
                .getJobId();
    }

    /** The result of an {@code add_moment_task} job: empty while WeCom is still creating it. */
    public Optional<WecomRecords.MomentJob> momentTaskResult(String jobId) {
        var result = calls.run(
                service, corpId, "/cgi-bin/externalcontact/get_moment_task_result", s -> s.getExternalContactService()
                        .getMomentTaskResult(jobId));
        if (result.getStatus() == null || result.getStatus() != 3 || result.getResult() == null) {
            return Optional.empty();
        }
        var done = result.getResult();
        List<String> invalid = done.getInvalidSenderList() == null
                        || done.getInvalidSenderList().getUserList() == null
                ? List.of()
                : List.copyOf(done.getInvalidSenderList().getUserList());
        return Optional.of(new WecomRecords.MomentJob(
                done.getErrcode() == null ? 0 : done.getErrcode().intValue(),
                blankToNull(done.getMomentId()),
                invalid));
    }

    private static @Nullable Integer parseInt(@Nullable String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Instant instant(@Nullable Long epochSeconds) {
        return epochSeconds == null || epochSeconds == 0 ? null : Instant.ofEpochSecond(epochSeconds);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
