package io.moat.wecomsim.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventXmlTests {

    @Test
    void addExternalContactLooksLikeTheDocSample() {
        String xml = EventXml.render(
                "ww1436e0e65a779aee",
                1403610513,
                CallbackEvent.addExternalContact("zhangsan", "wmAbc", "teststate", "WELCOMECODE"));

        assertThat(xml)
                .isEqualTo("<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>"
                        + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>"
                        + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>"
                        + "<ChangeType><![CDATA[add_external_contact]]></ChangeType>"
                        + "<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[wmAbc]]></ExternalUserID>"
                        + "<State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>"
                        + "</xml>");
    }

    @Test
    void cdataTerminatorsInValuesSurviveAParser() {
        String tricky = "a]]>b<c>&d]]]>";
        String xml = EventXml.render("corp", 1, CallbackEvent.addExternalContact("u", "e", tricky, ""));

        Map<String, String> fields = CallbackReceiver.fields(xml);

        assertThat(fields.get("State")).isEqualTo(tricky);
        assertThat(fields).doesNotContainKey("WelcomeCode");
    }

    @Test
    void groupUpdatesCarryChatIdBeforeChangeTypeAndItemsForMembers() {
        String xml =
                EventXml.render("corp", 5, CallbackEvent.membersJoined("wrChat", 3, List.of("wmA", "wmB"), "v1", "v2"));

        assertThat(xml)
                .contains("<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrChat]]></ChatId>"
                        + "<ChangeType><![CDATA[update]]></ChangeType>");
        assertThat(xml).contains("<JoinScene>3</JoinScene><MemChangeCnt>2</MemChangeCnt>");
        assertThat(xml)
                .contains("<MemChangeList><Item><![CDATA[wmA]]></Item><Item><![CDATA[wmB]]></Item></MemChangeList>");
        assertThat(CallbackReceiver.fields(xml))
                .containsEntry("MemChangeList", "wmA,wmB")
                .containsEntry("LastMemVer", "v1")
                .containsEntry("CurMemVer", "v2");
    }

    @Test
    void tagEventsCarryIdAndTagType() {
        Map<String, String> fields =
                CallbackReceiver.fields(EventXml.render("corp", 5, CallbackEvent.tag("create", "etX", "tag_group")));

        assertThat(fields)
                .containsEntry("Event", "change_external_tag")
                .containsEntry("Id", "etX")
                .containsEntry("TagType", "tag_group")
                .containsEntry("ChangeType", "create");
    }
}
