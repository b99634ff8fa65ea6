package io.moat.wecomsim.api;

/** Every endpoint the simulator serves; each capability registers its own. */
public final class WecomApiSurface {

    private WecomApiSurface() {}

    public static ApiEndpoints all() {
        ApiEndpoints endpoints = new ApiEndpoints();
        DirectoryEndpoints.register(endpoints);
        CustomerEndpoints.register(endpoints);
        CorpTagEndpoints.register(endpoints);
        ContactWayEndpoints.register(endpoints);
        WelcomeEndpoints.register(endpoints);
        GroupChatEndpoints.register(endpoints);
        MassMessageEndpoints.register(endpoints);
        MassResultEndpoints.register(endpoints);
        StatisticEndpoints.register(endpoints);
        TransferEndpoints.register(endpoints);
        UnassignedEndpoints.register(endpoints);
        GroupTransferEndpoints.register(endpoints);
        JoinWayEndpoints.register(endpoints);
        GroupWelcomeEndpoints.register(endpoints);
        MomentEndpoints.register(endpoints);
        MomentQueryEndpoints.register(endpoints);
        AppMessageEndpoints.register(endpoints);
        return endpoints;
    }
}
