package dev.kizashi.jobs;

import static dev.kizashi.TestEvents.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.model.Sentiment;
import dev.kizashi.model.SupportCategory;
import dev.kizashi.pdca.JourneyKind;
import dev.kizashi.pdca.JourneyRecord;
import dev.kizashi.pdca.JourneyState;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journey operator: its own state through snapshot and restore, late events, expiry, size. */
class JourneyFunctionHarnessTest {
    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, JourneyRecord> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, JourneyRecord>
            newHarness(String retention) throws Exception {
        Configuration c = new Configuration();
        c.setString("kizashi.state.retention", retention);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new JourneyFunction(ChurnJobConfig.from(c))),
                CustomerEvent::customerId,
                Types.STRING);
    }

    private void open(String retention) throws Exception {
        harness = newHarness(retention);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(CustomerEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.ts()));
    }

    private List<JourneyRecord> records() {
        return harness.extractOutputValues();
    }

    @Test
    void theStateIsAFlinkPojo() {
        // a generic (Kryo) type would not survive a field being added
        assertThat(TypeInformation.of(JourneyState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void deliveriesRedeliveriesAndReturnsCarryOnAcrossARestore() throws Exception {
        open("730 d");
        send(subscribe("c1", 0, 30));
        CustomerEvent.Order first = cycleOrder("c1", 0);
        send(first);
        send(cycleOrder("c1", 30));
        send(login("c1", 31));
        send(action("c1", 32, null));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness("730 d");
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        send(first); // a redelivery across the restore: the ring came back with the state
        send(cycleOrder("c1", 55));
        send(new CustomerEvent.SubscriptionCancelled("x-1", "c1", day(58), null));
        send(order("c1", 100)); // back after the cancellation
        send(cycleOrder("c1", 101));
        assertThat(records())
                .extracting(JourneyRecord::kind, JourneyRecord::k)
                .containsExactly(
                        tuple(JourneyKind.DELIVERY, 3),
                        tuple(JourneyKind.CANCELLATION, 0),
                        tuple(JourneyKind.REACTIVATION, 0),
                        tuple(JourneyKind.DELIVERY, 4));
        JourneyRecord cancellation = records().get(1);
        assertThat(cancellation.deliveries()).isEqualTo(3);
        assertThat(cancellation.path()).isEqualTo("order>login>order"); // no retention_action
        assertThat(cancellation.tenureDays()).isEqualTo(58);
        assertThat(records().get(3).afterReactivation()).isTrue();
    }

    @Test
    void eventsBehindTheWatermarkAreIgnored() throws Exception {
        open("730 d");
        send(subscribe("c2", 0, 30));
        harness.processWatermark(day(20));
        send(cycleOrder("c2", 10)); // late
        send(cycleOrder("c2", 30));
        assertThat(records()).singleElement().extracting(JourneyRecord::k).isEqualTo(1);
    }

    @Test
    void aCustomerSilentForTheRetentionIsForgotten() throws Exception {
        open("100 d");
        send(order("c3", 0));
        send(login("c3", 50));
        harness.processWatermark(day(120)); // the timer at day 100 moves on to day 150
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(day(151));
        assertThat(harness.numKeyedStateEntries()).isZero();
        send(order("c3", 200)); // a new customer now: no return is recorded
        assertThat(records()).isEmpty();
    }

    @Test
    void theStateDoesNotGrowWithTheHistory() throws Exception {
        open("730 d");
        send(subscribe("c4", 0, 7));
        long[] sizes = new long[2];
        int n = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < (round == 0 ? 2_000 : 20_000); i++, n++) {
                double d = n * 0.05;
                switch (n % 4) {
                    case 0 -> send(login("c4", d));
                    case 1 -> send(support("c4", d, SupportCategory.OTHER, Sentiment.NEGATIVE));
                    case 2 -> send(feedback("c4", d, n % 11));
                    default -> send(cycleOrder("c4", d));
                }
            }
            sizes[round] = harness.snapshot(round + 1, round + 1).getStateSize();
            System.out.println("journey state after " + n + " events: " + sizes[round] + " bytes");
        }
        assertThat(records()).hasSize(12); // deliveries 1..12 only
        // ten times the history, the same state (event ids grow by a digit or two)
        assertThat(sizes[1]).isLessThan(sizes[0] + 200);
    }
}
