package io.moat.wecomsim.crypto;

import java.util.Arrays;

/**
 * PKCS#7 padding to a 32-byte block, as WeCom's WXBizMsgCrypt does: AES works on 16-byte blocks, but the official
 * library pads to the key length, so a message already 32-aligned gets a whole block of 32s. A 16-byte block would
 * still encrypt, yet the receiver's unpadding would disagree with WeCom's.
 */
public final class Pkcs7Padding {

    public static final int BLOCK_SIZE = 32;

    private Pkcs7Padding() {}

    public static byte[] pad(byte[] data) {
        int padLength = BLOCK_SIZE - (data.length % BLOCK_SIZE);
        byte[] padded = Arrays.copyOf(data, data.length + padLength);
        Arrays.fill(padded, data.length, padded.length, (byte) padLength);
        return padded;
    }

    public static byte[] unpad(byte[] data) {
        if (data.length == 0) {
            throw new CryptoFailure("nothing to unpad");
        }
        int padLength = data[data.length - 1] & 0xff;
        if (padLength < 1 || padLength > BLOCK_SIZE || padLength > data.length) {
            throw new CryptoFailure("bad PKCS#7 padding length " + padLength);
        }
        for (int i = data.length - padLength; i < data.length; i++) {
            if ((data[i] & 0xff) != padLength) {
                throw new CryptoFailure("inconsistent PKCS#7 padding");
            }
        }
        return Arrays.copyOf(data, data.length - padLength);
    }
}
