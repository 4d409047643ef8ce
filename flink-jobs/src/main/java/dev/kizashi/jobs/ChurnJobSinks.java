package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.wire.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go: any number of sinks per output, each with a short stable id that
 * becomes part of its operator uid. The launcher wires files, Kafka and Elasticsearch; tests wire
 * collecting sinks.
 *
 * @param alerts every alert and closing record, held-out ones flagged (files, Elasticsearch)
 * @param notifications the alerts of treated episodes only: what call centers and messaging systems
 *     act on (the notification topic); never a held-out one
 * @param holdouts the alerts of held-out episodes only (kept for measurement, never sent)
 * @param outcomes each episode's outcome at its horizon
 * @param scores material score changes
 * @param deadLetters input that could not become an event
 * @param lateEvents events behind the watermark bound, as dead letters with reason LATE_EVENT
 * @param snapshots score snapshots at the configured times
 * @param journeys cancellations, deliveries and returns of the journey operator, which runs only
 *     when a journey sink is wired
 * @param singleWriter whether the sinks need parallelism 1 (one local file each)
 */
public record ChurnJobSinks(
        List<Named<Alert>> alerts,
        List<Named<Alert>> notifications,
        List<Named<Alert>> holdouts,
        List<Named<EpisodeOutcome>> outcomes,
        List<Named<ScoreUpdate>> scores,
        List<Named<DeadLetter>> deadLetters,
        List<Named<DeadLetter>> lateEvents,
        List<Named<ScoreUpdate>> snapshots,
        List<Named<JourneyRecord>> journeys,
        boolean singleWriter) {

    /**
     * A sink and the id that makes its uid, e.g. "kafka" gives "kizashi-alert-sink-kafka" (for an
     * alert and for a notification sink alike, see {@link JobState#UID_ALERT_SINK}). A sink with
     * {@code ownTask} is not chained to the detector, so its flushes (Elasticsearch waits for
     * acknowledgements on every checkpoint) do not hold up detection and the other sinks.
     */
    public record Named<T>(String id, Sink<T> sink, boolean ownTask) {
        public Named(String id, Sink<T> sink) {
            this(id, sink, false);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects sinks per output. */
    public static final class Builder {
        private final List<Named<Alert>> alerts = new ArrayList<>();
        private final List<Named<Alert>> notifications = new ArrayList<>();
        private final List<Named<Alert>> holdouts = new ArrayList<>();
        private final List<Named<EpisodeOutcome>> outcomes = new ArrayList<>();
        private final List<Named<ScoreUpdate>> scores = new ArrayList<>();
        private final List<Named<DeadLetter>> deadLetters = new ArrayList<>();
        private final List<Named<DeadLetter>> late = new ArrayList<>();
        private final List<Named<ScoreUpdate>> snapshots = new ArrayList<>();
        private final List<Named<JourneyRecord>> journeys = new ArrayList<>();
        private boolean singleWriter;

        public Builder alerts(String id, Sink<Alert> sink) {
            alerts.add(new Named<>(id, sink));
            return this;
        }

        /** An alert sink in a task of its own (not chained to the detector). */
        public Builder alertsInOwnTask(String id, Sink<Alert> sink) {
            alerts.add(new Named<>(id, sink, true));
            return this;
        }

        /**
         * A sink of treated alerts only (the notification topic, the console); its id must not be
         * an alert sink's as well (they share uids).
         */
        public Builder notifications(String id, Sink<Alert> sink) {
            notifications.add(new Named<>(id, sink));
            return this;
        }

        /** A sink of held-out alerts only. */
        public Builder holdouts(String id, Sink<Alert> sink) {
            holdouts.add(new Named<>(id, sink));
            return this;
        }

        public Builder outcomes(String id, Sink<EpisodeOutcome> sink) {
            outcomes.add(new Named<>(id, sink));
            return this;
        }

        public Builder scores(String id, Sink<ScoreUpdate> sink) {
            scores.add(new Named<>(id, sink));
            return this;
        }

        /** A score sink in a task of its own (not chained to the detector). */
        public Builder scoresInOwnTask(String id, Sink<ScoreUpdate> sink) {
            scores.add(new Named<>(id, sink, true));
            return this;
        }

        public Builder deadLetters(String id, Sink<DeadLetter> sink) {
            deadLetters.add(new Named<>(id, sink));
            return this;
        }

        public Builder lateEvents(String id, Sink<DeadLetter> sink) {
            late.add(new Named<>(id, sink));
            return this;
        }

        public Builder snapshots(String id, Sink<ScoreUpdate> sink) {
            snapshots.add(new Named<>(id, sink));
            return this;
        }

        /** A sink of journey records (the journey operator runs when there is one). */
        public Builder journeys(String id, Sink<JourneyRecord> sink) {
            journeys.add(new Named<>(id, sink));
            return this;
        }

        /** One writer per sink, for sinks that write one local file. */
        public Builder singleWriter(boolean single) {
            singleWriter = single;
            return this;
        }

        public ChurnJobSinks build() {
            for (Named<Alert> n : notifications) {
                if (alerts.stream().anyMatch(a -> a.id().equals(n.id()))) {
                    throw new IllegalArgumentException(
                            "sink id '"
                                    + n.id()
                                    + "' is both an alert and a notification sink (they share"
                                    + " operator uids)");
                }
            }
            return new ChurnJobSinks(
                    List.copyOf(alerts),
                    List.copyOf(notifications),
                    List.copyOf(holdouts),
                    List.copyOf(outcomes),
                    List.copyOf(scores),
                    List.copyOf(deadLetters),
                    List.copyOf(late),
                    List.copyOf(snapshots),
                    List.copyOf(journeys),
                    singleWriter);
        }
    }
}
