package dev.kizashi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.Outcome;
import dev.kizashi.wire.OutputJson.F;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Typed readers of the documents {@link OutputJson} writes (alerts.jsonl, scores.jsonl,
 * score-snapshots.jsonl, the Kafka topics, Elasticsearch hits), so no reader spells a field name.
 */
public final class OutputDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutputDocuments() {}

    /** One reason of a score, as written. */
    public record ReasonDoc(String code, double value, String en, String ja) {}

    /**
     * An alert document; times in epoch ms.
     *
     * @param kind ALERT, ESCALATION, RESOLVED or CHURNED (ALERT in files written before kinds)
     */
    public record AlertDoc(
            String alertId,
            String customerId,
            String pattern,
            String severity,
            double score,
            List<ReasonDoc> reasons,
            List<String> evidence,
            String detail,
            long eventTime,
            long detectedAt,
            String ltvTier,
            String segment,
            String action,
            String channel,
            String kind,
            String episodeId,
            boolean holdout) {

        /** An alert to act on (ALERT or ESCALATION), not an episode's closing record. */
        public boolean isAlert() {
            return kind.equals("ALERT") || kind.equals("ESCALATION");
        }

        /** The first alert of its episode (as {@code Alert.opensEpisode}). */
        public boolean opensEpisode() {
            return kind.equals("ALERT") && alertId.equals(episodeId);
        }
    }

    /**
     * A score document; times in epoch ms, 0 when absent; {@code expectedGapDays} NaN when absent.
     */
    public record ScoreDoc(
            String customerId,
            long asOf,
            double score,
            List<ReasonDoc> reasons,
            int orderDays,
            long lastOrderTs,
            double expectedGapDays,
            double totalSpend,
            boolean subscribed,
            long firstSeenTs,
            boolean churned,
            List<String> alertedPatterns,
            String segment,
            String ltvTier,
            double ltvEstimate,
            double averageOrderValue,
            String rfm,
            int recencyScore,
            int frequencyScore,
            int monetaryScore) {}

    public static AlertDoc alert(JsonNode n) {
        return new AlertDoc(
                text(n, F.ALERT_ID),
                text(n, F.CUSTOMER_ID),
                text(n, F.PATTERN),
                text(n, F.SEVERITY),
                n.path(F.SCORE).asDouble(),
                reasons(n),
                strings(n, F.EVIDENCE),
                text(n, F.DETAIL),
                time(n, F.EVENT_TIME),
                time(n, F.DETECTED_AT),
                text(n, F.LTV_TIER),
                text(n, F.SEGMENT),
                text(n, F.ACTION),
                text(n, F.CHANNEL),
                n.path(F.KIND).asText("ALERT"),
                text(n, F.EPISODE_ID),
                n.path(F.HOLDOUT).asBoolean());
    }

    public static ScoreDoc score(JsonNode n) {
        return new ScoreDoc(
                text(n, F.CUSTOMER_ID),
                time(n, F.AS_OF),
                n.path(F.SCORE).asDouble(),
                reasons(n),
                n.path(F.ORDER_DAYS).asInt(),
                time(n, F.LAST_ORDER),
                n.hasNonNull(F.EXPECTED_GAP_DAYS)
                        ? n.get(F.EXPECTED_GAP_DAYS).asDouble()
                        : Double.NaN,
                n.path(F.TOTAL_SPEND).asDouble(),
                n.path(F.SUBSCRIBED).asBoolean(),
                time(n, F.FIRST_SEEN),
                n.path(F.CHURNED).asBoolean(),
                strings(n, F.ALERTED_PATTERNS),
                text(n, F.SEGMENT),
                text(n, F.LTV_TIER),
                n.path(F.LTV_ESTIMATE).asDouble(),
                n.path(F.AVERAGE_ORDER_VALUE).asDouble(),
                text(n, F.RFM),
                n.path(F.RECENCY_SCORE).asInt(),
                n.path(F.FREQUENCY_SCORE).asInt(),
                n.path(F.MONETARY_SCORE).asInt());
    }

    public static AlertDoc alert(String json) {
        return alert(parse(json));
    }

    public static ScoreDoc score(String json) {
        return score(parse(json));
    }

    /** Every alert document of a JSON-lines file, in file order. */
    public static List<AlertDoc> readAlerts(Path file) throws IOException {
        List<AlertDoc> out = new ArrayList<>();
        forEachLine(file, n -> out.add(alert(n)));
        return out;
    }

    /** An outcome document as {@code OutputJson.outcomeNode} writes it. */
    public static EpisodeOutcome outcome(JsonNode n) {
        return new EpisodeOutcome(
                text(n, F.EPISODE_ID),
                text(n, F.CUSTOMER_ID),
                text(n, F.PATTERN),
                text(n, F.SEVERITY),
                text(n, F.CHANNEL),
                text(n, F.ACTION),
                n.path(F.SCORE).asDouble(),
                text(n, F.SEGMENT),
                text(n, F.LTV_TIER),
                n.path(F.HOLDOUT).asBoolean(),
                text(n, F.MODEL_VERSION),
                time(n, F.OPENED_AT),
                time(n, F.OUTCOME_AT),
                n.path(F.HORIZON_DAYS).asInt(),
                Outcome.valueOf(n.path(F.OUTCOME).asText()),
                time(n, F.CHURNED_AT),
                text(n, F.CANCEL_REASON),
                n.path(F.ORDERS).asInt(),
                n.path(F.REVENUE).asDouble(),
                n.path(F.ACTIONS).asInt(),
                n.path(F.REACHED).asInt(),
                n.path(F.ACCEPTED).asInt(),
                n.path(F.ACTION_COST).asDouble(),
                text(n, F.FIRST_ACTION_CHANNEL),
                text(n, F.FIRST_ACTION),
                text(n, F.OFFER),
                text(n, F.CAMPAIGN));
    }

    /** A journey document as {@code OutputJson.journeyNode} writes it. */
    public static JourneyRecord journey(JsonNode n) {
        return new JourneyRecord(
                JourneyKind.valueOf(n.path(F.KIND).asText()),
                text(n, F.CUSTOMER_ID),
                time(n, F.EVENT_TIME),
                text(n, F.EVENT_ID),
                text(n, F.PLAN_ID),
                text(n, F.COHORT),
                n.path(F.CYCLE_DAYS).asInt(),
                n.path(F.TENURE_DAYS).asInt(),
                n.path(F.DELIVERIES).asInt(),
                n.path(F.K).asInt(),
                text(n, F.CANCEL_REASON),
                n.path(F.SUPPORT_CONTACTS_30D).asInt(),
                n.path(F.NEGATIVE_CONTACTS_30D).asInt(),
                n.path(F.NEGATIVE_FEEDBACK_30D).asInt(),
                n.hasNonNull(F.LAST_FEEDBACK_SCORE) ? n.get(F.LAST_FEEDBACK_SCORE).asInt() : null,
                text(n, F.PATH),
                n.path(F.AFTER_REACTIVATION).asBoolean(),
                n.path(F.DELIVERIES_SINCE_REACTIVATION).asInt(),
                n.path(F.DAYS_AWAY).asInt(),
                n.path(F.AFTER_CANCELLATION).asBoolean());
    }

    /** Every journey document of a JSON-lines file, in file order. */
    public static List<JourneyRecord> readJourneys(Path file) throws IOException {
        List<JourneyRecord> out = new ArrayList<>();
        forEachLine(file, n -> out.add(journey(n)));
        return out;
    }

    public static List<EpisodeOutcome> readOutcomes(Path file) throws IOException {
        List<EpisodeOutcome> out = new ArrayList<>();
        forEachLine(file, n -> out.add(outcome(n)));
        return out;
    }

    /** Streams the score documents of a JSON-lines file (score files run to gigabytes). */
    public static void forEachScore(Path file, Consumer<ScoreDoc> each) throws IOException {
        forEachLine(file, n -> each.accept(score(n)));
    }

    private static void forEachLine(Path file, Consumer<JsonNode> each) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    each.accept(MAPPER.readTree(line));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static long time(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()).toEpochMilli() : 0;
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<ReasonDoc> reasons(JsonNode n) {
        List<ReasonDoc> out = new ArrayList<>();
        for (JsonNode r : n.path(F.REASONS)) {
            out.add(
                    new ReasonDoc(
                            text(r, F.CODE),
                            r.path(F.VALUE).asDouble(),
                            text(r, F.EN),
                            text(r, F.JA)));
        }
        return out;
    }
}
