package io.moat.journeys.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.journeys.templates.JourneyTemplates;
import io.moat.shared.Problem;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class DefinitionJsonTests {

    static final BiConsumer<JsonNode, String> ANY_CONDITION = (node, field) -> {};

    static JourneyDefinition parse(String json) {
        return DefinitionJson.parse(json, ANY_CONDITION);
    }

    @Test
    void everyTemplateReadsAndWritesBackTheSameDefinition() {
        for (var template : JourneyTemplates.all()) {
            JourneyDefinition read = parse(template.definition());
            String written = DefinitionJson.text(read);
            assertThat(parse(written)).as(template.key()).isEqualTo(read);
            assertThat(DefinitionJson.text(parse(written))).isEqualTo(written);
        }
    }

    @Test
    void readsTheNestedStepTree() {
        JourneyDefinition definition = parse("""
                {"trigger":{"type":"customerAdded","channels":["pkg","pkg"]},"entry":{"type":"oncePer","days":30},
                 "exitOn":["orderPaid"],
                 "steps":[{"id":"a","type":"waitUntil","time":"09:30","days":["sat","SUN"]},
                          {"id":"s","type":"split","holdoutPercent":10,"arms":[
                             {"name":"A","percent":45,"steps":[{"id":"a1","type":"sendMessage","text":" hi "}]},
                             {"name":"B","percent":45,"steps":[{"id":"b1","type":"wait","hours":2,"minutes":30}]}]},
                          {"id":"x","type":"exit"}]}
                """);
        assertThat(definition.trigger()).isEqualTo(new Trigger.CustomerAdded(java.util.List.of("pkg")));
        assertThat(definition.entry()).isEqualTo(new EntryRule.OncePer(30));
        assertThat(definition.exitOn()).containsExactly(JourneyEvent.ORDER_PAID);
        assertThat(definition.allSteps()).extracting(Step::id).containsExactly("a", "s", "a1", "b1", "x");
        assertThat(definition.step("a"))
                .contains(new Step.WaitUntil("a", LocalTime.of(9, 30), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)));
        assertThat(definition.step("a1")).contains(new Step.SendMessage("a1", "hi"));
        assertThat(definition.step("b1")).contains(new Step.Wait("b1", Duration.ofMinutes(150)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"trigger":{"type":"nope"},"steps":[{"id":"a","type":"exit"}]}                          | trigger.type
            {"trigger":{"type":"manual"},"steps":[]}                                                 | steps
            {"trigger":{"type":"manual"},"entry":{"type":"oncePer","days":0},"steps":[{"id":"a","type":"exit"}]} | entry.days
            {"trigger":{"type":"manual"},"exitOn":["bought"],"steps":[{"id":"a","type":"exit"}]}   | exitOn[0]
            {"trigger":{"type":"manual"},"steps":[{"id":"a b","type":"exit"}]}                      | steps[0].id
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"wait"}]}                        | steps[0].days
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"wait","days":400}]}             | steps[0].days
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"waitUntil","time":"25:00"}]}   | steps[0].time
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"waitUntil","time":"10:00","days":["XX"]}]} | steps[0].days[0]
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"sendMessage","text":"  "}]}     | steps[0].text
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"exit"},{"id":"b","type":"exit"}]} | steps[1]
            {"trigger":{"type":"manual"},"steps":[{"id":"a","type":"sendMessage","text":"x"},{"id":"a","type":"exit"}]} | steps[1].id
            {"trigger":{"type":"manual"},"steps":[{"id":"s","type":"split","arms":[{"name":"A","percent":60},{"name":"B","percent":30}]}]} | steps[0].arms
            {"trigger":{"type":"manual"},"steps":[{"id":"s","type":"split","arms":[{"name":"A","percent":100}]}]} | steps[0].arms
            {"trigger":{"type":"manual"},"steps":[{"id":"s","type":"split","arms":[{"name":"A","percent":50},{"name":"A","percent":50}]}]} | steps[0].arms[1].name
            {"trigger":{"type":"manual"},"steps":[{"id":"b","type":"branch","yes":[]}]}            | steps[0].condition
            {"trigger":{"type":"manual"},"steps":[{"id":"b","type":"branch","condition":{},"yes":[{"id":"c","type":"bogus"}]}]} | steps[0].yes[0].type
            {"trigger":{"type":"manual"},"steps":[{"id":"t","type":"createTask","kind":"dance","title":"x","dueHours":1}]} | steps[0].kind
            {"trigger":{"type":"manual"},"steps":[{"id":"t","type":"addTags","tagIds":[0]}]}       | steps[0].tagIds[0]
            {"trigger":{"type":"tagAssigned"},"steps":[{"id":"a","type":"exit"}]}                   | trigger.tagId
            {"trigger":{"type":"date","property":"wedding"},"steps":[{"id":"a","type":"exit"}]}    | trigger.property
            """)
    void namesTheFieldAtFault(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.code()).isEqualTo(DefinitionJson.PROBLEM);
            assertThat(p.field()).isEqualTo(field);
        });
    }

    @Test
    void aTooLongMessageIsRefusedByItsBytes() {
        String text = "好".repeat(1334); // 4002 bytes in UTF-8
        assertThatThrownBy(() -> parse(
                        "{\"trigger\":{\"type\":\"manual\"},\"steps\":[{\"id\":\"a\",\"type\":\"sendMessage\",\"text\":\""
                                + text + "\"}]}"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("steps[0].text"));
    }

    @Test
    void conditionsAreCheckedByTheGivenReaderAtTheirPath() {
        BiConsumer<JsonNode, String> strict = (node, field) -> {
            throw DefinitionJson.invalid(field + ".v", "unknown version");
        };
        assertThatThrownBy(() -> DefinitionJson.parse("""
                        {"trigger":{"type":"manual"},"steps":[{"id":"s","type":"sendMessage","text":"x"},
                         {"id":"b","type":"branch","condition":{"v":9},"no":[{"id":"c","type":"exit"}]}]}
                        """, strict))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("steps[1].condition.v"));
    }
}
