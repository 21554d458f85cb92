package dev.trickle.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

final class PostgresLedgerSchemaTest extends LedgerSchemaContract {
    private PostgresTestSchema schema;

    @BeforeEach
    void createSchema() {
        schema = PostgresTestSchema.create();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Override
    LedgerSettings settings() {
        return schema.settings();
    }

    @Override
    Connection connect() throws SQLException {
        return schema.connect();
    }

    @Override
    String booleanTrue() {
        return "true";
    }

    @Test
    void replicasStartingAtOnceInASchemaHoldingOtherTablesBaselineAtZeroOnce() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE other_software (id INTEGER)");
        }

        assertThat(openAtOnce(REPLICAS)).containsOnly(3).hasSize(REPLICAS);

        assertThat(history())
                .containsExactly(
                        baseline(0, "schema held other tables"), SCRIPT_1, SCRIPT_2, SCRIPT_3);
    }

    @Test
    void aReplicaKeptWaitingPastTheLockWaitGivesUpWithAClearMessage() throws Exception {
        PGSimpleDataSource direct = dataSource(schema);
        SchemaLock held = PostgresSchemaLock.acquire(direct, Duration.ofSeconds(5));
        try {
            assertThatThrownBy(
                            () -> LedgerSchema.migrate(direct, settings(), Duration.ofSeconds(1)))
                    .isInstanceOf(LedgerUnavailable.class)
                    .hasMessage(
                            "ledger schema lock: another Trickle has been migrating this ledger"
                                    + " for over 1s; start again once it is done");
        } finally {
            held.close();
        }
        try (Connection c = connect();
                java.sql.ResultSet tables =
                        c.getMetaData().getTables(null, schema.name, "%", null)) {
            assertThat(tables.next()).as("a table created while the lock was held").isFalse();
        }

        assertThat(LedgerSchema.migrate(direct, settings(), Duration.ofSeconds(1))).isEqualTo(3);
    }

    @Test
    void aLedgerInAnotherSchemaOfTheSameDatabaseDoesNotWait() throws Exception {
        try (PostgresTestSchema other = PostgresTestSchema.create()) {
            SchemaLock held = PostgresSchemaLock.acquire(dataSource(other), Duration.ofSeconds(5));
            try {
                assertThat(
                                LedgerSchema.migrate(
                                        dataSource(schema), settings(), Duration.ofSeconds(1)))
                        .isEqualTo(3);
            } finally {
                held.close();
            }
        }
    }

    @Test
    void aPasswordInTheUrlReachesNoLogLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        Level level = root.getLevel();
        root.setLevel(Level.DEBUG);
        LedgerSettings withPassword =
                new LedgerSettings(
                        schema.url() + "&password=hunter2-in-the-url",
                        PostgresTestSchema.USER,
                        dev.trickle.core.config.Secret.of(""),
                        2,
                        LedgerSettings.DEFAULT_CONNECTION_TIMEOUT);
        try {
            Ledger.open(withPassword, clock).close();
        } finally {
            root.setLevel(level);
            root.detachAppender(events);
        }

        assertThat(events.list).isNotEmpty();
        assertThat(events.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("hunter2"));
    }

    private static PGSimpleDataSource dataSource(PostgresTestSchema schema) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(schema.url());
        source.setUser(PostgresTestSchema.USER);
        return source;
    }
}
