package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.codec.CustomerProfileSerializer;
import dev.kizashi.generator.GeneratorConfig;
import dev.kizashi.generator.SubscriptionGenerator;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bytes per customer of the profile state: 2,000 generated customers through the job's keyed
 * function (detection, alert policy, scores, timers), then every profile serialized by the compact
 * serializer and by Flink's POJO serializer, which wrote the state before. Prints the means (the
 * figures in docs/design-detection.md).
 */
class ProfileSizeTest {
    private static final int CUSTOMERS = 2_000;
    private static final long WATERMARK_STEP = 3_600_000L;
    private static final long BOUND = 60_000L;

    private static final TypeSerializer<CustomerProfile> POJO =
            TypeInformation.of(CustomerProfile.class).createSerializer(new SerializerConfigImpl());

    @ParameterizedTest(name = "after {0} days")
    @ValueSource(ints = {3, 30, 180})
    void compactProfilesAreSmallerThanPojoOnes(int days) throws Exception {
        long compact = 0;
        long pojo = 0;
        int n = 0;
        int compactMax = 0;
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert>(
                        new KeyedProcessOperator<>(
                                new CustomerProfileFunction(ChurnJobConfig.defaults())),
                        CustomerEvent::customerId,
                        Types.STRING)) {
            h.open();
            long watermark = Long.MIN_VALUE;
            GeneratorConfig config = GeneratorConfig.of(CUSTOMERS, days, 42);
            for (Iterator<CustomerEvent> it = new SubscriptionGenerator(config).events();
                    it.hasNext(); ) {
                CustomerEvent e = it.next();
                h.processElement(new StreamRecord<>(e, e.ts()));
                if (watermark == Long.MIN_VALUE || e.ts() - BOUND - watermark >= WATERMARK_STEP) {
                    watermark = e.ts() - BOUND;
                    h.processWatermark(new Watermark(watermark));
                }
            }
            KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
            List<String> keys =
                    backend.getKeys(JobState.PROFILE_STATE, VoidNamespace.INSTANCE).toList();
            for (String key : keys) {
                backend.setCurrentKey(key);
                CustomerProfile p =
                        backend.getPartitionedState(
                                        VoidNamespace.INSTANCE,
                                        VoidNamespaceSerializer.INSTANCE,
                                        JobState.profileDescriptor())
                                .value();
                int c = size(CustomerProfileSerializer.INSTANCE, p);
                int o = size(POJO, p);
                assertThat(c).as("customer %s", key).isLessThan(o);
                compact += c;
                pojo += o;
                compactMax = Math.max(compactMax, c);
                n++;
            }
        }
        assertThat(n).isGreaterThan(CUSTOMERS / 2);
        System.out.printf(
                "profile bytes per customer after %d days (%,d customers): POJO %.0f, compact"
                        + " %.0f (max %d), %.2fx%n",
                days,
                n,
                pojo / (double) n,
                compact / (double) n,
                compactMax,
                compact / (double) pojo);
        assertThat(compact).isLessThan(pojo);
    }

    private static int size(TypeSerializer<CustomerProfile> s, CustomerProfile p) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(p, out);
        return out.length();
    }
}
