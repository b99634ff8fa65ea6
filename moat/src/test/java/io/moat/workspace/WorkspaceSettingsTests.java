package io.moat.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.shared.Problem;
import io.moat.workspace.internal.WorkspaceSettings;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WorkspaceSettingsTests {

    @Test
    void acceptsIanaZonesAndIsoCurrencies() {
        var settings = WorkspaceSettings.parse(" Acme ", "Asia/Shanghai", "cny");

        assertThat(settings.name()).isEqualTo("Acme");
        assertThat(settings.timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(settings.currency()).isEqualTo("CNY");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> WorkspaceSettings.parse("", "UTC", "CNY"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("name"));
        assertThatThrownBy(() -> WorkspaceSettings.parse("A", "Beijing", "CNY"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("timezone"));
        assertThatThrownBy(() -> WorkspaceSettings.parse("A", "UTC", "RMB"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("currency"));
    }
}
