package io.moat.commerce.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.Fixtures;
import io.moat.commerce.Platform;
import io.moat.commerce.export.ExportSource;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An import cut off after some of its batches (as by a crash: the job is left running) is resumed from its stored
 * file and ends exactly as an uninterrupted import would: every order once, with all its lines, the same counts.
 */
@MoatTest
class ImportResumeTests {

    /** Stands for the process dying: not an exception the import handles. */
    static final class SimulatedCrash extends Error {}

    @LocalServerPort
    int port;

    @Autowired
    OrderImports imports;

    @Autowired
    OrderImport runner;

    @Autowired
    ImportReports reports;

    @Autowired
    WorkspaceDirectory directory;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;

    @BeforeEach
    void workspace() {
        Api api = new Api(port);
        tenant = directory.bySlug(api.newWorkspace(api.admin())).orElseThrow().tenant();
    }

    @Test
    void aJobCutOffPartWayResumesAndFinishesWithExactCounts() {
        var upload = new OrderUpload(
                ExportSource.DOUYIN,
                "douyin",
                Platform.OTHER,
                "douyin-orders.csv",
                Fixtures.bytes("douyin-orders.csv"),
                null);
        long id = inTenant(() -> imports.open(tenant, ZoneId.of("Asia/Shanghai"), upload, 1));

        assertThatThrownBy(() -> inTenant(() -> {
                    runner.process(tenant, id, batch -> {
                        if (batch == 2) {
                            throw new SimulatedCrash();
                        }
                    });
                    return null;
                }))
                .isInstanceOf(SimulatedCrash.class);

        assertThat(report(id).job().status()).isEqualTo("running");
        assertThat(report(id).job().imported()).isEqualTo(2);
        assertThat(count("select count(*) from commerce.orders where tenant_id = ?"))
                .isEqualTo(2);

        runner.resumeInterrupted();
        awaitFinished(id);

        var job = report(id).job();
        assertThat(job.status()).isEqualTo("completed");
        assertThat(job.rowsRead()).isEqualTo(7);
        assertThat(job.imported()).isEqualTo(4);
        assertThat(job.duplicates()).isEqualTo(1);
        assertThat(job.rejected()).isEqualTo(1);
        assertThat(count("select count(*) from commerce.orders where tenant_id = ?"))
                .isEqualTo(4);
        assertThat(count("select count(*) from commerce.order_line where tenant_id = ?"))
                .isEqualTo(5);
        assertThat(count("select count(*) from commerce.import_error where tenant_id = ?"))
                .isEqualTo(1);
        assertThat(count("select count(*) from commerce.import_job where tenant_id = ? and file_bytes is null"))
                .isEqualTo(1);
    }

    @Test
    void aSecondWorkerOnTheSameJobCommitsNothingTwice() {
        var upload = new OrderUpload(
                ExportSource.YOUZAN,
                "youzan",
                Platform.OTHER,
                "youzan-orders.csv",
                Fixtures.bytes("youzan-orders.csv"),
                null);
        long id = inTenant(() -> imports.open(tenant, ZoneId.of("Asia/Shanghai"), upload, 1));

        inTenant(() -> {
            runner.process(tenant, id, batch -> {
                if (batch == 1) {
                    // another instance picks the same job up meanwhile and runs it to the end
                    runner.process(tenant, id, OrderImport.BatchHook.NONE);
                }
            });
            return null;
        });

        var job = report(id).job();
        assertThat(job.status()).isEqualTo("completed");
        assertThat(job.imported()).isEqualTo(4);
        assertThat(job.duplicates()).isZero();
        assertThat(count("select count(*) from commerce.order_line where tenant_id = ?"))
                .isEqualTo(5);
    }

    private ImportReports.ImportReport report(long id) {
        return inTenant(() -> reports.report(tenant, id));
    }

    private void awaitFinished(long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (report(id).job().running() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long count(String sql) {
        return new JdbcTemplate(owner).queryForObject(sql, Long.class, tenant.value());
    }

    private <T> T inTenant(java.util.function.Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(work);
    }
}
