package io.moat.wecom.archive;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where archived chat messages (会话存档) come from, already decrypted. WeCom delivers them only through a native
 * SDK (libWeWorkFinanceSdk_C.so: GetChatData, RSA-decrypt the random key, DecryptData), which is not plain HTTP;
 * so Moat reads them from a source behind this interface: the JSON feed of wecom-sim, or of a sidecar that runs
 * the native SDK next to Moat (see docs/wecom.md).
 */
public interface GroupMessageSource {

    /** Up to {@code limit} messages after sequence number {@code afterSeq}, in sequence order. */
    List<ArchivedMessage> after(long afterSeq, int limit);

    /** One decrypted archive entry. {@code roomId} is empty for one-to-one chats. */
    record ArchivedMessage(
            long seq,
            String msgId,
            String action,
            String from,
            @Nullable String roomId,
            Instant sentAt,
            String type,
            @Nullable String content) {}
}
