package dev.kizashi.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kizashi.wire.OutputDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report model of a small run output, pinned: computed with the JsonNode-reading ReportModel
 * before the typed documents (OutputDocuments) replaced it, so a change of how the documents are
 * read cannot change the page's numbers. The input covers the edge cases of reading: a document
 * without kind (counts as an alert), closing records (left out), null and absent segment, ltvTier
 * and channel, reasons without texts, a score without lastOrder / expectedGapDays / firstSeen /
 * churned, ties of the latest alert on event time, and a blank line.
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
                "rows" : [ {
                  "pattern" : "CANCEL_INTENT",
                  "alerted" : 1,
                  "churned" : 1,
                  "precision" : 1.0,
                  "medianLeadDays" : 19.0
                }, {
                  "pattern" : "DORMANT",
                  "alerted" : 2,
                  "churned" : 2,
                  "precision" : 1.0,
                  "medianLeadDays" : 45.583333333333336
                }, {
                  "pattern" : "SUPPORT_SPIKE",
                  "alerted" : 1,
                  "churned" : 1,
                  "precision" : 1.0,
                  "medianLeadDays" : 30.583333333333332
                }, {
                  "pattern" : "OVERDUE_ORDER",
                  "alerted" : 1,
                  "churned" : 0,
                  "precision" : 0.0
                } ]
              },
              "topAtRisk" : [ {
                "customerId" : "c5",
                "score" : 1.2,
                "ltvTier" : null,
                "segment" : "(no alert)",
                "reasons" : [ ],
                "totalSpend" : 0.0
              }, {
                "customerId" : "c1",
                "score" : 0.85,
                "ltvTier" : null,
                "segment" : "loyal",
                "reasons" : [ {
                  "code" : "SUPPORT_CONTACTS_RECENT",
                  "ja" : "問い合わせ3件",
                  "en" : "3 support contacts"
                }, {
                  "code" : "ORDER_OVERDUE",
                  "ja" : "",
                  "en" : ""
                } ],
                "lastOrder" : "2026-01-10T00:00:00Z",
                "daysSinceOrder" : 36.0,
                "daysOverdue" : 28.5,
                "totalSpend" : 1234.5,
                "lastPattern" : "SUPPORT_SPIKE",
                "channel" : "call_center"
              }, {
                "customerId" : "c4",
                "score" : 0.62,
                "ltvTier" : "top30",
                "segment" : "(no alert)",
                "reasons" : [ ],
                "lastOrder" : "2026-02-01T00:00:00Z",
                "daysSinceOrder" : 14.0,
                "daysOverdue" : -16.0,
                "totalSpend" : 99.99
              }, {
                "customerId" : "c7",
                "score" : 0.6,
                "ltvTier" : "top10",
                "segment" : "new",
                "reasons" : [ ],
                "totalSpend" : 0.0,
                "lastPattern" : "DORMANT",
                "channel" : ""
              }, {
                "customerId" : "c6",
                "score" : -0.1,
                "ltvTier" : null,
                "segment" : "new",
                "reasons" : [ ],
                "totalSpend" : 0.0
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
}
