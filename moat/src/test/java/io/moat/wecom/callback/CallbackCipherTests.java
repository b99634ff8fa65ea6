package io.moat.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.wecom.callback.CallbackRejected.Reason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The official WXBizMsgCrypt test vectors (shared/wecom-api.md §8) and our own round trips. */
class CallbackCipherTests {

    static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    static final String AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String CORP = "ww1436e0e65a779aee";
    final CallbackCipher cipher = new CallbackCipher(TOKEN, AES_KEY, CORP);

    @Test
    void verifiesAndDecryptsTheOfficialUrlVerificationVector() {
        String echo = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";

        assertThat(cipher.signature("1476416373", "47744683", echo))
                .isEqualTo("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb");
        cipher.verify("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683", echo);
        assertThat(cipher.decrypt(echo)).isEqualTo("1288432023552776189");
    }

    @Test
    void verifiesAndDecryptsTheOfficialMessageVector() {
        String encrypted =
                "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";

        cipher.verify("0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914", encrypted);
        String xml = cipher.decrypt(encrypted);

        assertThat(xml)
                .isEqualTo("<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun"
                        + "</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
                        + "<MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>");
        assertThat(CallbackXml.parse(xml).get("Content")).isEqualTo("你好");
    }

    @Test
    void theDocumentationVectorPadsToThirtyTwoBytes() {
        // 90968's example: a pad of 30 bytes is only possible with a 32-byte block.
        var doc = new CallbackCipher("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
        String sealed = doc.encrypt("x".repeat(10), new byte[16]);
        byte[] bytes = Base64.getDecoder().decode(sealed);
        assertThat(bytes.length % 32).isZero();
        assertThat(doc.decrypt(sealed)).isEqualTo("x".repeat(10));
    }

    @Test
    void roundTripsAnyMessage() {
        for (String message : new String[] {
            "",
            "a",
            "你好，世界",
            "<xml><A><![CDATA[]]]]><![CDATA[>]]></A></xml>",
            "x".repeat(31),
            "x".repeat(32),
            "x".repeat(1000)
        }) {
            assertThat(cipher.decrypt(cipher.encrypt(message, new byte[16]))).isEqualTo(message);
        }
    }

    @Test
    void refusesAMessageForAnotherCorp() {
        var other = new CallbackCipher(TOKEN, AES_KEY, "wwSomeoneElse");
        String sealed = other.encrypt("<xml/>", new byte[16]);

        assertThatThrownBy(() -> cipher.decrypt(sealed))
                .isInstanceOfSatisfying(
                        CallbackRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CORP));
    }

    @Test
    void refusesAForgedSignature() {
        assertThatThrownBy(() -> cipher.verify("0000000000000000000000000000000000000000", "1", "2", "abc"))
                .isInstanceOfSatisfying(
                        CallbackRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @Test
    void urlEncodedEchoStringsDecodeAfterUrlDecoding() {
        String echo = URLDecoder.decode(
                "fsi1xnbH4yQh0%2BPJxcOdhhK6TDXkjMyhEPA7xB2TGz6b%2Bg7xyAbEkRxN%2F3cNXW9qdqjnoVzEtpbhnFyq6SVHyA%3D%3D",
                StandardCharsets.UTF_8);
        assertThat(cipher.decrypt(echo)).isEqualTo("1288432023552776189");
    }
}
