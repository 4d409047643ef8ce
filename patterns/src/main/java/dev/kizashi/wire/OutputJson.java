package dev.kizashi.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.alert.Alert;
import dev.kizashi.alert.ScoreUpdate;
import dev.kizashi.model.Reason;
import dev.kizashi.pdca.EpisodeOutcome;
import dev.kizashi.pdca.JourneyRecord;
import java.time.Instant;
import java.util.List;

/**
 * The JSON documents the job writes (files, Kafka, Elasticsearch): one place, so every sink and the
 * index templates agree on field names. Times are ISO-8601 UTC strings.
 */
public final class OutputJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OutputJson() {}

    /** Field names of the documents, shared by the writers here and {@link OutputDocuments}. */
    public static final class F {
        private F() {}

        public static final String ALERT_ID = "alertId";
        public static final String CUSTOMER_ID = "customerId";
        public static final String PATTERN = "pattern";
        public static final String SEVERITY = "severity";
        public static final String SCORE = "score";
        public static final String REASONS = "reasons";
        public static final String EVIDENCE = "evidence";
        public static final String DETAIL = "detail";
        public static final String EVENT_TIME = "eventTime";
        public static final String DETECTED_AT = "detectedAt";
        public static final String LTV_TIER = "ltvTier";
        public static final String SEGMENT = "segment";
        public static final String ACTION = "action";
        public static final String CHANNEL = "channel";
        public static final String KIND = "kind";
        public static final String EPISODE_ID = "episodeId";
        public static final String HOLDOUT = "holdout";
        public static final String SCORE_BAND = "scoreBand";
        public static final String OPENED_AT = "openedAt";
        public static final String OUTCOME_AT = "outcomeAt";
        public static final String HORIZON_DAYS = "horizonDays";
        public static final String OUTCOME = "outcome";
        public static final String KEPT = "kept";
        public static final String CHURNED_AT = "churnedAt";
        public static final String CANCEL_REASON = "cancelReason";
        public static final String ORDERS = "orders";
        public static final String REVENUE = "revenue";
        public static final String ACTIONS = "actions";
        public static final String REACHED = "reached";
        public static final String ACCEPTED = "accepted";
        public static final String ACTION_COST = "actionCost";
        public static final String FIRST_ACTION_CHANNEL = "firstActionChannel";
        public static final String FIRST_ACTION = "firstAction";
        public static final String OFFER = "offer";
        public static final String CAMPAIGN = "campaign";
        public static final String RISK_THRESHOLD = "riskThreshold";
        public static final String EXPECTED_PRECISION = "expectedPrecision";
        public static final String MODEL_VERSION = "modelVersion";
        public static final String AS_OF = "asOf";
        public static final String ORDER_DAYS = "orderDays";
        public static final String LAST_ORDER = "lastOrder";
        public static final String EXPECTED_GAP_DAYS = "expectedGapDays";
        public static final String TOTAL_SPEND = "totalSpend";
        public static final String SUBSCRIBED = "subscribed";
        public static final String FIRST_SEEN = "firstSeen";
        public static final String CHURNED = "churned";
        public static final String ALERTED_PATTERNS = "alertedPatterns";
        public static final String LTV_ESTIMATE = "ltvEstimate";
        public static final String AVERAGE_ORDER_VALUE = "averageOrderValue";
        public static final String RFM = "rfm";
        public static final String RECENCY_SCORE = "recencyScore";
        public static final String FREQUENCY_SCORE = "frequencyScore";
        public static final String MONETARY_SCORE = "monetaryScore";
        public static final String CODE = "code";
        public static final String VALUE = "value";
        public static final String EN = "en";
        public static final String JA = "ja";
        // journeys (OutputJson.journeyNode)
        public static final String EVENT_ID = "eventId";
        public static final String PLAN_ID = "planId";
        public static final String COHORT = "cohort";
        public static final String CYCLE_DAYS = "cycleDays";
        public static final String TENURE_DAYS = "tenureDays";
        public static final String DELIVERIES = "deliveries";
        public static final String K = "k";
        public static final String SUPPORT_CONTACTS_30D = "supportContacts30d";
        public static final String NEGATIVE_CONTACTS_30D = "negativeContacts30d";
        public static final String NEGATIVE_FEEDBACK_30D = "negativeFeedback30d";
        public static final String LAST_FEEDBACK_SCORE = "lastFeedbackScore";
        public static final String PATH = "path";
        public static final String PATH3 = "path3";
        public static final String PATH_LENGTH = "pathLength";
        public static final String AFTER_REACTIVATION = "afterReactivation";
        public static final String DELIVERIES_SINCE_REACTIVATION = "deliveriesSinceReactivation";
        public static final String DAYS_AWAY = "daysAway";
        public static final String AFTER_CANCELLATION = "afterCancellation";
    }

    public static ObjectNode alertNode(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.ALERT_ID, a.alertId());
        n.put(F.CUSTOMER_ID, a.customerId());
        n.put(F.PATTERN, a.pattern().name());
        n.put(F.SEVERITY, a.severity().name());
        n.put(F.SCORE, round(a.score()));
        n.set(F.REASONS, reasons(a.reasons()));
        ArrayNode evidence = n.putArray(F.EVIDENCE);
        a.evidence().forEach(evidence::add);
        n.put(F.DETAIL, a.detail());
        n.put(F.EVENT_TIME, iso(a.eventTime()));
        n.put(F.DETECTED_AT, iso(a.detectedAt()));
        n.put(F.LTV_TIER, a.ltvTier());
        n.put(F.SEGMENT, a.segment());
        n.put(F.ACTION, a.action());
        n.put(F.CHANNEL, a.channel());
        n.put(F.KIND, a.kind().name());
        n.put(F.EPISODE_ID, a.episodeId());
        n.put(F.HOLDOUT, a.holdout());
        if (a.gate() != null) {
            n.put(F.RISK_THRESHOLD, round(a.gate().threshold()));
            if (!Double.isNaN(a.gate().expectedPrecision())) {
                n.put(F.EXPECTED_PRECISION, round(a.gate().expectedPrecision()));
            }
            n.put(F.MODEL_VERSION, a.gate().modelVersion());
        }
        return n;
    }

    public static String alert(Alert a) {
        return alertNode(a).toString();
    }

    public static ObjectNode scoreNode(ScoreUpdate s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.CUSTOMER_ID, s.customerId());
        n.put(F.AS_OF, iso(s.asOf()));
        n.put(F.SCORE, round(s.score()));
        n.set(F.REASONS, reasons(s.reasons()));
        n.put(F.ORDER_DAYS, s.orderDays());
        if (s.lastOrderTs() > 0) {
            n.put(F.LAST_ORDER, iso(s.lastOrderTs()));
        }
        if (!Double.isNaN(s.expectedGapDays())) {
            n.put(F.EXPECTED_GAP_DAYS, round(s.expectedGapDays()));
        }
        n.put(F.TOTAL_SPEND, round(s.totalSpend()));
        n.put(F.SUBSCRIBED, s.subscribed());
        if (s.firstSeenTs() > 0) {
            n.put(F.FIRST_SEEN, iso(s.firstSeenTs()));
        }
        n.put(F.CHURNED, s.churned());
        ArrayNode alerted = n.putArray(F.ALERTED_PATTERNS);
        s.alertedPatterns().forEach(alerted::add);
        n.put(F.SEGMENT, s.segment());
        n.put(F.LTV_TIER, s.ltvTier());
        n.put(F.LTV_ESTIMATE, round(s.ltvEstimate()));
        n.put(F.AVERAGE_ORDER_VALUE, round(s.averageOrderValue()));
        if (s.rfm() != null) {
            n.put(F.RFM, s.rfm());
        }
        n.put(F.RECENCY_SCORE, s.recencyScore());
        n.put(F.FREQUENCY_SCORE, s.frequencyScore());
        n.put(F.MONETARY_SCORE, s.monetaryScore());
        return n;
    }

    /** An episode's outcome; the document id is its episodeId. */
    public static ObjectNode outcomeNode(EpisodeOutcome o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.EPISODE_ID, o.episodeId());
        n.put(F.CUSTOMER_ID, o.customerId());
        n.put(F.PATTERN, o.pattern());
        n.put(F.SEVERITY, o.severity());
        n.put(F.CHANNEL, o.channel());
        n.put(F.ACTION, o.action());
        n.put(F.SCORE, round(o.score()));
        n.put(F.SCORE_BAND, o.scoreBand());
        n.put(F.SEGMENT, o.segment());
        n.put(F.LTV_TIER, o.ltvTier());
        n.put(F.HOLDOUT, o.holdout());
        n.put(F.MODEL_VERSION, o.modelVersion());
        n.put(F.OPENED_AT, iso(o.openedTs()));
        n.put(F.OUTCOME_AT, iso(o.outcomeTs()));
        n.put(F.HORIZON_DAYS, o.horizonDays());
        n.put(F.OUTCOME, o.outcome().name());
        n.put(F.KEPT, o.outcome().kept());
        n.put(F.CHURNED_AT, o.churnedTs() == 0 ? null : iso(o.churnedTs()));
        n.put(F.CANCEL_REASON, o.cancelReason());
        n.put(F.ORDERS, o.orders());
        n.put(F.REVENUE, round(o.revenue()));
        n.put(F.ACTIONS, o.actions());
        n.put(F.REACHED, o.reached());
        n.put(F.ACCEPTED, o.accepted());
        n.put(F.ACTION_COST, round(o.actionCost()));
        n.put(F.FIRST_ACTION_CHANNEL, o.firstActionChannel());
        n.put(F.FIRST_ACTION, o.firstAction());
        n.put(F.OFFER, o.offer());
        n.put(F.CAMPAIGN, o.campaign());
        return n;
    }

    public static String outcome(EpisodeOutcome o) {
        return outcomeNode(o).toString();
    }

    /**
     * A journey record; only the fields of its kind are written. The document id is {@link
     * JourneyRecord#documentId}.
     */
    public static ObjectNode journeyNode(JourneyRecord r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.KIND, r.kind().name());
        n.put(F.CUSTOMER_ID, r.customerId());
        n.put(F.EVENT_TIME, iso(r.eventTime()));
        n.put(F.EVENT_ID, r.eventId());
        n.put(F.PLAN_ID, r.planId());
        n.put(F.COHORT, r.cohort());
        if (r.cycleDays() > 0) {
            n.put(F.CYCLE_DAYS, r.cycleDays());
        }
        n.put(F.TENURE_DAYS, r.tenureDays());
        n.put(F.DELIVERIES, r.deliveries());
        switch (r.kind()) {
            case DELIVERY -> {
                n.put(F.K, r.k());
                n.put(F.AFTER_REACTIVATION, r.afterReactivation());
                if (r.afterReactivation()) {
                    n.put(F.DELIVERIES_SINCE_REACTIVATION, r.deliveriesSinceReactivation());
                }
            }
            case CANCELLATION -> n.put(F.CANCEL_REASON, r.cancelReason());
            case REACTIVATION -> {
                n.put(F.DAYS_AWAY, r.daysAway());
                n.put(F.AFTER_CANCELLATION, r.afterCancellation());
            }
        }
        if (r.path() != null) {
            // the voice of the customer and the route, where a path is taken
            n.put(F.PATH, r.path());
            n.put(F.PATH3, r.lastSteps(3));
            n.put(F.PATH_LENGTH, r.pathLength());
            n.put(F.SUPPORT_CONTACTS_30D, r.supportContacts30d());
            n.put(F.NEGATIVE_CONTACTS_30D, r.negativeContacts30d());
            n.put(F.NEGATIVE_FEEDBACK_30D, r.negativeFeedback30d());
            if (r.lastFeedbackScore() != null) {
                n.put(F.LAST_FEEDBACK_SCORE, r.lastFeedbackScore().intValue());
            }
        }
        return n;
    }

    public static String journey(JourneyRecord r) {
        return journeyNode(r).toString();
    }

    public static String score(ScoreUpdate s) {
        return scoreNode(s).toString();
    }

    private static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Reason r : reasons) {
            ObjectNode o = arr.addObject();
            o.put(F.CODE, r.code().name());
            o.put(F.VALUE, round(r.value()));
            o.put(F.EN, r.en());
            o.put(F.JA, r.ja());
        }
        return arr;
    }

    public static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
