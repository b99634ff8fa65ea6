package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.transfer.Handover;
import io.moat.wecomsim.transfer.Transfers;
import io.moat.wecomsim.world.CorpState;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handing customers to another member (wecom-api.md §7): on-job (在职继承) and resigned (离职继承). Each customer is
 * answered with its own errcode; accepted ones wait 24 hours of simulated time before they are settled.
 */
final class TransferEndpoints {

    static final int MAX_CUSTOMERS = 100;
    static final int MAX_MESSAGE = 200;
    static final int PAGE = 1000;

    private TransferEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/transfer_customer",
                emptyArrays("customer"),
                request -> start(request, Handover.Kind.ON_JOB));
        endpoints.post(
                "/cgi-bin/externalcontact/resigned/transfer_customer",
                emptyArrays("customer"),
                request -> start(request, Handover.Kind.RESIGNED));
        endpoints.post(
                "/cgi-bin/externalcontact/transfer_result",
                emptyArrays("customer").put("next_cursor", ""),
                request -> result(request, Handover.Kind.ON_JOB));
        endpoints.post(
                "/cgi-bin/externalcontact/resigned/transfer_result",
                emptyArrays("customer").put("next_cursor", ""),
                request -> result(request, Handover.Kind.RESIGNED));
    }

    private static ObjectNode start(ApiRequest request, Handover.Kind kind) {
        CorpState corp = request.corp();
        String handover = request.requiredText("handover_userid");
        String takeover = request.requiredText("takeover_userid");
        checkHandover(corp, handover, kind);
        Staff successor = corp.directory()
                .staff(takeover)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_USERID, "no member " + takeover));
        if (!successor.active()) {
            throw new ApiError(ErrCode.USER_NOT_ACTIVE, takeover + " is not active");
        }
        if (handover.equals(takeover)) {
            throw new ApiError(ErrCode.SAME_HANDOVER_TAKEOVER, "handover and takeover are both " + handover);
        }
        List<String> customers = List.copyOf(new LinkedHashSet<>(request.texts("external_userid")));
        if (customers.isEmpty() || customers.size() > MAX_CUSTOMERS) {
            throw ApiError.invalid("external_userid must hold 1.." + MAX_CUSTOMERS + " customers");
        }
        String message = kind == Handover.Kind.ON_JOB ? request.text("transfer_success_msg") : "";
        CustomerEndpoints.limited(message, "transfer_success_msg", MAX_MESSAGE);
        ObjectNode answer = Json.object();
        ArrayNode results = answer.putArray("customer");
        for (String customer : customers) {
            int errcode = refusal(corp, kind, handover, customer);
            if (errcode == 0) {
                corp.transfers()
                        .add(new Handover(
                                corp.transfers().nextSeq(),
                                kind,
                                handover,
                                takeover,
                                customer,
                                corp.now(),
                                corp.now().plus(Transfers.WAIT),
                                message));
            }
            results.addObject().put("external_userid", customer).put("errcode", errcode);
        }
        return answer;
    }

    /** An on-job handover needs a current member; a resigned one a member who left (40097 otherwise). */
    private static void checkHandover(CorpState corp, String handover, Handover.Kind kind) {
        boolean current = corp.directory().staff(handover).isPresent();
        boolean resigned = corp.resignations().resigned(handover);
        if (kind == Handover.Kind.RESIGNED && current) {
            throw new ApiError(ErrCode.HANDOVER_NOT_RESIGNED, handover + " has not resigned");
        }
        if (kind == Handover.Kind.ON_JOB ? !current : !resigned) {
            throw new ApiError(ErrCode.INVALID_USERID, "no such member " + handover);
        }
    }

    /** The per-customer errcode: 0 accepted, else why not. */
    private static int refusal(CorpState corp, Handover.Kind kind, String handover, String customer) {
        if (corp.customers().customer(customer).isEmpty()) {
            return ErrCode.INVALID_EXTERNAL_USERID.code();
        }
        if (corp.customers().relation(handover, customer).isEmpty()) {
            return ErrCode.NOT_FOLLOWER.code();
        }
        if (corp.transfers().waiting(customer)) {
            return ErrCode.TRANSFERRING.code();
        }
        if (kind == Handover.Kind.ON_JOB && corp.transfers().rationed(customer, corp.now())) {
            return ErrCode.TRANSFER_TOO_OFTEN.code();
        }
        return 0;
    }

    /** takeover_time is the planned moment while waiting (status 2), the settling moment afterwards. */
    private static ObjectNode result(ApiRequest request, Handover.Kind kind) {
        String handover = request.requiredText("handover_userid");
        String takeover = request.requiredText("takeover_userid");
        List<Handover> all = request.corp().transfers().between(kind, handover, takeover);
        int from = (int) Math.min(all.size(), PageCursor.afterSeq(request.text("cursor")));
        int to = Math.min(all.size(), from + PAGE);
        ObjectNode answer = Json.object();
        ArrayNode customers = answer.putArray("customer");
        for (Handover h : all.subList(from, to)) {
            customers
                    .addObject()
                    .put("external_userid", h.externalUserId())
                    .put("status", h.status())
                    .put("takeover_time", h.takeoverTime().getEpochSecond());
        }
        return answer.put("next_cursor", to < all.size() ? PageCursor.ofSeq(to) : "");
    }
}
