package dev.kizashi.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.model.ChurnPattern;
import dev.kizashi.step.RoutingTable;
import dev.kizashi.wire.OutputDocuments;
import dev.kizashi.wire.OutputDocuments.AlertDoc;
import dev.kizashi.wire.OutputDocuments.ScoreDoc;
import dev.kizashi.wire.OutputJson.F;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report model of a small run output, pinned: computed with the JsonNode-reading ReportModel
 * before the typed documents (OutputDocuments) replaced it, so a change of how the documents are
 * read cannot change the page's numbers. The input covers the edge cases of reading: a document
 * without kind (counts as an alert), closing records (left out), null and absent segment, ltvTier
 * and channel, reasons without texts, a score without lastOrder / expectedGapDays / firstSeen /
 * churned, ties of the latest alert on event time, and a blank line.
 *
 * <p>Re-pinned once when the call list and the precision table changed meaning (issue 15, item 7):
 * the call list leaves out c1 (churned in its own score document) and c6 (score below the at-risk
 * threshold), carries valueAtRisk, routes by the open condition (openPattern, openSeverity, action,
 * channel instead of lastPattern, channel) and shows a not-yet-due customer as 0 days overdue (c4,
 * was -16); the precision chart says whether churn times are known and counts alerts after the
 * churn (afterChurn per row, alertsAfterChurn; none in this input). Every other number is as
 * before.
 */
class ReportModelTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant GENERATED = Instant.parse("2026-06-01T00:00:00Z");

    private static final String ALERTS =
            """
            {"alertId":"a1","customerId":"c1","pattern":"DORMANT","severity":"HIGH","score":0.71,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-01-05T10:00:00Z","detectedAt":"2026-01-05T10:00:01Z","ltvTier":"top10","segment":"loyal","action":"winback_offer","channel":"email","kind":"ALERT","episodeId":"a1"}
            {"alertId":"a2","customerId":"c1","pattern":"SUPPORT_SPIKE","severity":"CRITICAL","score":0.9,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-01-20T10:00:00Z","detectedAt":"2026-01-20T10:00:01Z","ltvTier":null,"segment":null,"action":"x","channel":"call_center","kind":"ESCALATION","episodeId":"a1"}
            {"alertId":"a3","customerId":"c1","pattern":"SUPPORT_SPIKE","severity":"LOW","score":0.2,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-01-20T10:00:00Z","detectedAt":"2026-01-20T10:00:01Z","ltvTier":"low","segment":"tie","action":"x","channel":"line","kind":"ALERT","episodeId":"a3"}
            {"alertId":"a4","customerId":"c2","pattern":"DORMANT","severity":"MEDIUM","score":0.5,"eventTime":"2026-01-07T00:00:00Z"}
            {"alertId":"a5","customerId":"c3","pattern":"OVERDUE_ORDER","severity":"LOW","score":0.3,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-02-02T00:00:00.123Z","detectedAt":"2026-02-02T00:00:01Z","ltvTier":"middle","segment":"new_customer","action":"x","channel":"push","kind":"ALERT","episodeId":"a5"}
            {"alertId":"a6","customerId":"c3","pattern":"OVERDUE_ORDER","severity":"LOW","score":0.3,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-02-09T00:00:00Z","detectedAt":"2026-02-09T00:00:01Z","ltvTier":"middle","segment":"new_customer","action":"x","channel":"push","kind":"RESOLVED","episodeId":"a5"}
            {"alertId":"a7","customerId":"c9","pattern":"CANCEL_INTENT","severity":"CRITICAL","score":0.95,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-02-10T00:00:00Z","detectedAt":"2026-02-10T00:00:01Z","ltvTier":"top30","segment":"vip","action":"x","channel":"call_center","kind":"ALERT","episodeId":"a7"}

            {"alertId":"a8","customerId":"c2","pattern":"DORMANT","severity":"MEDIUM","score":0.5,"reasons":[],"evidence":[],"detail":"d","eventTime":"2026-01-07T00:00:00Z","detectedAt":"2026-01-07T00:00:01Z","segment":"lapsed","action":"x","kind":"ALERT","episodeId":"a8"}
            {"alertId":"a9","customerId":"c7","pattern":"DORMANT","severity":"LOW","score":0.4,"eventTime":"2026-01-28T00:00:00Z","ltvTier":"low"}
            """;

    private static final String SCORES =
            """
            {"customerId":"c1","asOf":"2026-01-01T00:00:00Z","score":0.1,"reasons":[],"orderDays":0,"totalSpend":10.0,"subscribed":true,"firstSeen":"2026-01-01T00:00:00Z","churned":false,"alertedPatterns":[],"segment":"new","ltvTier":"unranked","ltvEstimate":0.0,"averageOrderValue":0.0,"recencyScore":0,"frequencyScore":0,"monetaryScore":0}
            {"customerId":"c1","asOf":"2026-01-21T00:00:00Z","score":0.85,"reasons":[{"code":"SUPPORT_CONTACTS_RECENT","value":3.0,"en":"3 support contacts","ja":"問い合わせ3件"},{"code":"ORDER_OVERDUE","value":12.0}],"orderDays":3,"lastOrder":"2026-01-10T00:00:00Z","expectedGapDays":7.5,"totalSpend":1234.5,"subscribed":true,"firstSeen":"2026-01-01T00:00:00Z","churned":true,"alertedPatterns":["DORMANT"],"segment":"loyal","ltvTier":null,"ltvEstimate":0.0,"averageOrderValue":0.0,"recencyScore":1,"frequencyScore":2,"monetaryScore":3}
            {"customerId":"c2","asOf":"2026-01-08T00:00:00Z","score":0.65,"reasons":[{"code":"CANCELLED","value":1.0,"en":"cancelled","ja":"解約"}],"orderDays":1,"lastOrder":"2026-01-02T00:00:00Z","totalSpend":5.0,"subscribed":false,"churned":true,"alertedPatterns":[],"ltvEstimate":0.0,"averageOrderValue":0.0,"recencyScore":0,"frequencyScore":0,"monetaryScore":0}
            {"customerId":"c4","asOf":"2026-02-15T00:00:00Z","score":0.62,"reasons":[],"orderDays":2,"lastOrder":"2026-02-01T00:00:00Z","expectedGapDays":30.0,"totalSpend":99.99,"subscribed":true,"firstSeen":"2025-12-20T00:00:00Z","churned":false,"alertedPatterns":[],"segment":null,"ltvTier":"top30","ltvEstimate":0.0,"averageOrderValue":0.0,"recencyScore":0,"frequencyScore":0,"monetaryScore":0}
            {"customerId":"c5","asOf":"2026-02-12T00:00:00Z","score":1.2}
            {"customerId":"c6","asOf":"2026-02-11T00:00:00Z","score":-0.1,"reasons":[],"segment":"new","churned":false}
            {"customerId":"c6","asOf":"2026-02-10T00:00:00Z","score":0.99,"reasons":[],"segment":"new","firstSeen":"2026-01-15T00:00:00Z"}
            {"customerId":"c7","asOf":"2026-02-01T00:00:00Z","score":0.6,"reasons":[],"segment":"new","ltvTier":"top10","churned":false,"firstSeen":"2026-01-03T00:00:00Z"}
            """;

    private static final String LABELS =
            """
            customerId,churned,churnTime,kind,precursors
            c1,true,2026-02-20T00:00:00Z,silent,x
            c2,true,,cancel,
            c3,false,,,
            c9,true,2026-03-01T00:00:00Z,cancel,
            """;

    /** {@link ReportModel#compute} of ALERTS, SCORES and LABELS, without its "source" line. */
    private static final String EXPECTED =
            """
            {
              "title" : "解約予兆レポート Kizashi churn early warning",
              "generatedAt" : "2026-06-01T00:00:00Z",
              "dataFrom" : "2025-12-20T00:00:00Z",
              "dataTo" : "2026-02-15T00:00:00Z",
              "outcomeSource" : "labels.csv (the generator's ground truth)",
              "kpis" : {
                "customers" : 8,
                "alerts" : 8,
                "alertedCustomers" : 5,
                "atRisk" : 4,
                "atRiskThreshold" : 0.6,
                "churnRate" : 0.75,
                "continuationRate" : 0.25,
                "precision" : 0.75,
                "recall" : 1.0
              },
              "alertsOverTime" : {
                "series" : [ "CANCEL_INTENT", "DORMANT", "OVERDUE_ORDER", "SUPPORT_SPIKE" ],
                "buckets" : [ {
                  "label" : "2026-01-05",
                  "values" : [ 0, 3, 0, 0 ]
                }, {
                  "label" : "2026-01-12",
                  "values" : [ 0, 0, 0, 0 ]
                }, {
                  "label" : "2026-01-19",
                  "values" : [ 0, 0, 0, 2 ]
                }, {
                  "label" : "2026-01-26",
                  "values" : [ 0, 1, 0, 0 ]
                }, {
                  "label" : "2026-02-02",
                  "values" : [ 0, 0, 1, 0 ]
                }, {
                  "label" : "2026-02-09",
                  "values" : [ 1, 0, 0, 0 ]
                } ]
              },
              "severityChannel" : {
                "series" : [ "call_center", "email", "line", "none", "push" ],
                "buckets" : [ {
                  "label" : "CRITICAL",
                  "values" : [ 2, 0, 0, 0, 0 ]
                }, {
                  "label" : "HIGH",
                  "values" : [ 0, 1, 0, 0, 0 ]
                }, {
                  "label" : "MEDIUM",
                  "values" : [ 0, 0, 0, 2, 0 ]
                }, {
                  "label" : "LOW",
                  "values" : [ 0, 0, 1, 1, 1 ]
                } ]
              },
              "scoreHistogram" : {
                "series" : [ "customers" ],
                "buckets" : [ {
                  "label" : "0.00",
                  "values" : [ 1 ]
                }, {
                  "label" : "0.05",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.10",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.15",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.20",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.25",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.30",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.35",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.40",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.45",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.50",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.55",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.60",
                  "values" : [ 2 ]
                }, {
                  "label" : "0.65",
                  "values" : [ 1 ]
                }, {
                  "label" : "0.70",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.75",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.80",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.85",
                  "values" : [ 1 ]
                }, {
                  "label" : "0.90",
                  "values" : [ 0 ]
                }, {
                  "label" : "0.95",
                  "values" : [ 1 ]
                } ]
              },
              "segmentBand" : {
                "columns" : [ "低 low <0.3", "中 medium 0.3–0.6", "高 high 0.6–0.8", "危険 critical ≥0.8" ],
                "rows" : [ {
                  "label" : "(no alert)",
                  "values" : [ 0, 0, 1, 1 ]
                }, {
                  "label" : "lapsed",
                  "values" : [ 0, 0, 1, 0 ]
                }, {
                  "label" : "loyal",
                  "values" : [ 0, 0, 0, 1 ]
                }, {
                  "label" : "new",
                  "values" : [ 1, 0, 1, 0 ]
                }, {
                  "label" : "new_customer",
                  "values" : [ 0, 1, 0, 0 ]
                }, {
                  "label" : "vip",
                  "values" : [ 0, 0, 0, 1 ]
                } ]
              },
              "retention" : {
                "available" : true,
                "rows" : [ {
                  "cohort" : "2026-01",
                  "customers" : 2,
                  "churned" : 2,
                  "continuationRate" : 0.0,
                  "churnRate" : 1.0
                } ]
              },
              "precision" : {
                "available" : true,
                "churnTimesKnown" : true,
                "rows" : [ {
                  "pattern" : "CANCEL_INTENT",
                  "alerted" : 1,
                  "churned" : 1,
                  "precision" : 1.0,
                  "medianLeadDays" : 19.0,
                  "afterChurn" : 0
                }, {
                  "pattern" : "DORMANT",
                  "alerted" : 2,
                  "churned" : 2,
                  "precision" : 1.0,
                  "medianLeadDays" : 45.583333333333336,
                  "afterChurn" : 0
                }, {
                  "pattern" : "SUPPORT_SPIKE",
                  "alerted" : 1,
                  "churned" : 1,
                  "precision" : 1.0,
                  "medianLeadDays" : 30.583333333333332,
                  "afterChurn" : 0
                }, {
                  "pattern" : "OVERDUE_ORDER",
                  "alerted" : 1,
                  "churned" : 0,
                  "precision" : 0.0,
                  "afterChurn" : 0
                } ],
                "alertsAfterChurn" : 0
              },
              "topAtRisk" : [ {
                "customerId" : "c4",
                "score" : 0.62,
                "valueAtRisk" : 62.0,
                "ltvTier" : "top30",
                "segment" : "(no alert)",
                "reasons" : [ ],
                "lastOrder" : "2026-02-01T00:00:00Z",
                "daysSinceOrder" : 14.0,
                "daysOverdue" : 0.0,
                "totalSpend" : 99.99
              }, {
                "customerId" : "c5",
                "score" : 1.2,
                "valueAtRisk" : 0.0,
                "ltvTier" : null,
                "segment" : "(no alert)",
                "reasons" : [ ],
                "totalSpend" : 0.0
              }, {
                "customerId" : "c7",
                "score" : 0.6,
                "valueAtRisk" : 0.0,
                "ltvTier" : "top10",
                "segment" : "new",
                "reasons" : [ ],
                "totalSpend" : 0.0,
                "openPattern" : "DORMANT",
                "openSeverity" : "LOW",
                "action" : "",
                "channel" : ""
              } ]
            }
            """;

    @TempDir Path dir;

    private ObjectNode model(boolean labels) throws Exception {
        Files.writeString(dir.resolve(ReportSources.ALERTS_FILE), ALERTS);
        Files.writeString(dir.resolve(ReportSources.SCORES_FILE), SCORES);
        if (labels) {
            Files.writeString(dir.resolve(ReportSources.LABELS_FILE), LABELS);
        }
        ObjectNode model = ReportModel.compute(ReportSources.fromDirectory(dir), GENERATED);
        assertThat(model.path("source").asText())
                .isEqualTo("embedded run output " + dir.toAbsolutePath());
        model.remove("source");
        return model;
    }

    @Test
    void modelOfAFixedRunOutputIsUnchanged() throws Exception {
        String actual = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(model(true));
        assertThat(actual.replace("\r\n", "\n") + "\n").isEqualTo(EXPECTED);
    }

    @Test
    void withoutLabelsOutcomesComeFromTheNewestScoresThatHaveAChurnedField() throws Exception {
        ObjectNode m = model(false);
        assertThat(m.path("outcomeSource").asText())
                .isEqualTo("the score documents' churned field");
        // c1 and c2 churned; c4, c6 (newest document false) and c7 did not; c5 has no churned field
        assertThat(m.at("/kpis/churnRate").asDouble()).isEqualTo(0.4);
        // of the alerted c1, c2, c3, c7 and c9, only c3 and c9 have no score, so no outcome
        assertThat(m.at("/kpis/precision").asDouble()).isEqualTo(2.0 / 3);
        assertThat(m.at("/retention/rows").findValuesAsText("cohort"))
                .containsExactly("2025-12", "2026-01");
        assertThat(m.at("/retention/rows/1/customers").asLong()).isEqualTo(4);
        // lead times need churn times, which only labels.csv has
        assertThat(m.at("/precision/rows").findValues("medianLeadDays")).isEmpty();
    }

    @Test
    void anAlertWithoutEventTimeIsRejected() {
        assertThatThrownBy(
                        () ->
                                new ReportInput(
                                        "test",
                                        List.of(
                                                OutputDocuments.alert(
                                                        "{\"alertId\":\"x\",\"kind\":\"ALERT\"}")),
                                        Map.of(),
                                        Map.of(),
                                        Map.of(),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventTime");
    }

    @Test
    void aScoreWithoutAsOfIsRejectedWithItsLine() throws Exception {
        Files.writeString(
                dir.resolve(ReportSources.SCORES_FILE),
                "\n{\"customerId\":\"c1\",\"score\":0.5}\n");
        assertThatThrownBy(() -> ReportSources.fromDirectory(dir))
                .hasMessageContaining(ReportSources.SCORES_FILE + ":2:")
                .hasMessageContaining("asOf");
    }

    // ---- the call list and the precision table (issue 15, item 7) ----

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final RoutingTable ROUTES = RoutingTable.defaults();

    private static Instant day(double d) {
        return T0.plusMillis((long) (d * 86_400_000L));
    }

    /** An alert record as the job writes it, routed by the default routing table. */
    private static AlertDoc alert(
            String id, String customer, ChurnPattern p, double day, String kind, String episode) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.ALERT_ID, id)
                .put(F.CUSTOMER_ID, customer)
                .put(F.PATTERN, p.name())
                .put(F.SEVERITY, p.defaultSeverity().name())
                .put(F.SCORE, 0.7)
                .put(F.EVENT_TIME, day(day).toString())
                .put(F.ACTION, ROUTES.route(p).action())
                .put(F.CHANNEL, ROUTES.route(p).channel())
                .put(F.KIND, kind)
                .put(F.EPISODE_ID, episode);
        return OutputDocuments.alert(n);
    }

    /** A customer's score document with a rhythm (expected gap) and a spend to date. */
    private static ScoreDoc score(
            String customer,
            double score,
            boolean churned,
            double lastOrderDay,
            double gapDays,
            double spend) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(F.CUSTOMER_ID, customer)
                .put(F.AS_OF, day(60).toString())
                .put(F.SCORE, score)
                .put(F.LAST_ORDER, day(lastOrderDay).toString())
                .put(F.EXPECTED_GAP_DAYS, gapDays)
                .put(F.TOTAL_SPEND, spend)
                .put(F.CHURNED, churned);
        n.putArray(F.REASONS);
        return OutputDocuments.score(n);
    }

    private static ObjectNode compute(
            List<AlertDoc> alerts,
            List<ScoreDoc> scores,
            Map<String, ReportInput.Outcome> outcomes) {
        Map<String, ScoreDoc> latest = new TreeMap<>();
        scores.forEach(s -> latest.put(s.customerId(), s));
        return ReportModel.compute(
                new ReportInput("test", alerts, latest, Map.of(), outcomes, "test"), GENERATED);
    }

    private static List<String> callList(ObjectNode model) {
        return model.path("topAtRisk").findValuesAsText("customerId");
    }

    private static JsonNode callRow(ObjectNode model, String customer) {
        for (JsonNode r : model.path("topAtRisk")) {
            if (r.path("customerId").asText().equals(customer)) {
                return r;
            }
        }
        throw new AssertionError(customer + " is not in the call list " + callList(model));
    }

    @Test
    void aChurnedCustomerWithAHighScoreIsNotInTheCallList() {
        ObjectNode m =
                compute(
                        List.of(
                                alert("a1", "silent", ChurnPattern.DORMANT, 40, "ALERT", "a1"),
                                alert("a2", "open", ChurnPattern.OVERDUE_ORDER, 40, "ALERT", "a2")),
                        List.of(
                                // 30 days without activity: churned in its own score document
                                score("silent", 1.0, true, 5, 14, 5000),
                                score("open", 0.8, false, 30, 14, 5000)),
                        Map.of());
        assertThat(callList(m)).containsExactly("open");
        // the KPI still counts both at risk: it matches the Kibana panel, which has no churned rule
        assertThat(m.at("/kpis/atRisk").asLong()).isEqualTo(2);
    }

    @Test
    void theCallListRanksByScoreTimesSpendToDate() {
        ScoreDoc big = score("big", 0.7, false, 50, 30, 40000);
        ScoreDoc small = score("small", 0.99, false, 50, 30, 4000);
        ScoreDoc safe = score("safe", 0.3, false, 50, 30, 400000);
        ObjectNode m = compute(List.of(), List.of(small, big, safe), Map.of());
        // below the at-risk threshold a big spender is not on the list at all
        assertThat(callList(m)).containsExactly("big", "small");
        assertThat(callRow(m, "big").path("valueAtRisk").asDouble())
                .isCloseTo(0.7 * 40000, within(0.05));
    }

    @Test
    void anOpenCancelIntentRoutesToTheCallCentreWhenAMilderAlertFollows() {
        RoutingTable.Route cancel = ROUTES.route(ChurnPattern.CANCEL_INTENT);
        RoutingTable.Route nudge = ROUTES.route(ChurnPattern.ENGAGEMENT_DROP);
        assertThat(cancel.channel()).isNotEqualTo(nudge.channel());
        ObjectNode m =
                compute(
                        List.of(
                                // one open episode: the cancel inquiry, then a milder alert
                                alert("c1", "asked", ChurnPattern.CANCEL_INTENT, 40, "ALERT", "c1"),
                                alert(
                                        "c2",
                                        "asked",
                                        ChurnPattern.ENGAGEMENT_DROP,
                                        50,
                                        "ALERT",
                                        "c1"),
                                // a cancel inquiry whose episode was resolved is no longer open
                                alert(
                                        "r1",
                                        "came-back",
                                        ChurnPattern.CANCEL_INTENT,
                                        10,
                                        "ALERT",
                                        "r1"),
                                alert(
                                        "r2",
                                        "came-back",
                                        ChurnPattern.CANCEL_INTENT,
                                        20,
                                        "RESOLVED",
                                        "r1"),
                                alert(
                                        "r3",
                                        "came-back",
                                        ChurnPattern.ENGAGEMENT_DROP,
                                        45,
                                        "ALERT",
                                        "r3")),
                        List.of(
                                score("asked", 0.9, false, 30, 14, 1000),
                                score("came-back", 0.8, false, 30, 14, 1000)),
                        Map.of());
        JsonNode asked = callRow(m, "asked");
        assertThat(asked.path("openPattern").asText()).isEqualTo(ChurnPattern.CANCEL_INTENT.name());
        assertThat(asked.path("openSeverity").asText())
                .isEqualTo(ChurnPattern.CANCEL_INTENT.defaultSeverity().name());
        assertThat(asked.path("channel").asText()).isEqualTo(cancel.channel());
        assertThat(asked.path("action").asText()).isEqualTo(cancel.action());
        JsonNode back = callRow(m, "came-back");
        assertThat(back.path("openPattern").asText())
                .isEqualTo(ChurnPattern.ENGAGEMENT_DROP.name());
        assertThat(back.path("channel").asText()).isEqualTo(nudge.channel());
    }

    @Test
    void daysOverdueCountFromTheReportsAsOfAndAreNeverNegative() {
        // as of day 60 (the newest document): ordered on day 55 with a 14-day rhythm, not yet due;
        // ordered on day 20, 26 days overdue
        ObjectNode m =
                compute(
                        List.of(),
                        List.of(
                                score("due-later", 0.7, false, 55, 14, 1000),
                                score("overdue", 0.7, false, 20, 14, 1000)),
                        Map.of());
        assertThat(callRow(m, "due-later").path("daysSinceOrder").asDouble()).isEqualTo(5.0);
        assertThat(callRow(m, "due-later").path("daysOverdue").asDouble()).isZero();
        assertThat(callRow(m, "overdue").path("daysOverdue").asDouble()).isEqualTo(40.0 - 14);
    }

    @Test
    void anAlertAfterTheChurnIsLeftOutOfPrecisionAndLeadAndCountedSeparately() {
        List<AlertDoc> alerts =
                List.of(
                        // silent churners: DORMANT fires 30 and 20 days after they left
                        alert("d1", "left-early", ChurnPattern.DORMANT, 40, "ALERT", "d1"),
                        alert("d2", "left-later", ChurnPattern.DORMANT, 45, "ALERT", "d2"),
                        // before its churn: a prediction with a lead of 10 days
                        alert("d3", "warned", ChurnPattern.DORMANT, 30, "ALERT", "d3"),
                        alert("s1", "left-early", ChurnPattern.SUPPORT_SPIKE, 5, "ALERT", "s1"));
        Map<String, ReportInput.Outcome> outcomes =
                Map.of(
                        "left-early", new ReportInput.Outcome(true, day(10)),
                        "left-later", new ReportInput.Outcome(true, day(25)),
                        "warned", new ReportInput.Outcome(true, day(40)));
        ObjectNode m = compute(alerts, List.of(), outcomes);
        JsonNode chart = m.path("precision");
        assertThat(chart.path("churnTimesKnown").asBoolean()).isTrue();
        JsonNode dormant = row(chart, ChurnPattern.DORMANT.name());
        assertThat(dormant.path("alerted").asLong()).isEqualTo(1);
        assertThat(dormant.path("churned").asLong()).isEqualTo(1);
        assertThat(dormant.path("medianLeadDays").asDouble()).isEqualTo(10.0);
        assertThat(dormant.path("afterChurn").asLong()).isEqualTo(2);
        JsonNode spike = row(chart, ChurnPattern.SUPPORT_SPIKE.name());
        assertThat(spike.path("medianLeadDays").asDouble()).isEqualTo(5.0);
        assertThat(spike.path("afterChurn").asLong()).isZero();
        assertThat(chart.path("alertsAfterChurn").asLong()).isEqualTo(2);
        // left-later was alerted only after leaving: not caught, and not a false alarm either
        assertThat(m.at("/kpis/recall").asDouble()).isEqualTo(2.0 / 3);
        assertThat(m.at("/kpis/precision").asDouble()).isEqualTo(1.0);
    }

    private static JsonNode row(JsonNode chart, String pattern) {
        for (JsonNode r : chart.path("rows")) {
            if (r.path("pattern").asText().equals(pattern)) {
                return r;
            }
        }
        throw new AssertionError("no row " + pattern + " in " + chart);
    }

    @Test
    void theMedianLeadIsNeverNegativeAndEveryAlertAfterAChurnIsCounted() {
        Random random = new Random(15);
        ChurnPattern[] patterns = ChurnPattern.values();
        List<AlertDoc> alerts = new ArrayList<>();
        Map<String, ReportInput.Outcome> outcomes = new HashMap<>();
        Map<String, Long> after = new HashMap<>();
        for (int c = 0; c < 300; c++) {
            String id = "c" + c;
            boolean churned = random.nextDouble() < 0.5;
            double churnDay = 20 + random.nextDouble() * 100;
            outcomes.put(id, new ReportInput.Outcome(churned, churned ? day(churnDay) : null));
            for (int k = random.nextInt(4); k > 0; k--) {
                ChurnPattern p = patterns[random.nextInt(patterns.length)];
                double t = random.nextDouble() * 150;
                alerts.add(alert(id + "-" + k, id, p, t, "ALERT", id + "-" + k));
                if (churned && day(t).isAfter(day(churnDay))) {
                    after.merge(p.name(), 1L, Long::sum);
                }
            }
        }
        JsonNode chart = compute(alerts, List.of(), outcomes).path("precision");
        assertThat(after.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        int leads = 0;
        for (JsonNode r : chart.path("rows")) {
            assertThat(r.path("afterChurn").asLong())
                    .as(r.path("pattern").asText())
                    .isEqualTo(after.getOrDefault(r.path("pattern").asText(), 0L));
            if (r.has("medianLeadDays")) {
                leads++;
                assertThat(r.path("medianLeadDays").asDouble())
                        .as(r.path("pattern").asText())
                        .isGreaterThanOrEqualTo(0.0);
            }
        }
        assertThat(leads).isPositive();
        assertThat(chart.path("alertsAfterChurn").asLong())
                .isEqualTo(after.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void withoutChurnTimesThePrecisionChartSaysSoInsteadOfShowingLeads() throws Exception {
        JsonNode chart = model(false).path("precision");
        assertThat(chart.path("available").asBoolean()).isTrue();
        // the page draws no lead column and explains why, rather than an empty column
        assertThat(chart.get("churnTimesKnown")).isEqualTo(BooleanNode.FALSE);
        assertThat(chart.path("rows").findValues("afterChurn")).isEmpty();
        assertThat(chart.has("alertsAfterChurn")).isFalse();
    }
}
