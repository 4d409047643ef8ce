package dev.kizashi.connectors.elasticsearch;

import java.nio.charset.StandardCharsets;

/**
 * One document read back from the alerts, control, scores or outcomes topic, checked against its
 * index template and ready to index exactly as the churn job wrote it.
 *
 * @param key the document's identity: the alertId of an alert, the customerId of a score, the
 *     episodeId of an outcome, {@code JourneyRecord.documentId} of a journey
 * @param time epoch ms that places it: an alert's eventTime (its monthly index), a score's asOf
 *     (external version and history month), an outcome's outcomeAt, a journey's eventTime (its
 *     monthly index)
 * @param json the document as it stands on the topic
 */
public record TopicDocument(String key, long time, String json) {

    /** The document's UTF-8 bytes, as sent in a bulk request. */
    public byte[] jsonBytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
