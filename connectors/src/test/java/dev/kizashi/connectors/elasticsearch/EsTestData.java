package dev.kizashi.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.model.ChurnReason;
import dev.kizashi.model.Reason;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Deterministic alerts, score updates and outcomes, and Elasticsearch helpers for the tests. */
public final class EsTestData {
    /** 2026-10-20T00:00:00Z: alerts and scores straddle the October/November month boundary. */
    static final long T0 = 1_792_454_400_000L;

    static final long HOUR = 3_600_000L;

    private EsTestData() {}

    static String uniquePrefix(String what) {
        return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Alert alert(int i) {
        ChurnPattern p = ChurnPattern.values()[i % ChurnPattern.values().length];
        String customer = String.format(Locale.ROOT, "c%04d", i % 97);
        long eventTime = T0 + i * HOUR;
        String channel = i % 2 == 0 ? "email" : "line";
        return new Alert(
                        Alert.idFor(customer, p, eventTime),
                        customer,
                        p,
                        p.defaultSeverity(),
                        (i % 100) / 100.0,
                        List.of(
                                Reason.of(ChurnReason.DORMANT, 10 + i % 30, 1.5),
                                Reason.of(ChurnReason.SKIPPED_CYCLES, 1 + i % 3, 0.7)),
                        List.of("e-" + i, "e-" + (i + 1)),
                        "alert " + i + " for " + customer,
                        eventTime,
                        eventTime + 1234,
                        i % 3 == 0 ? "HIGH" : "STANDARD",
                        "ACTIVE",
                        "call",
                        channel)
                .gated(channel, new Alert.Gate(0.3, 0.45, "2026-04-30-1a2b3c4d"));
    }

    static List<Alert> alerts(int n) {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(alert(i));
        }
        return out;
    }

    /** Update number {@code k} of customer {@code c}: later k, later asOf, score = k / 100. */
    static ScoreUpdate score(int c, int k) {
        return new ScoreUpdate(
                String.format(Locale.ROOT, "c%04d", c),
                T0 + k * HOUR,
                k / 100.0,
                List.of(Reason.of(ChurnReason.OVERDUE_VS_OWN_CYCLE, 1.5 + k, 0.9)),
                k,
                k == 0 ? 0 : T0 + (k - 1) * HOUR,
                k < 2 ? Double.NaN : 7.5,
                12.5 * k,
                k % 2 == 0,
                T0,
                k % 5 == 4,
                k % 3 == 0 ? List.of("DORMANT") : List.of(),
                k < 2 ? "new_customer" : "repeat_buyer",
                k % 10 == 9 ? "top10" : "middle",
                25.0 * k,
                12.5,
                5,
                Math.min(5, 1 + k / 4),
                Math.min(5, 1 + k / 4));
    }

    /**
     * The outcome of episode {@code i} with every field set (a churn time, a cancel reason, a first
     * action, an offer and a campaign), so it names every field the outcome document can have.
     */
    public static EpisodeOutcome outcome(int i) {
        return outcome(i, true);
    }

    /** With {@code full} false: no model, no churn, no action (those fields null or absent). */
    static EpisodeOutcome outcome(int i, boolean full) {
        Alert first = alert(i);
        Outcome outcome = Outcome.values()[i % Outcome.values().length];
        long opened = first.eventTime();
        return new EpisodeOutcome(
                first.alertId(),
                first.customerId(),
                first.pattern().name(),
                first.severity().name(),
                first.channel(),
                first.action(),
                first.score(),
                first.segment(),
                first.ltvTier(),
                i % 4 == 0,
                full ? "2026-04-30-1a2b3c4d" : null,
                opened,
                opened + 60 * 24 * HOUR,
                60,
                full ? outcome : Outcome.RETAINED,
                full ? opened + (10 + i % 40) * 24 * HOUR : 0,
                full ? "price" : null,
                i % 5,
                19.5 * (i % 5),
                full ? 1 + i % 3 : 0,
                full ? i % 3 : 0,
                full ? i % 2 : 0,
                full ? 2.75 * (1 + i % 3) : 0,
                full ? first.channel() : null,
                full ? "retention_call" : null,
                full ? "discount_10" : null,
                full ? "winback-2026-10" : null);
    }

    /** {@code customers} customers with {@code updates} score updates each, in asOf order. */
    static List<ScoreUpdate> scores(int customers, int updates) {
        List<ScoreUpdate> out = new ArrayList<>();
        for (int k = 0; k < updates; k++) {
            for (int c = 0; c < customers; c++) {
                out.add(score(c, k));
            }
        }
        return out;
    }

    /**
     * One journey record of each kind, between them every field the writer knows: a cancellation
     * with its voice of the customer and path, a delivery after a return, the return itself.
     */
    public static List<JourneyRecord> journeys() {
        return List.of(
                new JourneyRecord(
                        JourneyKind.CANCELLATION,
                        "c0001",
                        T0,
                        "e-1",
                        "std-30",
                        "2026-09",
                        30,
                        45,
                        2,
                        0,
                        "price",
                        2,
                        1,
                        1,
                        4,
                        "login>support_contact>cycle_skipped",
                        false,
                        0,
                        0,
                        false),
                new JourneyRecord(
                        JourneyKind.DELIVERY,
                        "c0002",
                        T0 + HOUR,
                        "e-2",
                        "lite-14",
                        "2026-08",
                        14,
                        70,
                        5,
                        5,
                        null,
                        0,
                        0,
                        0,
                        null,
                        "order>login",
                        true,
                        1,
                        0,
                        false),
                new JourneyRecord(
                        JourneyKind.REACTIVATION,
                        "c0002",
                        T0,
                        "e-3",
                        "lite-14",
                        "2026-08",
                        14,
                        0,
                        4,
                        0,
                        null,
                        0,
                        0,
                        0,
                        null,
                        null,
                        false,
                        0,
                        41,
                        true));
    }

    /** Documents in {@code index} (an alias that no index carries yet: 0). */
    static long count(ElasticsearchClient client, String index) throws IOException {
        client.indices().refresh(r -> r.index(index).allowNoIndices(true).ignoreUnavailable(true));
        return client.count(c -> c.index(index).allowNoIndices(true).ignoreUnavailable(true))
                .count();
    }

    /** Deletes the test's indices and templates. */
    static void cleanUp(ElasticsearchClient client, KizashiIndices indices) {
        try {
            client.indices().delete(d -> d.index(indices.allIndicesPattern()).allowNoIndices(true));
            for (ElasticsearchSetup.Template t : ElasticsearchSetup.Template.values()) {
                String name = t.templateName(indices);
                if (client.indices().existsIndexTemplate(e -> e.name(name)).value()) {
                    client.indices().deleteIndexTemplate(d -> d.name(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: names are unique per run
        }
    }
}
