package io.moat.wecomsim.callbacks;

import java.util.List;

/** Writes an event as the plaintext XML WeCom encrypts and pushes. */
public final class EventXml {

    private EventXml() {}

    public static String render(String corpId, long createTime, CallbackEvent event) {
        StringBuilder xml = new StringBuilder(512).append("<xml>");
        cdata(xml, "ToUserName", corpId);
        cdata(xml, "FromUserName", "sys");
        xml.append("<CreateTime>").append(createTime).append("</CreateTime>");
        cdata(xml, "MsgType", "event");
        cdata(xml, "Event", event.event());
        fields(xml, event.leading());
        cdata(xml, "ChangeType", event.changeType());
        fields(xml, event.trailing());
        return xml.append("</xml>").toString();
    }

    private static void fields(StringBuilder xml, List<EventField> fields) {
        for (EventField field : fields) {
            switch (field) {
                case EventField.Text text -> cdata(xml, text.name(), text.value());
                case EventField.Number number ->
                    xml.append('<')
                            .append(number.name())
                            .append('>')
                            .append(number.value())
                            .append("</")
                            .append(number.name())
                            .append('>');
                case EventField.Items items -> {
                    xml.append('<').append(items.name()).append('>');
                    for (String value : items.values()) {
                        cdata(xml, "Item", value);
                    }
                    xml.append("</").append(items.name()).append('>');
                }
            }
        }
    }

    static void cdata(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>');
        cdata(xml, value);
        xml.append("</").append(name).append('>');
    }

    /**
     * CDATA cannot contain "]]>", so such text is split across two sections: "]]" stays in the first, "&gt;" opens the
     * second. Any XML parser joins them back into the original string.
     */
    public static void cdata(StringBuilder xml, String value) {
        xml.append("<![CDATA[").append(value.replace("]]>", "]]]]><![CDATA[>")).append("]]>");
    }
}
