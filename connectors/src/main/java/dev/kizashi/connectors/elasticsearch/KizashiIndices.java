package dev.kizashi.connectors.elasticsearch;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.OutputJson;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of Kizashi's indices, aliases and index templates, under a prefix ({@code kizashi} in
 * production; tests use their own so they never collide):
 *
 * <ul>
 *   <li>alerts: monthly indices {@code <prefix>-alerts-YYYY.MM} (UTC month of eventTime) behind the
 *       alias {@code <prefix>-alerts}; id = alertId
 *   <li>scores: one index {@code <prefix>-scores}, one document per customer (id = customerId,
 *       external version = asOf, so the newest score wins)
 *   <li>score history: monthly indices {@code <prefix>-score-history-YYYY.MM} (month of asOf)
 *       behind the alias {@code <prefix>-score-history}; id = customerId:asOf
 *   <li>outcomes: one index {@code <prefix>-outcomes}, one document per episode (id = episodeId)
 *   <li>journeys: monthly indices {@code <prefix>-journeys-YYYY.MM} (month of eventTime) behind the
 *       alias {@code <prefix>-journeys}; id = customerId:kind:k for a delivery, else
 *       customerId:kind:eventTime
 * </ul>
 */
public final class KizashiIndices implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_PREFIX = "kizashi";
    private static final Pattern VALID_PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy.MM", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String prefix;

    public KizashiIndices(String prefix) {
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "index prefix must be lower case letters, digits, '-', '_' or '.', got "
                            + prefix);
        }
        this.prefix = prefix;
    }

    public static KizashiIndices standard() {
        return new KizashiIndices(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public String alertsAlias() {
        return prefix + "-alerts";
    }

    public String alertsIndex(long eventTimeMs) {
        return prefix + "-alerts-" + MONTH.format(Instant.ofEpochMilli(eventTimeMs));
    }

    public String alertsPattern() {
        return prefix + "-alerts-*";
    }

    public String scoresIndex() {
        return prefix + "-scores";
    }

    public String scoreHistoryAlias() {
        return prefix + "-score-history";
    }

    public String scoreHistoryIndex(long asOfMs) {
        return prefix + "-score-history-" + MONTH.format(Instant.ofEpochMilli(asOfMs));
    }

    public String scoreHistoryPattern() {
        return prefix + "-score-history-*";
    }

    public String outcomesIndex() {
        return prefix + "-outcomes";
    }

    public String journeysAlias() {
        return prefix + "-journeys";
    }

    public String journeysIndex(long eventTimeMs) {
        return prefix + "-journeys-" + MONTH.format(Instant.ofEpochMilli(eventTimeMs));
    }

    /** Every index of this prefix (for searches and clean-up). */
    public String allIndicesPattern() {
        return prefix + "-*";
    }

    public static String scoreHistoryId(ScoreUpdate s) {
        return s.customerId() + ":" + s.asOf();
    }

    /** Alerts into their monthly index, id = alertId. */
    public ElasticsearchSink.Builder<Alert> alertsSink(ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<Alert>builder()
                .settings(settings)
                .indexFunction(a -> alertsIndex(a.eventTime()))
                .idFunction(Alert::alertId)
                .documentFunction(OutputJson::alertNode);
    }

    /** Latest score per customer: id = customerId, external version = asOf (newest wins). */
    public ElasticsearchSink.Builder<ScoreUpdate> scoresSink(ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<ScoreUpdate>builder()
                .settings(settings)
                .index(scoresIndex())
                .idFunction(ScoreUpdate::customerId)
                .versionFunction(ScoreUpdate::asOf)
                .documentFunction(OutputJson::scoreNode);
    }

    /** Every score update into its monthly history index, id = customerId:asOf. */
    public ElasticsearchSink.Builder<ScoreUpdate> scoreHistorySink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<ScoreUpdate>builder()
                .settings(settings)
                .indexFunction(s -> scoreHistoryIndex(s.asOf()))
                .idFunction(KizashiIndices::scoreHistoryId)
                .documentFunction(OutputJson::scoreNode);
    }

    /**
     * Journey records into their monthly index; the id (customer, kind, delivery number or event
     * time) makes a replay overwrite instead of duplicate.
     */
    public ElasticsearchSink.Builder<JourneyRecord> journeysSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<JourneyRecord>builder()
                .settings(settings)
                .indexFunction(r -> journeysIndex(r.eventTime()))
                .idFunction(JourneyRecord::documentId)
                .documentFunction(OutputJson::journeyNode);
    }

    /**
     * Journey documents read back from the journeys topic ({@link TopicDocuments#journey}) into
     * their monthly index, with the id {@link #journeysSink} gives them.
     */
    public ElasticsearchSink.Builder<TopicDocument> journeyDocumentsSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<TopicDocument>builder()
                .settings(settings)
                .indexFunction(d -> journeysIndex(d.time()))
                .idFunction(TopicDocument::key)
                .jsonBytesFunction(TopicDocument::jsonBytes);
    }

    /**
     * Alert documents read back from the alerts topic ({@link TopicDocuments#alert}) into their
     * monthly index, id = alertId, indexed as they stand on the topic.
     */
    public ElasticsearchSink.Builder<TopicDocument> alertDocumentsSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<TopicDocument>builder()
                .settings(settings)
                .indexFunction(d -> alertsIndex(d.time()))
                .idFunction(TopicDocument::key)
                .jsonBytesFunction(TopicDocument::jsonBytes);
    }

    /**
     * Score documents read back from the scores topic ({@link TopicDocuments#score}): id =
     * customerId, external version = asOf (newest wins), as {@link #scoresSink}.
     */
    public ElasticsearchSink.Builder<TopicDocument> scoreDocumentsSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<TopicDocument>builder()
                .settings(settings)
                .index(scoresIndex())
                .idFunction(TopicDocument::key)
                .versionFunction(TopicDocument::time)
                .jsonBytesFunction(TopicDocument::jsonBytes);
    }

    /** Score documents from the scores topic into the monthly history, id = customerId:asOf. */
    public ElasticsearchSink.Builder<TopicDocument> scoreHistoryDocumentsSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<TopicDocument>builder()
                .settings(settings)
                .indexFunction(d -> scoreHistoryIndex(d.time()))
                .idFunction(d -> d.key() + ":" + d.time())
                .jsonBytesFunction(TopicDocument::jsonBytes);
    }

    /**
     * Outcome documents read back from the outcomes topic ({@link TopicDocuments#outcome}): id =
     * episodeId, so a replay or a restart rewrites the episode's one document.
     */
    public ElasticsearchSink.Builder<TopicDocument> outcomeDocumentsSink(
            ElasticsearchClientSettings settings) {
        return ElasticsearchSink.<TopicDocument>builder()
                .settings(settings)
                .index(outcomesIndex())
                .idFunction(TopicDocument::key)
                .jsonBytesFunction(TopicDocument::jsonBytes);
    }

    @Override
    public String toString() {
        return "KizashiIndices{" + prefix + '}';
    }
}
