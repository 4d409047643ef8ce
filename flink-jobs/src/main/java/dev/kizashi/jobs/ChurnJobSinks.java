package dev.kizashi.jobs;

import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.codec.DeadLetter;
import dev.kizashi.model.CustomerEvent;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go. The launcher wires files, Kafka or Elasticsearch; tests wire
 * collecting sinks.
 *
 * @param alerts alerts for people and messaging systems
 * @param alertFeed an optional second alert sink (the console feed of the embedded run), or null
 * @param scores material score changes
 * @param deadLetters input that could not become an event
 * @param lateEvents events behind the watermark bound
 * @param snapshots score snapshots at the configured times, or null
 * @param singleWriter whether the sinks need parallelism 1 (one local file each)
 */
public record ChurnJobSinks(
        Sink<Alert> alerts,
        Sink<Alert> alertFeed,
        Sink<ScoreUpdate> scores,
        Sink<DeadLetter> deadLetters,
        Sink<CustomerEvent> lateEvents,
        Sink<ScoreUpdate> snapshots,
        boolean singleWriter) {}
