package io.moat.wecomsim.api;

/** Every endpoint the simulator serves in this pass. Later capabilities register theirs here too. */
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
        return endpoints;
    }
}
