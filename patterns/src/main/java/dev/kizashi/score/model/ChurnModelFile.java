package dev.kizashi.score.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fitted churn model as a small JSON file: BG/NBD parameters (time unit: <b>days</b>) plus the
 * logistic calibrator on {@link ChurnFeatures}, and the dates each part was fitted on.
 *
 * @param timeUnit always {@code "days"}: {@code alpha} and all times are in days
 * @param r BG/NBD r
 * @param alpha BG/NBD alpha, in days
 * @param a BG/NBD a
 * @param b BG/NBD b
 * @param featureNames names of the calibrator's features, in order
 * @param intercept calibrator intercept
 * @param weights calibrator weights, one per feature
 * @param horizonDays default horizon: P(no order in the next {@code horizonDays} days)
 *     <p>Dates are ISO {@code yyyy-MM-dd} strings (no extra Jackson module needed).
 * @param bgnbdFittedThrough last day of the data the BG/NBD parameters saw
 * @param calibratorFittedFrom first day of the calibrator's label windows (exclusive start)
 * @param calibratorFittedThrough last day any part of the calibrator's training saw
 * @param calibratorCutoffs feature cut-offs of the calibrator's training rows
 * @param l2 penalty used for the calibrator
 * @param detectorSettings the detector configuration the model was fitted with, option key to value
 *     as text, sorted by key; empty when unknown (model files written before it was recorded lack
 *     the field and still load). The job compares it with its own configuration.
 * @param mutedPatterns precursor patterns that carried no signal in the training history and do not
 *     alert (names of {@code ChurnPattern}); empty when none or unknown
 * @param alertThresholds per pattern name, the churn probability from which it alerts; {@code
 *     HIGH_RISK}'s is the risk from which any alert goes out
 * @param channelThresholds per channel ({@code call_center}, ...), a higher risk from which alerts
 *     routed there go there; below it they go to the fallback channel
 * @param expectedPrecision first-alert precision the training history showed at {@code HIGH_RISK}'s
 *     threshold and at each channel's
 */
public record ChurnModelFile(
        String timeUnit,
        double r,
        double alpha,
        double a,
        double b,
        List<String> featureNames,
        double intercept,
        double[] weights,
        int horizonDays,
        String bgnbdFittedThrough,
        String calibratorFittedFrom,
        String calibratorFittedThrough,
        List<String> calibratorCutoffs,
        double l2,
        SortedMap<String, String> detectorSettings,
        List<String> mutedPatterns,
        SortedMap<String, Double> alertThresholds,
        SortedMap<String, Double> channelThresholds,
        SortedMap<String, Double> expectedPrecision)
        implements java.io.Serializable {

    public ChurnModelFile {
        detectorSettings = sortedCopy(detectorSettings);
        mutedPatterns = mutedPatterns == null ? List.of() : List.copyOf(mutedPatterns);
        alertThresholds = sortedNumbers(alertThresholds);
        channelThresholds = sortedNumbers(channelThresholds);
        expectedPrecision = sortedNumbers(expectedPrecision);
    }

    private static SortedMap<String, Double> sortedNumbers(Map<String, Double> values) {
        return Collections.unmodifiableSortedMap(
                values == null ? new TreeMap<>() : new TreeMap<>(values));
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> settings) {
        return Collections.unmodifiableSortedMap(
                settings == null ? new TreeMap<>() : new TreeMap<>(settings));
    }

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .findAndRegisterModules()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static ChurnModelFile of(
            BgNbd dayModel,
            LogisticCalibrator calibrator,
            int horizonDays,
            LocalDate bgnbdFittedThrough,
            List<LocalDate> calibratorCutoffs,
            LocalDate calibratorFittedThrough,
            double l2) {
        LocalDate from = calibratorCutoffs.stream().min(LocalDate::compareTo).orElse(null);
        return new ChurnModelFile(
                "days",
                dayModel.r(),
                dayModel.alpha(),
                dayModel.a(),
                dayModel.b(),
                calibrator.featureNames(),
                calibrator.intercept(),
                calibrator.weights(),
                horizonDays,
                bgnbdFittedThrough.toString(),
                String.valueOf(from),
                calibratorFittedThrough.toString(),
                calibratorCutoffs.stream().map(LocalDate::toString).toList(),
                l2,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The same model recording that it was fitted with {@code settings} (option key to value as
     * text, e.g. from {@code KizashiOptions.detectorSettings}).
     */
    public ChurnModelFile withDetectorSettings(Map<String, String> settings) {
        return with(settings, mutedPatterns, alertThresholds, channelThresholds, expectedPrecision);
    }

    /**
     * The same model muting {@code patterns} and alerting the others from {@code thresholds} (names
     * of {@code ChurnPattern}).
     */
    public ChurnModelFile withAlertGate(List<String> patterns, Map<String, Double> thresholds) {
        return with(
                detectorSettings,
                patterns,
                sortedNumbers(thresholds),
                channelThresholds,
                expectedPrecision);
    }

    /**
     * The same model routing alerts to a channel only from {@code channels}' risk (channel name to
     * threshold), with the precision {@code precision} the history showed at each threshold.
     */
    public ChurnModelFile withChannelGate(
            Map<String, Double> channels, Map<String, Double> precision) {
        return with(
                detectorSettings,
                mutedPatterns,
                alertThresholds,
                sortedNumbers(channels),
                sortedNumbers(precision));
    }

    /**
     * A short id of this exact model: the last day it was fitted on and a digest of its content,
     * stamped on every alert it lets out.
     */
    @JsonIgnore
    public String version() {
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return calibratorFittedThrough + "-" + java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The same fitted parameters with other settings, muted patterns and thresholds. */
    private ChurnModelFile with(
            Map<String, String> settings,
            List<String> muted,
            SortedMap<String, Double> thresholds,
            SortedMap<String, Double> channels,
            SortedMap<String, Double> precision) {
        return new ChurnModelFile(
                timeUnit,
                r,
                alpha,
                a,
                b,
                featureNames,
                intercept,
                weights,
                horizonDays,
                bgnbdFittedThrough,
                calibratorFittedFrom,
                calibratorFittedThrough,
                calibratorCutoffs,
                l2,
                sortedCopy(settings),
                muted,
                thresholds,
                channels,
                precision);
    }

    /** BG/NBD with alpha in days. */
    @JsonIgnore
    public BgNbd bgNbd() {
        return new BgNbd(r, alpha, a, b);
    }

    @JsonIgnore
    public LogisticCalibrator calibrator() {
        return new LogisticCalibrator(featureNames, intercept, weights);
    }

    /**
     * Calibrated P(no order in the next {@code horizonDays}) as of the end of {@code cutoffDay}.
     */
    public double churnProbability(PurchaseHistory history, int cutoffDay, double horizonDays) {
        return calibrator()
                .probability(ChurnFeatures.compute(bgNbd(), history, cutoffDay, horizonDays));
    }

    public void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }

    public static ChurnModelFile read(Path file) throws IOException {
        ChurnModelFile m = MAPPER.readValue(file.toFile(), ChurnModelFile.class);
        if (!"days".equals(m.timeUnit())) {
            throw new IOException("unsupported time unit " + m.timeUnit() + " in " + file);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChurnModelFile)) {
            return false;
        }
        ChurnModelFile m = (ChurnModelFile) o;
        return toString().equals(m.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ChurnModelFile[timeUnit="
                + timeUnit
                + ", r="
                + r
                + ", alpha="
                + alpha
                + ", a="
                + a
                + ", b="
                + b
                + ", featureNames="
                + featureNames
                + ", intercept="
                + intercept
                + ", weights="
                + java.util.Arrays.toString(weights)
                + ", horizonDays="
                + horizonDays
                + ", bgnbdFittedThrough="
                + bgnbdFittedThrough
                + ", calibratorFittedFrom="
                + calibratorFittedFrom
                + ", calibratorFittedThrough="
                + calibratorFittedThrough
                + ", calibratorCutoffs="
                + calibratorCutoffs
                + ", l2="
                + l2
                + ", detectorSettings="
                + detectorSettings
                + ", mutedPatterns="
                + mutedPatterns
                + ", alertThresholds="
                + alertThresholds
                + ", channelThresholds="
                + channelThresholds
                + ", expectedPrecision="
                + expectedPrecision
                + "]";
    }
}
