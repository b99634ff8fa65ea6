package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.mass.MassMessage;
import io.moat.wecomsim.mass.MassRecipient;
import io.moat.wecomsim.mass.MassTask;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.VirtualStaff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creating, reminding and cancelling mass messages (wecom-api.md §5). add_msg_template sends nothing: it creates a
 * task per sender, and each virtual member confirms (or not) as the staff knobs say.
 */
final class MassMessageEndpoints {

    static final int MAX_CUSTOMERS = 10_000;
    static final int MAX_GROUPS = 2_000;

    private MassMessageEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/add_msg_template", emptyArrays("fail_list"), MassMessageEndpoints::add);
        endpoints.post("/cgi-bin/externalcontact/remind_groupmsg_send", Json.object(), MassMessageEndpoints::remind);
        endpoints.post("/cgi-bin/externalcontact/cancel_groupmsg_send", Json.object(), MassMessageEndpoints::cancel);
    }

    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        String chatType = request.text("chat_type").isEmpty() ? MassMessage.SINGLE : request.text("chat_type");
        if (!chatType.equals(MassMessage.SINGLE) && !chatType.equals(MassMessage.GROUP)) {
            throw ApiError.invalid("chat_type must be single or group");
        }
        String sender = request.text("sender");
        List<String> customers = request.texts("external_userid");
        List<String> chats = request.texts("chat_id_list");
        if (customers.size() > MAX_CUSTOMERS) {
            throw ApiError.invalid("external_userid holds more than " + MAX_CUSTOMERS + " customers");
        }
        if (chats.size() > MAX_GROUPS) {
            throw ApiError.invalid("chat_id_list holds more than " + MAX_GROUPS + " groups");
        }
        boolean group = chatType.equals(MassMessage.GROUP);
        if (sender.isEmpty() && (group || customers.isEmpty())) {
            throw ApiError.invalid(group ? "sender is required for group" : "external_userid and sender both empty");
        }
        if (!sender.isEmpty()) {
            Staff staff = corp.directory()
                    .staff(sender)
                    .orElseThrow(() -> new ApiError(ErrCode.INVALID_USERID, "no member " + sender));
            if (!staff.active()) {
                throw new ApiError(ErrCode.USER_NOT_ACTIVE, sender + " is not active");
            }
        }
        MessageContent content = MessageContent.read(request);
        TagFilter filter = TagFilter.read(request.body());
        request.flag("allow_select", false); // type-checked like WeCom does; members do not re-select here
        MassAudience audience = group
                ? MassAudience.groups(corp, chats, sender)
                : MassAudience.customers(corp, customers, sender, filter);
        if (audience.recipients().isEmpty()) {
            throw new ApiError(ErrCode.NO_CUSTOMER_TO_SEND, "nobody to send to; failed: " + audience.failed());
        }
        MassMessage message = new MassMessage(
                corp.massMessages().nextSeq(),
                corp.ids().msgid(),
                chatType,
                sender,
                MassMessage.BY_ENTERPRISE,
                corp.epochSecond(),
                content.text(),
                content.attachments());
        createTasks(corp, message, audience.recipients());
        corp.massMessages().add(message);
        ObjectNode answer = Json.object();
        ArrayNode failList = answer.putArray("fail_list");
        audience.failed().forEach(failList::add);
        return answer.put("msgid", message.msgid());
    }

    /** One task per sender; each virtual member's confirmation time is drawn now, from the staff knobs. */
    private static void createTasks(CorpState corp, MassMessage message, List<MassRecipient> recipients) {
        VirtualStaff staff = corp.knobs().virtualStaff();
        RandomStream random = corp.random("staff");
        Map<String, MassTask> tasks = new LinkedHashMap<>();
        for (MassRecipient recipient : recipients) {
            tasks.computeIfAbsent(
                            recipient.userid(),
                            userid -> new MassTask(
                                    userid,
                                    staff.confirmationTime(random, corp.now()).orElse(null)))
                    .add(recipient);
        }
        tasks.values().forEach(message::addTask);
    }

    /** At most three reminders per message within 24 hours. */
    private static ObjectNode remind(ApiRequest request) {
        MassMessage message = message(request);
        if (!message.remind(request.corp().now())) {
            throw ApiError.invalid("already reminded " + MassMessage.MAX_REMINDERS_PER_DAY + " times in 24 hours");
        }
        return Json.object();
    }

    /** Unconfirmed tasks stop; what was sent stays sent. */
    private static ObjectNode cancel(ApiRequest request) {
        message(request).cancel();
        return Json.object();
    }

    static MassMessage message(ApiRequest request) {
        String msgid = request.text("msgid");
        if (msgid.isEmpty()) {
            throw new ApiError(ErrCode.MSGID_MISSING, "msgid is required");
        }
        return request.corp()
                .massMessages()
                .find(msgid)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_MSGID, "no mass message " + msgid));
    }
}
