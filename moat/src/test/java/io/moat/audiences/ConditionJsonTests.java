package io.moat.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.audiences.internal.ConditionJson;
import io.moat.shared.Problem;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The JSON form reads back what it writes, and names the path of the first bad node. */
class ConditionJsonTests {

    @Property(tries = 300)
    void readsBackWhatItWrites(@ForAll("conditions") AudienceCondition condition) {
        assertThat(ConditionJson.parse(ConditionJson.text(condition), "condition"))
                .isEqualTo(condition);
    }

    @Provide
    Arbitrary<AudienceCondition> conditions() {
        return RandomConditions.conditions(RandomConditions.tagIds(1, 20), RandomConditions.texts(), 3);
    }

    @Test
    void namesThePathOfABadNode() {
        assertField(
                "{\"v\":1,\"all\":[{\"tag\":{\"any\":[1]}},{\"lastOrder\":{\"withinDays\":-1}}]}",
                "condition.all[1].lastOrder.withinDays");
        assertField("{\"v\":1,\"any\":[{\"tag\":{\"some\":[1]}}]}", "condition.any[0].tag");
        assertField("{\"v\":1,\"tag\":{\"any\":[1,\"x\"]}}", "condition.tag.any[1]");
        assertField("{\"v\":1,\"stage\":[\"active\",\"gold\"]}", "condition.stage[1]");
        assertField("{\"v\":1,\"not\":{\"wish\":1}}", "condition.not.wish");
        assertField("{\"v\":2,\"all\":[]}", "condition.v");
        assertField("{\"all\":[]}", "condition.v");
        assertField("{\"v\":1,\"orders\":{\"min\":5,\"max\":2}}", "condition.orders");
        assertField("{\"v\":1,\"all\":[],\"any\":[]}", "condition");
        assertField("not json", "condition");
        assertField(
                "{\"v\":1,\"bought\":{\"role\":[\"hero\",\"gold\"],\"withinDays\":30}}", "condition.bought.role[1]");
        assertField("{\"v\":1,\"bought\":{\"sku\":[\"A\"],\"role\":[\"hero\"],\"withinDays\":30}}", "condition.bought");
        assertField("{\"v\":1,\"bought\":{\"category\":[\"tea\"]}}", "condition.bought.withinDays");
    }

    private static void assertField(String json, String field) {
        assertThatThrownBy(() -> ConditionJson.parse(json, "condition"))
                .isInstanceOfSatisfying(Problem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("invalid-audience-condition");
                    assertThat(problem.field()).isEqualTo(field);
                });
    }
}
