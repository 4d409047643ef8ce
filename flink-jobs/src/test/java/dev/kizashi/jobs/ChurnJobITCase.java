package dev.kizashi.jobs;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.PrecursorKind;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.wire.DeadLetter;
import dev.kizashi.wire.EventCodec;
import dev.kizashi.wire.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a Flink MiniCluster with RocksDB state, over files. */
class ChurnJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    private final EventCodec codec = new EventCodec();

    /** Outputs of one run. */
    record Outputs(
            List<Alert> alerts,
            List<ScoreUpdate> scores,
            List<DeadLetter> deadLetters,
            List<DeadLetter> late,
            JobExecutionResult result) {

        long acc(String name) {
            Object v = result.getAccumulatorResult(name);
            return v == null ? 0 : ((Number) v).longValue();
        }
    }

    private Outputs run(Path file) throws Exception {
        CollectingSink<Alert> alerts = new CollectingSink<>();
        CollectingSink<ScoreUpdate> scores = new CollectingSink<>();
        CollectingSink<DeadLetter> dead = new CollectingSink<>();
        CollectingSink<DeadLetter> late = new CollectingSink<>();
        ChurnJobConfig config = ChurnJobConfig.defaults();
        FileSource<SourceLine> source =
                FileSource.forRecordStreamFormat(
                                new NumberedLineFormat(file.getFileName().toString(), 64 * 1024),
                                new org.apache.flink.core.fs.Path(file.toUri()))
                        .build();
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "2");
        StreamExecutionEnvironment env = Environments.create(conf, config);
        JobExecutionResult result =
                new ChurnJob(
                                source,
                                "file",
                                LineDecoders.json(64 * 1024),
                                ChurnJobSinks.builder()
                                        .alerts("test", alerts)
                                        .scores("test", scores)
                                        .deadLetters("test", dead)
                                        .lateEvents("test", late)
                                        .build(),
                                config)
                        .withSourceParallelism(1)
                        .execute(env, "churn-job-it");
        return new Outputs(
                alerts.results(), scores.results(), dead.results(), late.results(), result);
    }

    private Path write(List<String> lines) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void scenarioStreamGivesExactlyTheExpectedAlerts() throws Exception {
        List<CustomerEvent> events = new ArrayList<>();
        events.add(order("c-cancel", 0));
        events.add(login("c-dormant", 0));
        events.add(order("c-weekly", 0));
        var cancel = support("c-cancel", 5, SupportCategory.CANCEL_REQUEST, Sentiment.NEGATIVE);
        for (int d = 1; d <= 60; d++) {
            events.add(login("c-active", d));
            if (d % 7 == 0 && d <= 21) {
                events.add(order("c-weekly", d));
            }
            if (d == 5) {
                events.add(cancel);
            }
        }
        events.sort(java.util.Comparator.comparingLong(CustomerEvent::ts));
        List<String> lines = new ArrayList<>(events.stream().map(codec::encode).toList());
        lines.add(lines.indexOf(codec.encode(cancel)) + 1, codec.encode(cancel)); // a duplicate

        Outputs out = run(write(lines));

        Map<String, List<String>> byCustomer =
                out.alerts().stream()
                        .collect(
                                Collectors.groupingBy(
                                        Alert::customerId,
                                        Collectors.mapping(
                                                a -> a.pattern() + "@" + dayOf(a.eventTime()),
                                                Collectors.toList())));
        assertThat(byCustomer)
                .containsOnlyKeys("c-cancel", "c-dormant", "c-weekly")
                .containsEntry("c-cancel", List.of("CANCEL_INTENT@5.0", "DORMANT@35.0"))
                .containsEntry("c-dormant", List.of("DORMANT@30.0"))
                // Weekly buyer: the order due on day 28 did not come; the overdue order on day 30
                // says so, and the dormancy on day 51 comes after that known churn: no alert.
                .containsEntry("c-weekly", List.of("OVERDUE_ORDER@30.0"));
        assertThat(out.acc(CustomerProfileFunction.ACC_DUPLICATES)).isEqualTo(1);
        assertThat(out.acc(CustomerProfileFunction.ACC_EVENTS)).isEqualTo(events.size());
        assertThat(out.deadLetters()).isEmpty();
        assertThat(out.late()).isEmpty();
        assertThat(out.scores())
                .extracting(ScoreUpdate::customerId)
                .contains("c-cancel", "c-dormant", "c-weekly", "c-active");
    }

    @Test
    void everyMalformedLineBecomesOneDeadLetterAndTheJobCompletes() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(codec.encode(order("c1", 0)));
        lines.add("{\"eventId\":\"x\",\"customerId\":\"c1\",\"type\":\"order\""); // truncated
        lines.add("{\"eventId\":\"x\",\"type\":\"order\",\"ts\":1}"); // no customerId
        lines.add("{\"eventId\":\"x\",\"customerId\":\"c1\",\"type\":\"teleport\",\"ts\":1}");
        lines.add(
                "{\"eventId\":\"x\",\"customerId\":\"c1\",\"type\":\"login\",\"ts\":\"yesterday\"}");
        lines.add("not json at all");
        lines.add("");
        lines.add("x".repeat(70 * 1024));
        lines.add(codec.encode(login("c1", 1)));

        Outputs out = run(write(lines));

        assertThat(out.deadLetters())
                .extracting(DeadLetter::reason)
                .containsExactlyInAnyOrder(
                        ReasonCode.MALFORMED_JSON,
                        ReasonCode.MISSING_FIELD,
                        ReasonCode.UNKNOWN_TYPE,
                        ReasonCode.BAD_TIMESTAMP,
                        ReasonCode.MALFORMED_JSON,
                        ReasonCode.EMPTY_LINE,
                        ReasonCode.OVERSIZED);
        assertThat(out.deadLetters())
                .extracting(DeadLetter::source)
                .contains("events.jsonl:2", "events.jsonl:8");
        assertThat(out.deadLetters()).allSatisfy(d -> assertThat(d.message()).isNotBlank());
        assertThat(out.acc(DecodeFunction.ACC_DEAD_LETTERS)).isEqualTo(7);
        assertThat(out.acc(CustomerProfileFunction.ACC_EVENTS)).isEqualTo(2);
    }

    @Test
    void generatedStreamAlertsEveryPlantedCancelRequestOnceWithUniqueIds() throws Exception {
        GeneratorConfig config = GeneratorConfig.of(400, 120, 7).withBadLineRate(0.002);
        SubscriptionGenerator gen = new SubscriptionGenerator(config);
        List<String> lines = new ArrayList<>();
        for (Iterator<String> it = gen.lines(codec::encode); it.hasNext(); ) {
            lines.add(it.next());
        }

        Outputs out = run(write(lines));

        assertThat(out.deadLetters()).hasSize((int) gen.badLinesEmitted());
        assertThat(out.alerts()).extracting(Alert::alertId).doesNotHaveDuplicates();
        Set<String> cancelAlerted =
                out.alerts().stream()
                        .filter(a -> a.pattern() == ChurnPattern.CANCEL_INTENT)
                        .map(Alert::customerId)
                        .collect(Collectors.toSet());
        List<String> planted =
                gen.groundTruth().stream()
                        .filter(g -> g.has(PrecursorKind.CANCEL_INTENT))
                        .map(GroundTruth::customerId)
                        .toList();
        assertThat(planted).isNotEmpty();
        assertThat(cancelAlerted).containsAll(planted);
        assertThat(out.acc(CustomerProfileFunction.ACC_CUSTOMERS)).isEqualTo(config.customers());
        assertThat(out.late()).isEmpty();
    }

    private static String dayOf(long ts) {
        return Double.toString((ts - T0) / 86_400_000.0);
    }
}
