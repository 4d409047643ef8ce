package dev.kizashi.jobs;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.kizashi.detect.DetectorConfig;
import dev.kizashi.score.ScoringConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * Every option of the churn job, typed, with its default and description. Set them with {@code
 * --conf key=value} on the launcher or in the Flink configuration of a cluster; the README lists
 * them all with their defaults (a test keeps it honest).
 *
 * <p>The defaults of the options that feed {@link DetectorConfig} and {@link ScoringConfig} are
 * read from those records' {@code DEFAULTS}, where each value is written once; the others are
 * written here.
 */
public final class KizashiOptions {
    private KizashiOptions() {}

    private static final DetectorConfig DETECT = DetectorConfig.DEFAULTS;

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            key("kizashi.watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How far out of event-time order events may arrive. Events later than"
                                    + " this behind the watermark go to the late output.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key("kizashi.watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A source split with no events for this long stops holding back the"
                                    + " watermark, so quiet partitions do not stall every timer.");

    public static final ConfigOption<Duration> DORMANT_AFTER =
            key("kizashi.detect.dormant-after")
                    .durationType()
                    .defaultValue(DETECT.dormantAfter())
                    .withDescription("No activity of any kind for this long raises DORMANT.");

    public static final ConfigOption<Double> OVERDUE_SPREADS =
            key("kizashi.detect.overdue-spreads")
                    .doubleType()
                    .defaultValue(DETECT.overdueSpreads())
                    .withDescription(
                            "OVERDUE_ORDER fires when no order came by the customer's own mean gap"
                                    + " plus this many of their own gap spreads.");

    public static final ConfigOption<Integer> OVERDUE_MIN_ORDERS =
            key("kizashi.detect.overdue-min-orders")
                    .intType()
                    .defaultValue(DETECT.overdueMinOrders())
                    .withDescription(
                            "Distinct order days a non-subscription customer needs before they"
                                    + " have a rhythm of their own to be overdue against.");

    public static final ConfigOption<Duration> PAYMENT_RECOVERY_WINDOW =
            key("kizashi.detect.payment-recovery-window")
                    .durationType()
                    .defaultValue(DETECT.paymentRecoveryWindow())
                    .withDescription(
                            "A payment_failed not followed by payment_recovered within this raises"
                                    + " PAYMENT_FAILURE_UNRECOVERED.");

    public static final ConfigOption<Integer> SUPPORT_SPIKE_CONTACTS =
            key("kizashi.detect.support-spike-contacts")
                    .intType()
                    .defaultValue(DETECT.supportSpikeContacts())
                    .withDescription(
                            "This many support contacts within the spike window raise"
                                    + " SUPPORT_SPIKE.");

    public static final ConfigOption<Duration> SUPPORT_SPIKE_WINDOW =
            key("kizashi.detect.support-spike-window")
                    .durationType()
                    .defaultValue(DETECT.supportSpikeWindow())
                    .withDescription("The window of SUPPORT_SPIKE.");

    public static final ConfigOption<Duration> MISSED_CYCLE_GRACE =
            key("kizashi.detect.missed-cycle-grace")
                    .durationType()
                    .defaultValue(DETECT.missedCycleGrace())
                    .withDescription(
                            "A subscriber's cycle order not seen by the last cycle order (or start"
                                    + " or skip) plus the plan's cycle plus this grace raises"
                                    + " SKIPPED_CYCLE (for subscribers this replaces OVERDUE_ORDER).");

    public static final ConfigOption<Integer> SUPPORT_SPIKE_NEGATIVES =
            key("kizashi.detect.support-spike-negatives")
                    .intType()
                    .defaultValue(DETECT.supportSpikeNegatives())
                    .withDescription(
                            "This many negative support contacts or detractor feedbacks (score <="
                                    + " 6) within the spike window also raise SUPPORT_SPIKE"
                                    + " (at most "
                                    + DetectorConfig.MAX_NEGATIVES
                                    + ").");

    public static final ConfigOption<Duration> PRICE_COMPLAINT_WINDOW =
            key("kizashi.detect.price-complaint-window")
                    .durationType()
                    .defaultValue(DETECT.priceComplaintWindow())
                    .withDescription(
                            "A price or billing complaint not followed by an order within this"
                                    + " raises CANCEL_INTENT.");

    public static final ConfigOption<Double> ENGAGEMENT_DROP_RATIO =
            key("kizashi.detect.engagement-drop-ratio")
                    .doubleType()
                    .defaultValue(DETECT.engagementDropRatio())
                    .withDescription(
                            "ENGAGEMENT_DROP when the 14-day engagement rate falls below this"
                                    + " fraction of the customer's own 90-day rate.");

    public static final ConfigOption<Duration> ENGAGEMENT_MIN_HISTORY =
            key("kizashi.detect.engagement-min-history")
                    .durationType()
                    .defaultValue(DETECT.engagementMinHistory())
                    .withDescription(
                            "Engagement history a customer needs before ENGAGEMENT_DROP applies.");

    public static final ConfigOption<Double> ENGAGEMENT_MIN_BASELINE =
            key("kizashi.detect.engagement-min-baseline")
                    .doubleType()
                    .defaultValue(DETECT.engagementMinBaselinePerDay())
                    .withDescription(
                            "Own 90-day engagement rate (events per day) below which a customer"
                                    + " is too quiet for ENGAGEMENT_DROP.");

    public static final ConfigOption<Double> SLOWDOWN_GAP_FACTOR =
            key("kizashi.detect.slowdown-gap-factor")
                    .doubleType()
                    .defaultValue(DETECT.slowdownGapFactor())
                    .withDescription(
                            "HIGH_VALUE_SLOWDOWN when a top-decile LTV customer's current gap"
                                    + " exceeds this many of their own mean gaps.");

    public static final ConfigOption<Duration> DOWNGRADE_WINDOW =
            key("kizashi.detect.downgrade-window")
                    .durationType()
                    .defaultValue(DETECT.downgradeWindow())
                    .withDescription(
                            "A plan downgrade followed within this by an unsubscribe or a negative"
                                    + " support contact raises DOWNGRADE_SEQUENCE.");

    public static final ConfigOption<Duration> ALERT_COOLDOWN =
            key("kizashi.alert.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "No repeat alert of the same pattern for the same customer within this"
                                    + " much event time (suppressed repeats are counted); a more"
                                    + " severe alert still goes out as an escalation. 0 disables"
                                    + " the cooldown.");

    public static final ConfigOption<Duration> STATE_RETENTION =
            key("kizashi.state.retention")
                    .durationType()
                    .defaultValue(DETECT.retention())
                    .withDescription(
                            "State of a customer with no event for this long (event time) is"
                                    + " deleted, so state stays bounded.");

    public static final ConfigOption<Duration> DEDUPE_WINDOW =
            key("kizashi.dedupe.window")
                    .durationType()
                    .defaultValue(DETECT.dedupeWindow())
                    .withDescription(
                            "An eventId seen again for the same customer within this much event"
                                    + " time is a duplicate and counted once.");

    public static final ConfigOption<Integer> DEDUPE_MAX_IDS =
            key("kizashi.dedupe.max-ids")
                    .intType()
                    .defaultValue(DETECT.dedupeMaxIds())
                    .withDescription(
                            "How many recent eventIds are remembered per customer for"
                                    + " deduplication (64-bit hashes).");

    public static final ConfigOption<Double> SCORE_MATERIAL_CHANGE =
            key("kizashi.score.material-change")
                    .doubleType()
                    .defaultValue(ScoringConfig.DEFAULTS.materialChange())
                    .withDescription(
                            "A customer's score is emitted again when it moved by at least this"
                                    + " much or its top reasons changed.");

    public static final ConfigOption<Duration> VALUE_EPOCH =
            key("kizashi.value.epoch")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "LTV tiers and RFM frequency/monetary scores rank a customer among the"
                                    + " customers with an order seen in the last complete span of"
                                    + " this much event time, each counted once.");

    public static final ConfigOption<Integer> VALUE_MIN_POPULATION =
            key("kizashi.value.min-population")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Customers needed (per parallel instance) before tiers are assigned;"
                                    + " below it customers are 'unranked' and HIGH_VALUE_SLOWDOWN"
                                    + " does not fire.");

    public static final ConfigOption<String> SCORE_MODEL =
            key("kizashi.score.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A model file written by `kizashi fit` (BG/NBD parameters and the"
                                    + " calibrated layer). Without it the score is the documented"
                                    + " prior-based default.");

    public static final ConfigOption<Boolean> ALERT_AFTER_KNOWN_CHURN =
            key("kizashi.alert.after-known-churn")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether a customer whose churn is already known (cancelled; a"
                                    + " subscriber whose next delivery did not come within the"
                                    + " grace; a buyer past the due date of the next order by"
                                    + " the own mean gap) is still alerted, apart from the"
                                    + " missed-cycle, overdue and slowdown alerts that reveal"
                                    + " the stop; such an alert is a win-back, not a retention"
                                    + " call.");

    public static final ConfigOption<Double> ALERT_RISK_THRESHOLD =
            key("kizashi.alert.risk-threshold")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "The churn probability from which an alert goes out (0-1), with a"
                                    + " model (kizashi.score.model; without one it does"
                                    + " nothing). Without it, the model's: `kizashi fit` chooses"
                                    + " it on the history beside the naive rule.");

    public static final ConfigOption<Map<String, String>> ALERT_CHANNEL_THRESHOLDS =
            key("kizashi.alert.channel-thresholds")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Per channel, the churn probability from which alerts routed there go"
                                    + " there, e.g. `call_center:0.5`; below it they go to the"
                                    + " fallback channel. Needs a model. Without it, the model's:"
                                    + " `kizashi fit --channel-precision` or `--channel-capacity`"
                                    + " chooses them.");

    public static final ConfigOption<String> ALERT_FALLBACK_CHANNEL =
            key("kizashi.alert.fallback-channel")
                    .stringType()
                    .defaultValue(dev.kizashi.step.RoutingTable.DEFAULT_FALLBACK_CHANNEL)
                    .withDescription(
                            "Where an alert goes whose risk is below its channel's threshold.");

    public static final ConfigOption<List<String>> MUTED_PATTERNS =
            key("kizashi.alert.muted-patterns")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Patterns that do not alert (ChurnPattern names separated by ;, or"
                                    + " none). Without it, the model's: `kizashi fit` mutes the"
                                    + " patterns that carried no signal in the history.");

    public static final ConfigOption<Double> CONTROL_SHARE =
            key("kizashi.control.share")
                    .doubleType()
                    .defaultValue(dev.kizashi.pdca.ControlGroup.DEFAULT_SHARE)
                    .withDescription(
                            "The share of episodes held out as the control group (0-1): their"
                                    + " alerts are kept (Elasticsearch, files, holdout: true) but"
                                    + " never sent to the notification topic, so the effect of"
                                    + " acting can be measured (kizashi effect). 0: none.");

    public static final ConfigOption<Map<String, String>> CONTROL_SHARES =
            key("kizashi.control.shares")
                    .mapType()
                    .noDefaultValue()
                    .withDescription(
                            "Per pattern or channel, the share held out of episodes it opens, e.g."
                                    + " `DORMANT:0.2,call_center:0.05`; a pattern's wins over a"
                                    + " channel's, both over kizashi.control.share.");

    public static final ConfigOption<String> CONTROL_SALT =
            key("kizashi.control.salt")
                    .stringType()
                    .defaultValue(dev.kizashi.pdca.ControlGroup.DEFAULT_SALT)
                    .withDescription(
                            "Salt of the hash of customer and episode that decides the control"
                                    + " group; the same salt decides the same on a replay. Change"
                                    + " it to draw a new control group.");

    public static final ConfigOption<Duration> OUTCOME_HORIZON =
            key("kizashi.outcome.horizon")
                    .durationType()
                    .defaultValue(Duration.ofDays(60))
                    .withDescription(
                            "How long after an episode's first alert its outcome (retained,"
                                    + " churned, reactivated; orders, revenue, actions) is"
                                    + " recorded, in event time.");

    public static final ConfigOption<Boolean> JOURNEYS_ENABLED =
            key("kizashi.journeys.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Run the journey operator, which records each cancellation, delivery"
                                    + " 1-12 and return for the analyses (解約理由, ルート分析,"
                                    + " 回数別継続率, 休眠復帰). false saves its state and a second"
                                    + " shuffle of the events (about 15% of an embedded"
                                    + " run's throughput); alerts, scores and outcomes do not"
                                    + " depend on it.");

    public static final ConfigOption<List<String>> SCORE_SNAPSHOTS =
            key("kizashi.score.snapshot-at")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "ISO-8601 instants (separated by ;) at which every known customer's"
                                    + " score is emitted to the snapshot output, e.g. the"
                                    + " calibration end of an evaluation.");

    public static final ConfigOption<Integer> MAX_LINE_CHARS =
            key("kizashi.input.max-line-chars")
                    .intType()
                    .defaultValue(64 * 1024)
                    .withDescription(
                            "Longer input records go to the dead-letter output as OVERSIZED.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("kizashi.checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Exactly-once checkpoint interval (RocksDB, incremental). Sinks commit"
                                    + " on checkpoints.");

    public static final ConfigOption<Boolean> CHECKPOINT_CHANGELOG =
            key("kizashi.checkpoint.changelog")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Checkpoint through Flink's changelog state backend, unaligned: each"
                                    + " checkpoint uploads the state changes since the last one"
                                    + " instead of flushing RocksDB, which took alert p99 from"
                                    + " 0.3-0.6 s to under 25 ms (kizashi bench). Its files go to"
                                    + " <checkpoint dir>/changelog unless"
                                    + " state.changelog.dstl.dfs.base-path is set; without either"
                                    + " it stays off. Flink's own state.changelog.enabled and"
                                    + " execution.checkpointing.unaligned.enabled win when set.");

    /**
     * The options that feed {@link DetectorConfig} (as {@code ChurnJobConfig.from} reads them), in
     * key order: what a fitted model records and the job compares.
     */
    public static List<ConfigOption<?>> detectorOptions() {
        return all().stream()
                .filter(
                        o ->
                                o.key().startsWith("kizashi.detect.")
                                        || o.key().startsWith("kizashi.dedupe.")
                                        || o == STATE_RETENTION)
                .sorted(Comparator.comparing(ConfigOption::key))
                .toList();
    }

    /**
     * The detector settings of {@code conf}: every option of {@link #detectorOptions()}, key to
     * value as text, sorted by key. Durations are written with their highest whole unit ({@code "30
     * d"}, so 720 h reads the same), other values as Java prints them.
     */
    public static Map<String, String> detectorSettings(Configuration conf) {
        Map<String, String> out = new TreeMap<>();
        for (ConfigOption<?> o : detectorOptions()) {
            out.put(o.key(), text(conf.get(o)));
        }
        return out;
    }

    /**
     * The keys of {@link #detectorOptions()} whose value in {@code fromModel} (a model file's
     * recorded settings) differs from the value in {@code conf}, compared as typed values (so
     * {@code "30 d"} equals {@code "720 h"}). A key the model did not record is not compared (its
     * value is unknown); a recorded value that does not parse differs. Empty when {@code fromModel}
     * is null or empty (a model written before settings were recorded).
     */
    public static List<String> detectorDifferences(
            Map<String, String> fromModel, Configuration conf) {
        if (fromModel == null || fromModel.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ConfigOption<?> o : detectorOptions()) {
            String recorded = fromModel.get(o.key());
            if (recorded == null) {
                continue;
            }
            Object fitted;
            try {
                fitted = Configuration.fromMap(Map.of(o.key(), recorded)).get(o);
            } catch (RuntimeException e) {
                out.add(o.key());
                continue;
            }
            if (!Objects.equals(fitted, conf.get(o))) {
                out.add(o.key());
            }
        }
        return out;
    }

    /** A value as {@link #detectorSettings} writes it. */
    static String text(Object value) {
        return value instanceof Duration d
                ? TimeUtils.formatWithHighestUnit(d)
                : String.valueOf(value);
    }

    /** All options, for documentation and the README check. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Field f : KizashiOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    out.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
