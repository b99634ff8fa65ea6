package io.moat.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RoleTests {

    @Property
    void grantingIsTransitive(@ForAll Role a, @ForAll Role b, @ForAll Role c) {
        if (a.mayGrant(b) && b.mayGrant(c)) {
            assertThat(a.mayGrant(c)).isTrue();
        }
    }

    @Property
    void everyRoleMayGrantItselfAndOwnerMayGrantAll(@ForAll Role role) {
        assertThat(role.mayGrant(role)).isTrue();
        assertThat(Role.OWNER.mayGrant(role)).isTrue();
    }

    @Property
    void onlyOwnersMayNameOwnersOrDeleteTheWorkspace(@ForAll Role role) {
        assertThat(role.mayGrant(Role.OWNER)).isEqualTo(role == Role.OWNER);
        assertThat(role.can(Permission.WORKSPACE_DELETE)).isEqualTo(role == Role.OWNER);
    }

    @Property
    void roleCodesRoundTrip(@ForAll Role role) {
        assertThat(Role.ofCode(role.code())).isSameAs(role);
    }

    @Test
    void rolesCarryTheirIntendedAccess() {
        assertThat(Role.ADMIN.can(Permission.MEMBERS_WRITE)).isTrue();
        assertThat(Role.OPERATOR.can(Permission.CUSTOMERS_WRITE)).isTrue();
        assertThat(Role.OPERATOR.can(Permission.MEMBERS_WRITE)).isFalse();
        assertThat(Role.OPERATOR.can(Permission.CUSTOMERS_PII)).isFalse();
        assertThat(Role.STAFF.can(Permission.CUSTOMERS_WRITE)).isTrue();
        assertThat(Role.STAFF.can(Permission.JOURNEYS_WRITE)).isFalse();
        assertThat(Role.ANALYST.can(Permission.ANALYTICS_WRITE)).isTrue();
        assertThat(Role.ANALYST.can(Permission.CUSTOMERS_WRITE)).isFalse();
        assertThat(Role.ANALYST.can(Permission.AUDIT_READ)).isFalse();
    }

    @Test
    void everyPermissionCodeNamesAModuleAndAnAccessLevel() {
        for (Permission permission : Permission.values()) {
            assertThat(permission.code()).matches("[a-z]+:(read|write|delete|pii)");
            assertThat(Permission.ofCode(permission.code())).contains(permission);
        }
    }
}
