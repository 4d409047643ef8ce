package dev.kizashi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.alert.Alert;
import dev.kizashi.codec.CustomerProfileSerializer;
import dev.kizashi.codec.TestProfiles;
import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints and savepoints written while the profile state used Flink's POJO serializer restore
 * into the job with the compact {@link CustomerProfileSerializer}: RocksDB migrates every value.
 */
class ProfileStateMigrationTest {

    /** The profiles the old job wrote, by customer: random ones and realistic histories. */
    private static final Map<String, CustomerProfile> WRITTEN = new LinkedHashMap<>();

    static {
        Random r = new Random(11);
        for (int i = 0; i < 40; i++) {
            WRITTEN.put("p-" + i, TestProfiles.populated(r));
        }
        for (int days : new int[] {3, 30, 180}) {
            WRITTEN.put("r-" + days, TestProfiles.realistic(days));
        }
        WRITTEN.put("new", new CustomerProfile());
    }

    /** The profile state as the job declared it before: same name, Flink's POJO type. */
    private static ValueStateDescriptor<CustomerProfile> pojoDescriptor() {
        return new ValueStateDescriptor<>(
                JobState.PROFILE_STATE, TypeInformation.of(CustomerProfile.class));
    }

    /** Stands in for the old job: stores each customer's profile with the POJO descriptor. */
    static final class PojoProfileWriter extends KeyedProcessFunction<String, String, Void> {
        @Override
        public void processElement(String customer, Context ctx, Collector<Void> out)
                throws Exception {
            getRuntimeContext().getState(pojoDescriptor()).update(WRITTEN.get(customer));
        }
    }

    static Stream<Arguments> snapshots() {
        return Stream.of(
                Arguments.of(true, CheckpointType.CHECKPOINT),
                Arguments.of(false, CheckpointType.FULL_CHECKPOINT),
                Arguments.of(true, SavepointType.savepoint(SavepointFormatType.CANONICAL)),
                Arguments.of(true, SavepointType.savepoint(SavepointFormatType.NATIVE)));
    }

    @ParameterizedTest(name = "incremental {0}, {1}")
    @MethodSource("snapshots")
    void profilesWrittenByThePojoSerializerReadBackEqual(boolean incremental, SnapshotType type)
            throws Exception {
        assertThat(TypeInformation.of(CustomerProfile.class)).isInstanceOf(PojoTypeInfo.class);
        OperatorSubtaskState old;
        try (var writer =
                new KeyedOneInputStreamOperatorTestHarness<String, String, Void>(
                        new KeyedProcessOperator<>(new PojoProfileWriter()),
                        customer -> customer,
                        Types.STRING)) {
            writer.setStateBackend(new EmbeddedRocksDBStateBackend(incremental));
            writer.open();
            for (String customer : WRITTEN.keySet()) {
                writer.processElement(new StreamRecord<>(customer, 0));
            }
            old = writer.snapshotWithLocalState(1, 1, type).getJobManagerOwnedState();
        }

        OperatorSubtaskState migrated;
        try (var job = jobHarness(incremental)) {
            job.initializeState(old);
            job.open();
            for (var e : WRITTEN.entrySet()) {
                assertEqual(profile(job, e.getKey()), e.getValue());
            }
            // The job goes on from a migrated profile: a later login is applied to it.
            CustomerProfile before = WRITTEN.get("r-180");
            long at = before.lastActivityTs + CustomerProfile.DAY_MS;
            job.processElement(
                    new StreamRecord<>(new CustomerEvent.Login("e-new", "r-180", at, "web"), at));
            CustomerProfile after = profile(job, "r-180");
            assertThat(after.lastActivityTs).isEqualTo(at);
            assertThat(after.recentIdHashes).isNotEqualTo(before.recentIdHashes);
            // Full: an incremental one would refer to checkpoint 1's files through placeholders
            // only a checkpoint coordinator resolves.
            migrated =
                    job.snapshotWithLocalState(2, 2, CheckpointType.FULL_CHECKPOINT)
                            .getJobManagerOwnedState();
        }

        // What the migrated job wrote (the compact format) restores as it is.
        try (var job = jobHarness(incremental)) {
            job.initializeState(migrated);
            job.open();
            assertThat(profile(job, "r-180").lastActivityTs)
                    .isEqualTo(WRITTEN.get("r-180").lastActivityTs + CustomerProfile.DAY_MS);
            assertEqual(profile(job, "p-7"), WRITTEN.get("p-7"));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> jobHarness(
            boolean incremental) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new CustomerProfileFunction(ChurnJobConfig.defaults())),
                        CustomerEvent::customerId,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend(incremental));
        return h;
    }

    private static CustomerProfile profile(
            KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, Alert> h, String customer)
            throws Exception {
        h.getOperator().setCurrentKey(customer);
        return h.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        JobState.profileDescriptor())
                .value();
    }

    private static void assertEqual(CustomerProfile actual, CustomerProfile expected) {
        assertThat(actual)
                .usingRecursiveComparison()
                .withComparatorForType(
                        Comparator.comparingLong(Double::doubleToRawLongBits), Double.class)
                .isEqualTo(expected);
    }
}
