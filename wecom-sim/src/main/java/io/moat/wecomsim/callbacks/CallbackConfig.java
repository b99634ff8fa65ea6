package io.moat.wecomsim.callbacks;

import io.moat.wecomsim.crypto.MsgCrypt;
import java.util.Objects;

/** Where and how a corp's app receives events: the URL, Token and EncodingAESKey set in the admin console. */
public record CallbackConfig(String url, String token, String encodingAesKey) {

    public CallbackConfig {
        Objects.requireNonNull(url, "callbackUrl");
        Objects.requireNonNull(token, "token");
        MsgCrypt.aesKey(encodingAesKey);
    }

    public MsgCrypt crypt(String corpId) {
        return new MsgCrypt(token, encodingAesKey, corpId);
    }

    /** Appends the signature parameters, keeping any query the URL already has. */
    public String urlWith(String query) {
        return url + (url.contains("?") ? "&" : "?") + query;
    }
}
