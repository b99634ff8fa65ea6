package io.moat.wecomsim.world;

import io.moat.wecomsim.random.RandomStream;

/** Mints a corp's ids in the shapes WeCom's official examples show. All come from the corp's own seeded stream. */
public final class CorpIds {

    private final RandomStream random;

    CorpIds(RandomStream random) {
        this.random = random;
    }

    /** {@code wm} + 30 characters, 32 in all, like {@code wmqfasd1e1927831291723123109rAAA}. */
    public String externalUserId() {
        return "wm" + random.alnum(30);
    }

    /** {@code wr} + 28 characters, like {@code wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA}. */
    public String chatId() {
        return "wr" + random.alnum(28);
    }

    /** Tag and tag-group ids: {@code et} + 30 characters. */
    public String tagId() {
        return "et" + random.alnum(30);
    }

    /** 32 hex digits, like {@code 42b34949e138eb6e027c123cba77fAAA}. */
    public String configId() {
        return random.hex(32);
    }

    public String welcomeCode() {
        return random.alnum(43);
    }

    /** 32 hex digits, like the doc's {@code 71217227bbd112ecfe3a49c482195cb4}. */
    public String memberVersion() {
        return random.hex(32);
    }

    public String avatarUrl() {
        return "http://wx.qlogo.cn/mmhead/" + random.alnum(40) + "/0";
    }

    public String qrCodeUrl() {
        return "https://wework.qpic.cn/wwpic/" + random.digits(6) + "_" + random.alnum(22) + "/0";
    }

    /** Mass message ids: {@code msg} + 25 characters, like {@code msgGCAAAXtWyujaWJHDDGi0mAAAA}. */
    public String msgid() {
        return "msg" + random.alnum(25);
    }

    /** Moment ids: {@code mom} + 25 characters. */
    public String momentId() {
        return "mom" + random.alnum(25);
    }

    /** add_moment_task job ids (at most 64 bytes). */
    public String jobId() {
        return random.alnum(32);
    }

    /** A rotation start for a new multi-member contact way, so which member gets the first scan is seeded too. */
    public int rotationStart(int bound) {
        return random.nextInt(bound);
    }
}
