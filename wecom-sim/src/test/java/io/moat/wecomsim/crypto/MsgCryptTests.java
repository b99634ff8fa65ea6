package io.moat.wecomsim.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The official WXBizMsgCrypt sample vectors (wecom-api.md §8) and the properties a receiver relies on. */
class MsgCryptTests {

    static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    static final String AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    static final String CORP_ID = "ww1436e0e65a779aee";

    static final String VERIFY_TIMESTAMP = "1476416373";
    static final String VERIFY_NONCE = "47744683";
    static final String VERIFY_ECHOSTR =
            "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
    static final String VERIFY_SIGNATURE = "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb";

    static final String MSG_TIMESTAMP = "1476422779";
    static final String MSG_NONCE = "1597212914";
    static final String MSG_ENCRYPT =
            "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3Ny"
                    + "eTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4"
                    + "Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6"
                    + "iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";
    static final String MSG_SIGNATURE = "0c3914025cb4b4d68103f6bfc8db550f79dcf48e";
    static final String MSG_PLAINTEXT = "<xml><ToUserName>ww1436e0e65a779aee</ToUserName>"
            + "<FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime>"
            + "<MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>";

    final MsgCrypt crypt = new MsgCrypt(TOKEN, AES_KEY, CORP_ID);

    @Test
    void verifyUrlVectorSignsAndDecrypts() {
        assertThat(crypt.sign(VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR)).isEqualTo(VERIFY_SIGNATURE);
        assertThat(crypt.verifyAndDecrypt(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR))
                .isEqualTo("1288432023552776189");
    }

    @Test
    void verifyUrlVectorIsPaddedToThirtyTwoBytesWithPadByteSeven() throws Exception {
        byte[] key = MsgCrypt.aesKey(AES_KEY);
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new IvParameterSpec(java.util.Arrays.copyOf(key, 16)));
        byte[] plain = cipher.doFinal(Base64.getDecoder().decode(VERIFY_ECHOSTR));

        assertThat(plain.length % Pkcs7Padding.BLOCK_SIZE).isZero();
        assertThat(plain[plain.length - 1]).isEqualTo((byte) 7);
    }

    @Test
    void decryptMsgVectorSignsAndDecrypts() {
        assertThat(crypt.sign(MSG_TIMESTAMP, MSG_NONCE, MSG_ENCRYPT)).isEqualTo(MSG_SIGNATURE);
        assertThat(crypt.verifyAndDecrypt(MSG_SIGNATURE, MSG_TIMESTAMP, MSG_NONCE, MSG_ENCRYPT))
                .isEqualTo(MSG_PLAINTEXT);
    }

    @Test
    void signatureDoesNotDependOnTheOrderOfItsParts() {
        assertThat(MsgSignature.of(VERIFY_NONCE, VERIFY_ECHOSTR, TOKEN, VERIFY_TIMESTAMP))
                .isEqualTo(VERIFY_SIGNATURE);
    }

    @Test
    void ourEncryptionOfTheVectorPlaintextDecryptsWithTheVectorKey() {
        byte[] random = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String encrypted = crypt.encrypt(MSG_PLAINTEXT, random);

        assertThat(new MsgCrypt(TOKEN, AES_KEY, CORP_ID).decrypt(encrypted)).isEqualTo(MSG_PLAINTEXT);
    }

    @Test
    void aMessageForAnotherCorpIsRejected() {
        String encrypted = new MsgCrypt(TOKEN, AES_KEY, "wwsomeoneelse").encrypt("<xml/>", new byte[16]);

        assertThatThrownBy(() -> crypt.decrypt(encrypted))
                .isInstanceOf(CryptoFailure.class)
                .hasMessageContaining("wwsomeoneelse");
    }

    @Test
    void aTamperedSignatureIsRejected() {
        assertThatThrownBy(() -> crypt.verifyAndDecrypt(
                        VERIFY_SIGNATURE.replace('0', '1'), VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR))
                .isInstanceOf(CryptoFailure.class);
    }

    @Test
    void anEncodingAesKeyMustBeFortyThreeCharacters() {
        assertThatThrownBy(() -> new MsgCrypt(TOKEN, AES_KEY.substring(1), CORP_ID))
                .isInstanceOf(CryptoFailure.class);
    }

    @Test
    void paddingFillsAWholeBlockWhenTheDataIsAlreadyAligned() {
        byte[] padded = Pkcs7Padding.pad(new byte[64]);

        assertThat(padded).hasSize(96);
        assertThat(padded[95]).isEqualTo((byte) 32);
        assertThat(Pkcs7Padding.unpad(padded)).hasSize(64);
    }

    @Test
    void inconsistentPaddingIsRejected() {
        byte[] padded = Pkcs7Padding.pad(new byte[10]);
        padded[padded.length - 2] = 1;

        assertThatThrownBy(() -> Pkcs7Padding.unpad(padded)).isInstanceOf(CryptoFailure.class);
    }
}
