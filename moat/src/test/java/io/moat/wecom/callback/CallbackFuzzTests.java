package io.moat.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile input never escapes as an unexpected exception: the decryptor and the XML reader either return or
 * refuse with a defined {@link CallbackRejected.Reason}. Together these properties try well over 100,000 inputs.
 */
class CallbackFuzzTests {

    final CallbackCipher cipher =
            new CallbackCipher(CallbackCipherTests.TOKEN, CallbackCipherTests.AES_KEY, CallbackCipherTests.CORP);

    @Property(tries = 40_000)
    void arbitraryTextIsRefusedCleanly(@ForAll @StringLength(max = 300) String input) {
        assertOnlyDefinedOutcomes(() -> cipher.decrypt(input));
    }

    @Property(tries = 40_000)
    void arbitraryBytesAsCiphertextAreRefusedCleanly(@ForAll("blocks") byte[] bytes) {
        assertOnlyDefinedOutcomes(() -> cipher.decrypt(Base64.getEncoder().encodeToString(bytes)));
    }

    @Property(tries = 20_000)
    void bitFlipsInAValidCiphertextAreRefusedOrDecryptCleanly(@ForAll("flips") int[] flip) {
        byte[] sealed = Base64.getDecoder().decode(cipher.encrypt("<xml><Event>add</Event></xml>", new byte[16]));
        sealed[flip[0] % sealed.length] ^= (byte) (1 << (flip[1] % 8));
        assertOnlyDefinedOutcomes(() -> cipher.decrypt(Base64.getEncoder().encodeToString(sealed)));
    }

    @Property(tries = 30_000)
    void arbitraryXmlIsParsedOrRefusedCleanly(@ForAll("xmlish") String input) {
        assertOnlyDefinedOutcomes(() -> CallbackXml.parse(input));
    }

    @Property(tries = 500)
    void entityExpansionAndExternalEntitiesAreRefused(@ForAll("entityAttacks") String input) {
        try {
            CallbackXml.parse(input);
            throw new AssertionError("a DOCTYPE was accepted: " + input);
        } catch (CallbackRejected e) {
            assertThat(e.reason()).isEqualTo(CallbackRejected.Reason.MALFORMED_XML);
        }
    }

    @Provide
    Arbitrary<byte[]> blocks() {
        return Arbitraries.integers()
                .between(1, 12)
                .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n * 16));
    }

    @Provide
    Arbitrary<int[]> flips() {
        return Arbitraries.integers().between(0, 10_000).array(int[].class).ofSize(2);
    }

    @Provide
    Arbitrary<String> xmlish() {
        Arbitrary<String> pieces = Arbitraries.of(
                "<xml>",
                "</xml>",
                "<A>",
                "</A>",
                "<Item>",
                "</Item>",
                "<![CDATA[",
                "]]>",
                "&amp;",
                "&",
                "<",
                ">",
                "<?xml version=\"1.0\"?>",
                "<!--",
                "-->",
                "text",
                "你好",
                "\u0000",
                "\"",
                "'",
                "<MemChangeList>",
                "</MemChangeList>",
                " ");
        return pieces.list().ofMaxSize(25).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> entityAttacks() {
        return Arbitraries.of(
                "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><A>&e;</A></xml>",
                "<!DOCTYPE xml [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><xml><A>&b;</A></xml>",
                "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/x.dtd\"><xml/>");
    }

    private static void assertOnlyDefinedOutcomes(Runnable call) {
        try {
            call.run();
        } catch (CallbackRejected e) {
            assertThat(e.reason()).isNotNull();
        }
    }
}
