package dev.kizashi.score.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

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
        double l2)
        implements java.io.Serializable {

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
                l2);
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
                + "]";
    }
}
