package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.connectors.LineDecoders;
import dev.kizashi.connectors.SourceLine;
import dev.kizashi.connectors.file.NumberedLineFormat;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.GroundTruth;
import dev.kizashi.generator.PrecursorKind;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.model.AlertKind;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.EventType;
import dev.kizashi.wire.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert policy in the whole job (MiniCluster, RocksDB) over a generated stream: the same
 * detections as without a cooldown minus the counted repeats, no repeat inside the cooldown, and
 * episodes that open and close exactly as the customers' own events say.
 */
class AlertPolicyITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Duration COOLDOWN = Duration.ofDays(7);
    private static final GeneratorConfig GEN = GeneratorConfig.of(400, 150, 21);

    @TempDir static Path dir;
    private static Path file;
    private static final Map<String, CustomerEvent> EVENTS_BY_ID = new HashMap<>();
    private static final List<CustomerEvent> EVENTS = new ArrayList<>();
    private static List<GroundTruth> truth;

    @BeforeAll
    static void generate() throws Exception {
        SubscriptionGenerator gen = new SubscriptionGenerator(GEN);
        EventCodec codec = new EventCodec();
        List<String> lines = new ArrayList<>();
        for (Iterator<CustomerEvent> it = gen.events(); it.hasNext(); ) {
            CustomerEvent e = it.next();
            EVENTS.add(e);
            EVENTS_BY_ID.put(e.eventId(), e);
            lines.add(codec.encode(e));
        }
        truth = gen.groundTruth();
        file = dir.resolve("events.jsonl");
        Files.write(file, lines);
    }

    record Run(List<Alert> records, JobExecutionResult result) {
        long acc(String name) {
            Object v = result.getAccumulatorResult(name);
            return v == null ? 0 : ((Number) v).longValue();
        }

        List<Alert> alerts() {
            return records.stream().filter(a -> a.kind().isAlert()).toList();
        }
    }

    private static Run run(Duration cooldown) throws Exception {
        CollectingSink<Alert> alerts = new CollectingSink<>();
        Configuration conf = new Configuration();
        conf.set(KizashiOptions.ALERT_COOLDOWN, cooldown);
        // The cooldown and episodes alone: the silence after a known churn is CustomerStepTest's.
        conf.set(KizashiOptions.ALERT_AFTER_KNOWN_CHURN, true);
        conf.setString("parallelism.default", "2");
        ChurnJobConfig config = ChurnJobConfig.from(conf);
        FileSource<SourceLine> source =
                FileSource.forRecordStreamFormat(
                                new NumberedLineFormat("events.jsonl", 64 * 1024),
                                new org.apache.flink.core.fs.Path(file.toUri()))
                        .build();
        StreamExecutionEnvironment env = Environments.create(conf, config);
        JobExecutionResult result =
                new ChurnJob(
                                source,
                                "file",
                                LineDecoders.json(64 * 1024),
                                ChurnJobSinks.builder().alerts("test", alerts).build(),
                                config)
                        .withSourceParallelism(1)
                        .execute(env, "alert-policy-it");
        return new Run(alerts.results(), result);
    }

    private static Map<String, List<Alert>> byCustomer(List<Alert> records) {
        Map<String, List<Alert>> m =
                records.stream().collect(Collectors.groupingBy(Alert::customerId));
        // Per customer in event time; at one instant the alerts an event completes come before
        // the closing it causes, as the function emits them.
        m.values()
                .forEach(
                        l ->
                                l.sort(
                                        Comparator.comparingLong(Alert::eventTime)
                                                .thenComparing(a -> !a.kind().isAlert())));
        return m;
    }

    @Test
    void cooldownSuppressesOnlyRepeatsAndEpisodesCloseAsTheEventsSay() throws Exception {
        Run open = run(Duration.ZERO);
        Run policy = run(COOLDOWN);

        // Expected alerts: every planted cancel request alerts (CRITICAL is never suppressed
        // without a CANCEL_INTENT alert for the customer inside the cooldown).
        Set<String> cancelAlerted =
                policy.alerts().stream()
                        .filter(a -> a.pattern() == ChurnPattern.CANCEL_INTENT)
                        .map(Alert::customerId)
                        .collect(Collectors.toSet());
        List<String> planted =
                truth.stream()
                        .filter(g -> g.has(PrecursorKind.CANCEL_INTENT))
                        .map(GroundTruth::customerId)
                        .toList();
        assertThat(planted).isNotEmpty();
        assertThat(cancelAlerted).containsAll(planted);

        // The policy only removes: the same (customer, pattern) pairs alert, and what is missing
        // is exactly what was counted as suppressed.
        Set<String> pairsOpen =
                open.alerts().stream()
                        .map(a -> a.customerId() + "|" + a.pattern())
                        .collect(Collectors.toSet());
        Set<String> pairsPolicy =
                policy.alerts().stream()
                        .map(a -> a.customerId() + "|" + a.pattern())
                        .collect(Collectors.toSet());
        assertThat(pairsPolicy).isEqualTo(pairsOpen);
        assertThat(open.acc(CustomerProfileFunction.ACC_SUPPRESSED)).isZero();
        long suppressed = policy.acc(CustomerProfileFunction.ACC_SUPPRESSED);
        assertThat(suppressed).isPositive();
        assertThat(policy.alerts().size() + suppressed).isEqualTo(open.alerts().size());
        assertThat(policy.acc(CustomerProfileFunction.ACC_ALERTS))
                .isEqualTo(policy.alerts().size());
        assertThat(open.alerts().stream().map(Alert::alertId).collect(Collectors.toSet()))
                .containsAll(policy.alerts().stream().map(Alert::alertId).toList());
        assertThat(policy.records()).extracting(Alert::alertId).doesNotHaveDuplicates();

        // No repeat inside the cooldown, unless it raised the episode's severity.
        long cooldownMs = COOLDOWN.toMillis();
        byCustomer(policy.alerts())
                .forEach(
                        (c, list) -> {
                            Map<ChurnPattern, Long> last = new HashMap<>();
                            for (Alert a : list) {
                                Long prev = last.put(a.pattern(), a.eventTime());
                                if (prev != null && a.eventTime() - prev < cooldownMs) {
                                    assertThat(a.kind())
                                            .as("repeat of %s for %s", a.pattern(), c)
                                            .isEqualTo(AlertKind.ESCALATION);
                                }
                            }
                        });

        checkEpisodes(policy);
        assertThat(policy.acc(CustomerProfileFunction.ACC_RESOLVED)).isPositive();
        assertThat(policy.acc(CustomerProfileFunction.ACC_CHURNED)).isPositive();
    }

    /**
     * Replays the records per customer against the customer's own events: an episode opens with an
     * ALERT whose id is the episode id, every record in it carries that id, an escalation raises
     * its severity, and it closes exactly at the first order (RESOLVED) or cancellation (CHURNED)
     * of the customer while it is open, with that event as evidence.
     */
    private static void checkEpisodes(Run run) {
        Map<String, List<Alert>> records = byCustomer(run.records());
        Map<String, List<CustomerEvent>> events =
                EVENTS.stream().collect(Collectors.groupingBy(CustomerEvent::customerId));
        long resolved = 0;
        long churned = 0;
        for (Map.Entry<String, List<Alert>> e : records.entrySet()) {
            String c = e.getKey();
            String episode = null;
            int severity = -1;
            long openedAt = 0;
            for (Alert a : e.getValue()) {
                if (a.kind().isAlert()) {
                    if (episode == null) {
                        assertThat(a.kind())
                                .as("%s opens with an ALERT", c)
                                .isEqualTo(AlertKind.ALERT);
                        episode = a.alertId();
                        openedAt = a.eventTime();
                        severity = a.severity().ordinal();
                    } else if (a.kind() == AlertKind.ESCALATION) {
                        assertThat(a.severity().ordinal()).isGreaterThan(severity);
                        severity = a.severity().ordinal();
                    } else {
                        assertThat(a.severity().ordinal()).isLessThanOrEqualTo(severity);
                    }
                    assertThat(a.episodeId()).isEqualTo(episode);
                    continue;
                }
                assertThat(episode).as("%s closes an open episode", c).isNotNull();
                assertThat(a.episodeId()).isEqualTo(episode);
                assertThat(a.severity().ordinal()).isEqualTo(severity);
                CustomerEvent ev = EVENTS_BY_ID.get(a.evidence().get(0));
                assertThat(ev.customerId()).isEqualTo(c);
                assertThat(ev.ts()).isEqualTo(a.eventTime());
                assertThat(Alert.idFor(c, a.pattern(), a.eventTime(), a.kind()))
                        .isEqualTo(a.alertId());
                if (a.kind() == AlertKind.CHURNED) {
                    assertThat(ev.type()).isEqualTo(EventType.SUBSCRIPTION_CANCELLED);
                    churned++;
                } else {
                    resolved++;
                }
                // Nothing that closes an episode happened between its opening and this record.
                long from = openedAt;
                long to = a.eventTime();
                boolean order = a.kind() == AlertKind.RESOLVED && ev.type() == EventType.ORDER;
                assertThat(events.get(c))
                        .filteredOn(x -> x.ts() >= from && x.ts() < to)
                        .extracting(CustomerEvent::type)
                        .as("%s: no order or cancellation inside the episode before it closed", c)
                        .doesNotContain(EventType.ORDER, EventType.SUBSCRIPTION_CANCELLED);
                if (!order && a.kind() == AlertKind.RESOLVED) {
                    assertThat(a.pattern())
                            .as("a condition that can clear without an order")
                            .isIn(
                                    ChurnPattern.DORMANT,
                                    ChurnPattern.PAYMENT_FAILURE_UNRECOVERED,
                                    ChurnPattern.ENGAGEMENT_DROP);
                }
                episode = null;
                severity = -1;
            }
            // An episode still open saw no order or cancellation after it opened.
            if (episode != null) {
                long from = openedAt;
                assertThat(events.get(c))
                        .filteredOn(x -> x.ts() >= from)
                        .extracting(CustomerEvent::type)
                        .as("%s: the episode open at the end", c)
                        .doesNotContain(EventType.ORDER, EventType.SUBSCRIPTION_CANCELLED);
            }
        }
        assertThat(resolved).isEqualTo(run.acc(CustomerProfileFunction.ACC_RESOLVED));
        assertThat(churned).isEqualTo(run.acc(CustomerProfileFunction.ACC_CHURNED));
    }
}
