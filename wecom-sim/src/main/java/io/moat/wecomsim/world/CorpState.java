package io.moat.wecomsim.world;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.callbacks.CallbackChannel;
import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.callbacks.CallbackLog;
import io.moat.wecomsim.contacts.ContactWays;
import io.moat.wecomsim.contacts.CustomerBook;
import io.moat.wecomsim.contacts.Directory;
import io.moat.wecomsim.groups.GroupChats;
import io.moat.wecomsim.tags.TagCatalog;
import io.moat.wecomsim.tags.TagConflicts;
import io.moat.wecomsim.welcome.Deliveries;
import io.moat.wecomsim.welcome.WelcomeCodes;
import java.time.Instant;

/**
 * Everything one simulated corp holds. API and control handlers lock it ({@code synchronized (corp)}) for the
 * duration of a call, so each call sees and leaves a consistent corp; pushes and the URL handshake happen outside
 * the lock. Later capabilities (mass messages, Moments, transfers) add their stores here.
 */
public final class CorpState {

    private final String corpId;
    private final App app;
    private final SimClock clock;
    private final CorpIds ids;
    private final Knobs knobs;
    private final CallbackLog callbackLog;
    private final CallbackChannel callbacks;
    private final ApiCallLog apiCalls = new ApiCallLog();
    private final Directory directory = new Directory();
    private final CustomerBook customers = new CustomerBook();
    private final ContactWays contactWays = new ContactWays();
    private final TagCatalog tags = new TagCatalog();
    private final TagConflicts tagConflicts = new TagConflicts();
    private final GroupChats groups = new GroupChats();
    private final WelcomeCodes welcomeCodes = new WelcomeCodes();
    private final Deliveries deliveries = new Deliveries();

    CorpState(
            String corpId,
            App app,
            SimClock clock,
            CorpIds ids,
            Knobs knobs,
            CallbackLog callbackLog,
            CallbackChannel callbacks) {
        this.corpId = corpId;
        this.app = app;
        this.clock = clock;
        this.ids = ids;
        this.knobs = knobs;
        this.callbackLog = callbackLog;
        this.callbacks = callbacks;
    }

    /** Pushes an event to the app's callback URL, if one is verified. API writes never call this. */
    public void emit(CallbackEvent event) {
        callbacks.publish(event);
    }

    public Instant now() {
        return clock.now();
    }

    public long epochSecond() {
        return clock.epochSecond();
    }

    public String corpId() {
        return corpId;
    }

    public App app() {
        return app;
    }

    public CorpIds ids() {
        return ids;
    }

    public Knobs knobs() {
        return knobs;
    }

    public CallbackLog callbackLog() {
        return callbackLog;
    }

    public CallbackChannel callbacks() {
        return callbacks;
    }

    public ApiCallLog apiCalls() {
        return apiCalls;
    }

    public Directory directory() {
        return directory;
    }

    public CustomerBook customers() {
        return customers;
    }

    public ContactWays contactWays() {
        return contactWays;
    }

    public TagCatalog tags() {
        return tags;
    }

    public TagConflicts tagConflicts() {
        return tagConflicts;
    }

    public GroupChats groups() {
        return groups;
    }

    public WelcomeCodes welcomeCodes() {
        return welcomeCodes;
    }

    public Deliveries deliveries() {
        return deliveries;
    }
}
