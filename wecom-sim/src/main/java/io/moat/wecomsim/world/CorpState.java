package io.moat.wecomsim.world;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.archive.ChatArchive;
import io.moat.wecomsim.callbacks.CallbackChannel;
import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.callbacks.CallbackLog;
import io.moat.wecomsim.commerce.Orders;
import io.moat.wecomsim.contacts.ContactWays;
import io.moat.wecomsim.contacts.CustomerBook;
import io.moat.wecomsim.contacts.Directory;
import io.moat.wecomsim.groups.GroupChats;
import io.moat.wecomsim.groups.JoinWays;
import io.moat.wecomsim.mass.MassDispatch;
import io.moat.wecomsim.mass.MassMessages;
import io.moat.wecomsim.moments.MomentPublishing;
import io.moat.wecomsim.moments.Moments;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.random.SeededRandomness;
import io.moat.wecomsim.tags.PersonalTags;
import io.moat.wecomsim.tags.TagCatalog;
import io.moat.wecomsim.tags.TagConflicts;
import io.moat.wecomsim.transfer.GroupInheritance;
import io.moat.wecomsim.transfer.Resignations;
import io.moat.wecomsim.transfer.TransferSettlement;
import io.moat.wecomsim.transfer.Transfers;
import io.moat.wecomsim.welcome.Deliveries;
import io.moat.wecomsim.welcome.GroupWelcomeTemplates;
import io.moat.wecomsim.welcome.WelcomeCodes;
import java.time.Instant;
import java.util.List;

/**
 * Everything one simulated corp holds. API and control handlers lock it ({@code synchronized (corp)}) for the
 * duration of a call, so each call sees and leaves a consistent corp; pushes and the URL handshake happen outside
 * the lock.
 *
 * <p>Some things happen when simulated time passes a moment (a member confirms a mass message, a transfer takes
 * over). They are evaluated lazily: {@link #catchUp} runs before every API and control call on the corp and after
 * every clock move, so a reader never sees a state older than the clock.
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
    private final PersonalTags personalTags = new PersonalTags();
    private final GroupChats groups = new GroupChats();
    private final WelcomeCodes welcomeCodes = new WelcomeCodes();
    private final Deliveries deliveries = new Deliveries();
    private final io.moat.wecomsim.appmsg.StaffMessageLimits appMessageLimits =
            new io.moat.wecomsim.appmsg.StaffMessageLimits();
    private final io.moat.wecomsim.appmsg.DuplicateChecks appMessageDuplicates =
            new io.moat.wecomsim.appmsg.DuplicateChecks();
    private final MassMessages massMessages = new MassMessages();
    private final JoinWays joinWays = new JoinWays();
    private final GroupWelcomeTemplates groupWelcomeTemplates = new GroupWelcomeTemplates();
    private final Moments moments = new Moments();
    private final Orders orders = new Orders();
    private final Transfers transfers = new Transfers();
    private final Resignations resignations = new Resignations();
    private final GroupInheritance groupInheritance = new GroupInheritance();
    private final SeededRandomness randomness;
    private final ChatArchive archive;

    CorpState(
            String corpId,
            App app,
            SimClock clock,
            CorpIds ids,
            Knobs knobs,
            CallbackLog callbackLog,
            CallbackChannel callbacks,
            SeededRandomness randomness) {
        this.corpId = corpId;
        this.randomness = randomness;
        this.archive = new ChatArchive(random("archive"));
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

    /** Lets everything that fell due up to now happen. Callers hold the corp's lock. */
    public void catchUp() {
        Due.runAll(List.of(
                () -> MassDispatch.next(this), () -> TransferSettlement.next(this), () -> MomentPublishing.next(this)));
    }

    /**
     * The corp's own seeded stream for one purpose (e.g. "staff"), so that drawing for one behaviour never shifts
     * the ids or the draws of another.
     */
    public RandomStream random(String purpose) {
        return randomness.stream(purpose + "/" + corpId);
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

    public PersonalTags personalTags() {
        return personalTags;
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

    /** App messages each member received, against WeCom's per-member limits. */
    public io.moat.wecomsim.appmsg.StaffMessageLimits appMessageLimits() {
        return appMessageLimits;
    }

    public io.moat.wecomsim.appmsg.DuplicateChecks appMessageDuplicates() {
        return appMessageDuplicates;
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    public ChatArchive archive() {
        return archive;
    }

    public MassMessages massMessages() {
        return massMessages;
    }

    public JoinWays joinWays() {
        return joinWays;
    }

    public GroupWelcomeTemplates groupWelcomeTemplates() {
        return groupWelcomeTemplates;
    }

    public Moments moments() {
        return moments;
    }

    public Orders orders() {
        return orders;
    }

    public Transfers transfers() {
        return transfers;
    }

    public Resignations resignations() {
        return resignations;
    }

    public GroupInheritance groupInheritance() {
        return groupInheritance;
    }
}
