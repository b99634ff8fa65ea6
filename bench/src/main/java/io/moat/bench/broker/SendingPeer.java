package io.moat.bench.broker;

import io.moat.wecom.client.BenchWecomApi;
import io.moat.wecom.client.QuotaGovernor;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.bean.external.WxCpMsgTemplate;
import me.chanjar.weixin.cp.bean.external.msg.Text;
import me.chanjar.weixin.cp.bean.message.WxCpMessage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * One B6 sender in a JVM of its own (so its process CPU time is its own), run by {@link SendingBenchmark}. Both peers
 * have an endless backlog: a personalised 1:1 message per customer (one {@code add_msg_template} each, since the
 * text differs per customer) and notices for every staff member (more than the 30 a minute WeCom lets one member
 * receive). They send for {@code warm} seconds uncounted, then for {@code seconds}, and print one {@code RESULT} line
 * with the calls served in the counted window and the process CPU time used in it.
 *
 * <ul>
 *   <li>{@code moat}: Moat's production client (WecomApi → WecomCalls → QuotaGovernor, WxJava with the pool
 *       WecomClients sets), calls made concurrently from virtual threads (256 for tasks, one per member for notices,
 *       as the schedule's lanes and NoticeDelivery's per-member lock make them), the member's 30 a minute kept with a
 *       governor of 29 a minute per member (NoticeDelivery keeps it with its own count in the database).
 *   <li>{@code naive}: a fixed pool of 256 threads for tasks and 16 for notices on the same WxJava client and pool,
 *       sending as fast as answers come back; a 45009 makes that thread sleep a second (the usual advice).
 * </ul>
 */
public final class SendingPeer {

    record Target(String staff, String externalUserId) {}

    /** Why Moat's task calls failed with -1 (a 502, or a failure in transit), by message. */
    static final Map<String, AtomicLong> FAILURES = new ConcurrentHashMap<>();

    /**
     * Calls in flight for tasks. The cap needs 167 a second; at 50–200 ms of latency 48 lanes would do, but on a
     * loaded machine an answer can take 800 ms (96 lanes then made 118 calls a second, 71 % of the cap, at load
     * 35–45 on 23 Nov 2026; 160 lanes made 64 a second at load 32, each call taking 1.5–4.5 s), so there are
     * lanes for 1.5 s worth of calls. The governor, not the lanes, sets Moat's pace; both peers get the same lanes.
     */
    static final int TASK_LANES = 256;

    public static void main(String[] args) throws Exception {
        quietLogs();
        String mode = args[0];
        String base = args[1];
        String corp = args[2];
        String secret = args[3];
        int seconds = Integer.parseInt(args[4]);
        int cap = Integer.parseInt(args[6]);
        int warm = Integer.parseInt(args[7]);
        List<Target> targets = Files.readAllLines(Path.of(args[5])).stream()
                .map(line -> line.split("\t"))
                .map(parts -> new Target(parts[0], parts[1]))
                .toList();
        List<String> staff = targets.stream().map(Target::staff).distinct().toList();
        Sender sender =
                mode.equals("moat") ? new MoatSender(base, corp, secret, cap) : new NaiveSender(base, corp, secret);
        sender.warm();

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // the first `warm` seconds send as the rest do (JIT, connections) but are not counted
        long sendingFrom = System.nanoTime();
        long warmUntil = sendingFrom + Duration.ofSeconds(warm).toNanos();
        long deadline = warmUntil + Duration.ofSeconds(seconds).toNanos();
        var measuring = new java.util.concurrent.atomic.AtomicBoolean();
        var cpuStart = new AtomicLong();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(warmUntil - System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
            cpuStart.set(os.getProcessCpuTime());
            measuring.set(true);
        });
        var next = new AtomicLong();
        var lastTaskAnswer = new AtomicLong(sendingFrom);
        var tasksOk = new AtomicLong();
        var tasksOkWarming = new AtomicLong();
        var noticesOk = new AtomicLong();
        // per 10 s of sending: task answers and their summed time (governor wait + exchange), to see whether the
        // pace holds over the run or falls as the sim's state grows
        int slices = (warm + seconds) / 10 + 2;
        var sliceCalls = new java.util.concurrent.atomic.AtomicLongArray(slices);
        var sliceNanos = new java.util.concurrent.atomic.AtomicLongArray(slices);
        Map<Integer, AtomicLong> taskErrors = new ConcurrentHashMap<>();
        Map<Integer, AtomicLong> noticeErrors = new ConcurrentHashMap<>();
        List<Runnable> jobs = new ArrayList<>();
        for (int lane = 0; lane < TASK_LANES; lane++) {
            jobs.add(() -> {
                while (System.nanoTime() < deadline) {
                    long k = next.getAndIncrement();
                    Target target = targets.get((int) (k % targets.size()));
                    long started = System.nanoTime();
                    int code = sender.task(target, "亲爱的顾客，您的专属福利第 " + k + " 号已到账，回复 TD 退订");
                    long answered = System.nanoTime();
                    lastTaskAnswer.accumulateAndGet(answered, Math::max);
                    int slice = (int) Math.min(slices - 1, (answered - sendingFrom) / 10_000_000_000L);
                    sliceCalls.incrementAndGet(slice);
                    sliceNanos.addAndGet(slice, answered - started);
                    if (measuring.get()) {
                        count(code, tasksOk, taskErrors);
                    } else if (code == 0) {
                        tasksOkWarming.incrementAndGet();
                    }
                }
            });
        }
        var noticeSeq = new AtomicLong();
        List<Runnable> noticeJobs = sender.noticeJobs(
                staff,
                deadline,
                () -> {
                    long n = noticeSeq.getAndIncrement();
                    return "您有新的群发任务待确认（第 " + n + " 条）";
                },
                code -> count(code, noticesOk, noticeErrors));
        jobs.addAll(noticeJobs);
        sender.run(jobs);
        double total = (System.nanoTime() - sendingFrom) / 1e9;
        double taskSpan = (lastTaskAnswer.get() - sendingFrom) / 1e9;
        double wall = (System.nanoTime() - warmUntil) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart.get()) / 1e9;
        StringBuilder paces = new StringBuilder();
        for (int i = 0; i < slices; i++) {
            long n = sliceCalls.get(i);
            if (n > 0) {
                paces.append(String.format(" %d:%d/%.0fms", i * 10, n, sliceNanos.get(i) / 1e6 / n));
            }
        }
        FAILURES.forEach((why, n) -> System.out.println("FAILED " + n + " x " + why));
        System.out.println("PACE (10 s slices: task answers / mean time a call took)" + paces);
        System.out.printf(
                "RESULT mode=%s total=%.2f taskSpan=%.2f wall=%.2f cpu=%.3f tasksOk=%d tasksOkWarming=%d noticesOk=%d"
                        + " taskErrors=%s noticeErrors=%s%n",
                mode,
                total,
                taskSpan,
                wall,
                cpu,
                tasksOk.get(),
                tasksOkWarming.get(),
                noticesOk.get(),
                counts(taskErrors),
                counts(noticeErrors));
        System.exit(0);
    }

    static void count(int code, AtomicLong ok, Map<Integer, AtomicLong> errors) {
        if (code == 0) {
            ok.incrementAndGet();
        } else {
            errors.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        }
    }

    static String counts(Map<Integer, AtomicLong> errors) {
        Map<Integer, Long> sorted = new TreeMap<>();
        errors.forEach((code, n) -> sorted.put(code, n.get()));
        return sorted.toString().replace(" ", "");
    }

    interface Sender {
        void warm() throws Exception;

        /** One task for one customer; answers 0 or the errcode (-1 for a failure in transit). */
        int task(Target target, String text);

        List<Runnable> noticeJobs(
                List<String> staff,
                long deadline,
                java.util.function.Supplier<String> text,
                java.util.function.IntConsumer result);

        void run(List<Runnable> jobs) throws InterruptedException;
    }

    /** Moat's client on virtual threads. */
    static final class MoatSender implements Sender {
        private final WecomApi api;
        private final String corp;
        private final QuotaGovernor perMember;

        MoatSender(String base, String corp, String secret, int cap) {
            this.api = BenchWecomApi.create(base, corp, secret, 1000002, cap);
            this.corp = corp;
            // at most 29 in any 61 s: WeCom's 30 a minute per member, with a second of transit spread
            this.perMember = new QuotaGovernor(29, Duration.ofSeconds(1), 1_000, 1, Clock.systemUTC(), Thread::sleep);
        }

        @Override
        public void warm() {
            api.checkToken();
        }

        @Override
        public int task(Target target, String text) {
            try {
                api.addMassTask("single", target.staff(), List.of(target.externalUserId()), List.of(), text, List.of());
                return 0;
            } catch (WecomApiException e) {
                if (e.errcode() == -1) {
                    String why = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause());
                    FAILURES.computeIfAbsent(why.substring(0, Math.min(why.length(), 120)), k -> new AtomicLong())
                            .incrementAndGet();
                }
                return e.errcode();
            }
        }

        @Override
        public List<Runnable> noticeJobs(
                List<String> staff,
                long deadline,
                java.util.function.Supplier<String> text,
                java.util.function.IntConsumer result) {
            List<Runnable> jobs = new ArrayList<>();
            for (String member : staff) {
                jobs.add(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            perMember.acquire(corp, "/cgi-bin/message/send " + member);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (System.nanoTime() >= deadline) {
                            return;
                        }
                        try {
                            api.sendAppText(List.of(member), text.get());
                            result.accept(0);
                        } catch (WecomApiException e) {
                            result.accept(e.errcode());
                        }
                    }
                });
            }
            return jobs;
        }

        @Override
        public void run(List<Runnable> jobs) throws InterruptedException {
            List<Thread> threads =
                    jobs.stream().map(job -> Thread.ofVirtual().start(job)).toList();
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** Plain WxJava on fixed thread pools, no governor. */
    static final class NaiveSender implements Sender {
        private final WxCpServiceImpl service;

        NaiveSender(String base, String corp, String secret) {
            var storage = new WxCpDefaultConfigImpl();
            storage.setCorpId(corp);
            storage.setCorpSecret(secret);
            storage.setAgentId(1000002);
            storage.setBaseApiUrl(base);
            var http = me.chanjar.weixin.common.util.http.apache.DefaultApacheHttpClientBuilder.get();
            http.setMaxConnPerHost(64);
            http.setMaxTotalConn(256);
            storage.setApacheHttpClientBuilder(http);
            this.service = new WxCpServiceImpl();
            service.setWxCpConfigStorage(storage);
            service.setMaxRetryTimes(1);
            service.setRetrySleepMillis(0);
        }

        @Override
        public void warm() throws Exception {
            service.getAccessToken(true);
        }

        @Override
        public int task(Target target, String text) {
            var content = new Text();
            content.setContent(text);
            var template = new WxCpMsgTemplate();
            template.setChatType("single");
            template.setSender(target.staff());
            template.setExternalUserid(List.of(target.externalUserId()));
            template.setText(content);
            return call(() -> service.getExternalContactService().addMsgTemplate(template));
        }

        @Override
        public List<Runnable> noticeJobs(
                List<String> staff,
                long deadline,
                java.util.function.Supplier<String> text,
                java.util.function.IntConsumer result) {
            var next = new AtomicLong();
            List<Runnable> jobs = new ArrayList<>();
            for (int lane = 0; lane < 16; lane++) {
                jobs.add(() -> {
                    while (System.nanoTime() < deadline) {
                        String member = staff.get((int) (next.getAndIncrement() % staff.size()));
                        var message = WxCpMessage.TEXT()
                                .toUser(member)
                                .content(text.get())
                                .build();
                        result.accept(call(() -> service.getMessageService().send(message)));
                    }
                });
            }
            return jobs;
        }

        interface WxCall {
            Object run() throws WxErrorException;
        }

        private static int call(WxCall call) {
            try {
                call.run();
                return 0;
            } catch (WxErrorException e) {
                int code = e.getError() == null ? -1 : e.getError().getErrorCode();
                if (code == 45009) {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                return code;
            } catch (RuntimeException e) {
                return -1;
            }
        }

        @Override
        public void run(List<Runnable> jobs) throws InterruptedException {
            try (ExecutorService tasks = Executors.newFixedThreadPool(TASK_LANES);
                    ExecutorService notices = Executors.newFixedThreadPool(16)) {
                for (int i = 0; i < jobs.size(); i++) {
                    (i < TASK_LANES ? tasks : notices).submit(jobs.get(i));
                }
            }
        }
    }

    /** WxJava logs every request at debug; the benchmark measures sending, not logging. */
    static void quietLogs() {
        var root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private SendingPeer() {}
}
