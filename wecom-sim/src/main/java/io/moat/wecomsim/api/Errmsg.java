package io.moat.wecomsim.api;

import io.moat.wecomsim.random.RandomStream;

/**
 * WeCom's errmsg: {@code <text>, hint: [<unix>_<n>_<32 hex>], from ip: <caller>, more info at
 * https://open.work.weixin.qq.com/devtool/query?e=<code>}. Clients must not parse it, but logs and people read it.
 */
public final class Errmsg {

    private final RandomStream random;

    public Errmsg(RandomStream random) {
        this.random = random;
    }

    public String of(int errcode, long epochSecond, String ip) {
        return ErrCode.textOf(errcode) + ", hint: [" + epochSecond + "_" + (10 + random.nextInt(90)) + "_"
                + random.hex(32) + "], from ip: " + ip
                + ", more info at https://open.work.weixin.qq.com/devtool/query?e=" + errcode;
    }
}
