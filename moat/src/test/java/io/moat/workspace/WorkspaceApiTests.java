package io.moat.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.Api.Answer;
import io.moat.MoatTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/** The acceptance contracts of the foundation, over real HTTP against the embedded database. */
@MoatTest
class WorkspaceApiTests {

    @LocalServerPort
    int port;

    Api api;
    String admin;

    @BeforeEach
    void signIn() {
        api = new Api(port);
        admin = api.admin();
    }

    @Test
    void adminSignsInAndCreatesAndListsWorkspaces() {
        String slug = "acme-" + System.nanoTime() % 100000;
        Answer created = api.post(
                "/api/v1/workspaces", admin, Map.of("slug", slug, "name", "Acme", "timezone", "Asia/Shanghai"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("slug")).isEqualTo(slug);
        assertThat(created.text("role")).isEqualTo("owner");
        assertThat(created.text("currency")).isEqualTo("CNY");
        Answer listed = api.get("/api/v1/workspaces", admin);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().valueStream().map(w -> w.path("slug").asString()))
                .contains(slug);
        assertThat(api.get("/api/v1/workspaces/" + slug, admin).text("timezone"))
                .isEqualTo("Asia/Shanghai");
    }

    @Test
    void wrongPasswordIsRefusedWithAProblem() {
        Answer answer = api.post("/api/v1/auth/token", null, Map.of("username", "admin", "password", "nope"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:moat:problem:bad-credentials");
    }

    @Test
    void invalidWorkspaceNamesEveryOffendingField() {
        Answer answer = api.post("/api/v1/workspaces", admin, Map.of("slug", "Not A Slug", "name", ""));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(Api.fields(answer)).containsExactlyInAnyOrder("slug", "name");
    }

    @Test
    void unknownTimeZoneAndCurrencyAreNamed() {
        Answer zone =
                api.post("/api/v1/workspaces", admin, Map.of("slug", "zz-zone", "name", "Z", "timezone", "Mars/Base"));
        Answer money =
                api.post("/api/v1/workspaces", admin, Map.of("slug", "zz-money", "name", "Z", "currency", "XYZW"));

        assertThat(Api.fields(zone)).containsExactly("timezone");
        assertThat(Api.fields(money)).containsExactly("currency");
    }

    @Test
    void takenSlugIsAConflictOnTheSlugField() {
        String slug = api.newWorkspace(admin);

        Answer again = api.post("/api/v1/workspaces", admin, Map.of("slug", slug, "name", "Copy"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo("urn:moat:problem:slug-taken");
        assertThat(Api.fields(again)).containsExactly("slug");
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        Answer answer = api.call(HttpMethod.POST, "/api/v1/workspaces", admin, "{\"slug\":");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("type")).isEqualTo("urn:moat:problem:unreadable-body");
    }

    @Test
    void withoutCredentialsTheApiAnswers401() {
        assertThat(api.get("/api/v1/workspaces", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workspaces", "mts_forged").status()).isEqualTo(401);
    }

    @Test
    void apiTokenActsOnlyWithinItsWorkspaceAndRole() {
        String mine = api.newWorkspace(admin);
        String other = api.newWorkspace(admin);
        Answer created =
                api.post("/api/v1/workspaces/" + mine + "/api-tokens", admin, Map.of("name", "ci", "role", "admin"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.text("token");
        assertThat(token).startsWith("mtk_").hasSizeGreaterThanOrEqualTo(4 + 22);

        assertThat(api.get("/api/v1/workspaces/" + mine, token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/workspaces/" + mine + "/members", token).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/workspaces/" + other, token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/" + other + "/members", token).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces", token).body().valueStream().map(w -> w.path("slug")
                        .asString()))
                .containsExactly(mine);
        assertThat(api.get("/api/v1/workspaces/" + mine + "/api-tokens", admin)
                        .body()
                        .toString())
                .doesNotContain(token);
    }

    @Test
    void revokedTokenStopsWorking() {
        String slug = api.newWorkspace(admin);
        Answer created =
                api.post("/api/v1/workspaces/" + slug + "/api-tokens", admin, Map.of("name", "x", "role", "operator"));
        String token = created.text("token");

        Answer revoked = api.call(
                HttpMethod.DELETE, "/api/v1/workspaces/" + slug + "/api-tokens/" + created.text("id"), admin, null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workspaces/" + slug, token).status()).isEqualTo(401);
    }

    @Test
    void aTokenCannotCarryMoreThanItsCreatorsRole() {
        String slug = api.newWorkspace(admin);
        String adminMember = api.memberWithRole(admin, slug, "admin");

        Answer answer = api.post(
                "/api/v1/workspaces/" + slug + "/api-tokens", adminMember, Map.of("name", "escalate", "role", "owner"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(Api.fields(answer)).containsExactly("role");
    }

    @Test
    void rolesLimitWhatMembersMayDo() {
        String slug = api.newWorkspace(admin);
        String analyst = api.memberWithRole(admin, slug, "analyst");

        assertThat(api.get("/api/v1/workspaces/" + slug, analyst).status()).isEqualTo(200);
        Answer invite = api.post(
                "/api/v1/workspaces/" + slug + "/members",
                analyst,
                Map.of("username", "someone-new", "displayName", "S", "role", "staff"));
        assertThat(invite.status()).isEqualTo(403);
        assertThat(invite.text("type")).isEqualTo("urn:moat:problem:permission-denied");
        assertThat(api.get("/api/v1/workspaces/" + slug + "/audit", analyst).status())
                .isEqualTo(403);
    }

    @Test
    void invitedOperatorGetsAOneTimePasswordAndSeesTheWorkspace() {
        String slug = api.newWorkspace(admin);
        Answer invited = api.post(
                "/api/v1/workspaces/" + slug + "/members",
                admin,
                Map.of("username", "op-" + slug, "displayName", "Operator", "role", "operator"));

        assertThat(invited.status()).isEqualTo(201);
        String password = invited.text("initialPassword");
        assertThat(password).hasSize(20);
        String operator = api.signIn("op-" + slug, password);
        assertThat(api.get("/api/v1/me", operator)
                        .body()
                        .path("mustChangePassword")
                        .asBoolean())
                .isTrue();
        assertThat(api.get("/api/v1/workspaces/" + slug, operator).text("role")).isEqualTo("operator");
        Answer again = api.post(
                "/api/v1/workspaces/" + slug + "/members",
                admin,
                Map.of("username", "op-" + slug, "displayName", "Operator", "role", "staff"));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void theLastOwnerCannotLeaveOrBeDemoted() {
        String slug = api.newWorkspace(admin);
        long adminId = api.get("/api/v1/me", admin).body().path("id").asLong();
        String path = "/api/v1/workspaces/" + slug + "/members/" + adminId;

        Answer demote = api.call(HttpMethod.PATCH, path, admin, Map.of("role", "admin"));
        Answer leave = api.call(HttpMethod.DELETE, path, admin, null);

        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.text("type")).isEqualTo("urn:moat:problem:last-owner");
        assertThat(leave.status()).isEqualTo(409);
    }

    @Test
    void changesAreAuditedWithActorAndAddress() {
        String slug = api.newWorkspace(admin);
        api.post("/api/v1/workspaces/" + slug + "/api-tokens", admin, Map.of("name", "audited", "role", "staff"));
        api.call(HttpMethod.PATCH, "/api/v1/workspaces/" + slug, admin, Map.of("name", "Renamed"));

        Answer audit = api.get("/api/v1/workspaces/" + slug + "/audit?limit=2", admin);

        assertThat(audit.status()).isEqualTo(200);
        var items = audit.body().path("items");
        assertThat(items.valueStream().map(i -> i.path("action").asString()))
                .containsExactly("workspace.updated", "api_token.created");
        assertThat(items.get(0).path("actor").asString()).isEqualTo("admin");
        assertThat(items.get(0).path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(items.get(0).path("detail").path("name").asString()).isEqualTo("Renamed");
        long next = audit.body().path("next").asLong();
        Answer older = api.get("/api/v1/workspaces/" + slug + "/audit?before=" + next, admin);
        assertThat(older.body().path("items").valueStream().map(i -> i.path("action")
                        .asString()))
                .containsExactly("workspace.created");
    }

    @Test
    void deletedWorkspaceDisappearsAndFreesItsSlug() {
        String slug = api.newWorkspace(admin);

        assertThat(api.call(HttpMethod.DELETE, "/api/v1/workspaces/" + slug, admin, null)
                        .status())
                .isEqualTo(204);

        assertThat(api.get("/api/v1/workspaces/" + slug, admin).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/workspaces", admin, Map.of("slug", slug, "name", "Again"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void openApiDocumentAndHealthAreServed() {
        Answer openApi = api.get("/api/v1/openapi.json", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().path("paths").has("/api/v1/workspaces/{slug}/members"))
                .isTrue();

        Answer health = api.get("/actuator/health", null);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.body().path("components").path("db").path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameForAWhile() {
        String slug = api.newWorkspace(admin);
        String username = "guess-" + slug;
        Answer invited = api.post(
                "/api/v1/workspaces/" + slug + "/members",
                admin,
                Map.of("username", username, "displayName", "Target", "role", "staff"));
        String password = invited.text("initialPassword");

        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/auth/token", null, Map.of("username", username, "password", "guess" + i))
                            .status())
                    .isEqualTo(401);
        }
        Answer locked = api.post("/api/v1/auth/token", null, Map.of("username", username, "password", password));

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.text("type")).isEqualTo("urn:moat:problem:too-many-sign-in-attempts");
    }

    @Test
    void operationalEndpointsBeyondHealthNeedAPlatformAdmin() {
        String slug = api.newWorkspace(admin);
        String owner = api.memberWithRole(admin, slug, "owner");

        assertThat(api.get("/actuator/metrics", owner).status()).isEqualTo(403);
        assertThat(api.get("/actuator/metrics", admin).status()).isEqualTo(200);
    }
}
