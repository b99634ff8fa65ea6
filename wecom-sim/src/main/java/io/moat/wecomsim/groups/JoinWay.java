package io.moat.wecomsim.groups;

import java.util.List;

/**
 * A 「加入群聊」 configuration: a QR code (or mini-program plugin) that seats a scanning customer in the first of its
 * groups that is not full, and tags the member with its {@code state}. With auto_create_room a new group named
 * room_base_name + room_base_id (counting up) opens when all are full.
 */
public record JoinWay(
        String configId,
        int scene,
        String remark,
        boolean autoCreateRoom,
        String roomBaseName,
        long roomBaseId,
        List<String> chatIds,
        String state,
        boolean markSource,
        String qrCode) {

    public static final int SCENE_QR_CODE = 2;

    public JoinWay {
        chatIds = List.copyOf(chatIds);
    }

    /** After a room was opened automatically: the next room id and the new group at the end of the list. */
    public JoinWay withRoom(String chatId) {
        List<String> chats = new java.util.ArrayList<>(chatIds);
        chats.add(chatId);
        return new JoinWay(
                configId,
                scene,
                remark,
                autoCreateRoom,
                roomBaseName,
                roomBaseId + 1,
                chats,
                state,
                markSource,
                qrCode);
    }
}
