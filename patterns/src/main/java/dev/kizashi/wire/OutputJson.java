package dev.kizashi.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.Reason;
import java.time.Instant;
import java.util.List;

/**
 * The JSON documents the job writes (files, Kafka, Elasticsearch): one place, so every sink and the
 * index templates agree on field names. Times are ISO-8601 UTC strings.
 */
public final class OutputJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutputJson() {}

    public static ObjectNode alertNode(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("alertId", a.alertId());
        n.put("customerId", a.customerId());
        n.put("pattern", a.pattern().name());
        n.put("severity", a.severity().name());
        n.put("score", round(a.score()));
        n.set("reasons", reasons(a.reasons()));
        ArrayNode evidence = n.putArray("evidence");
        a.evidence().forEach(evidence::add);
        n.put("detail", a.detail());
        n.put("eventTime", iso(a.eventTime()));
        n.put("detectedAt", iso(a.detectedAt()));
        n.put("ltvTier", a.ltvTier());
        n.put("segment", a.segment());
        n.put("action", a.action());
        n.put("channel", a.channel());
        n.put("kind", a.kind().name());
        n.put("episodeId", a.episodeId());
        return n;
    }

    public static String alert(Alert a) {
        return alertNode(a).toString();
    }

    public static ObjectNode scoreNode(ScoreUpdate s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("customerId", s.customerId());
        n.put("asOf", iso(s.asOf()));
        n.put("score", round(s.score()));
        n.set("reasons", reasons(s.reasons()));
        n.put("orderDays", s.orderDays());
        if (s.lastOrderTs() > 0) {
            n.put("lastOrder", iso(s.lastOrderTs()));
        }
        if (!Double.isNaN(s.expectedGapDays())) {
            n.put("expectedGapDays", round(s.expectedGapDays()));
        }
        n.put("totalSpend", round(s.totalSpend()));
        n.put("subscribed", s.subscribed());
        if (s.firstSeenTs() > 0) {
            n.put("firstSeen", iso(s.firstSeenTs()));
        }
        n.put("churned", s.churned());
        ArrayNode alerted = n.putArray("alertedPatterns");
        s.alertedPatterns().forEach(alerted::add);
        n.put("segment", s.segment());
        n.put("ltvTier", s.ltvTier());
        n.put("ltvEstimate", round(s.ltvEstimate()));
        n.put("averageOrderValue", round(s.averageOrderValue()));
        if (s.rfm() != null) {
            n.put("rfm", s.rfm());
        }
        n.put("recencyScore", s.recencyScore());
        n.put("frequencyScore", s.frequencyScore());
        n.put("monetaryScore", s.monetaryScore());
        return n;
    }

    public static String score(ScoreUpdate s) {
        return scoreNode(s).toString();
    }

    private static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Reason r : reasons) {
            ObjectNode o = arr.addObject();
            o.put("code", r.code().name());
            o.put("value", round(r.value()));
            o.put("en", r.en());
            o.put("ja", r.ja());
        }
        return arr;
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
