package dev.kizashi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.EventSamples;
import dev.kizashi.model.CustomerEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CustomerEventSerializerTest {

    private static final CustomerEventSerializer SERIALIZER = CustomerEventSerializer.INSTANCE;

    static Stream<CustomerEvent> allEvents() {
        List<CustomerEvent> all = new ArrayList<>(EventSamples.full());
        all.addAll(EventSamples.bare());
        all.add(new CustomerEvent.Login(null, null, -5L, null)); // nulls even where required
        all.add(new CustomerEvent.Feedback("e", "c", 1L, 7, "x".repeat(100_000)));
        return all.stream();
    }

    private static byte[] serialize(CustomerEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(e, out);
        return out.getCopyOfBuffer();
    }

    private static CustomerEvent deserialize(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        CustomerEvent e = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        return e;
    }

    @ParameterizedTest
    @MethodSource("allEvents")
    void roundTripsEveryType(CustomerEvent e) throws IOException {
        assertThat(deserialize(serialize(e))).isEqualTo(e);
        assertThat(SERIALIZER.deserialize(null, new DataInputDeserializer(serialize(e))))
                .isEqualTo(e);
    }

    @ParameterizedTest
    @MethodSource("allEvents")
    void copiesValuesAndBytes(CustomerEvent e) throws IOException {
        assertThat(SERIALIZER.copy(e)).isEqualTo(e);
        assertThat(SERIALIZER.copy(e, null)).isEqualTo(e);

        byte[] bytes = serialize(e);
        DataOutputSerializer out = new DataOutputSerializer(16);
        SERIALIZER.copy(new DataInputDeserializer(bytes), out);
        assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void readsSeveralRecordsFromOneStream() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (CustomerEvent e : EventSamples.full()) {
            SERIALIZER.serialize(e, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (CustomerEvent e : EventSamples.full()) {
            assertThat(SERIALIZER.deserialize(in)).isEqualTo(e);
        }
        assertThat(in.available()).isZero();
    }

    @Property(tries = 300)
    void roundTripsArbitraryEvents(@ForAll("events") CustomerEvent e) throws IOException {
        assertThat(deserialize(serialize(e))).isEqualTo(e);
    }

    @Provide
    net.jqwik.api.Arbitrary<CustomerEvent> events() {
        return EventSamples.events();
    }

    @Test
    void rejectsAnUnknownTag() {
        assertThatThrownBy(
                        () ->
                                SERIALIZER.deserialize(
                                        new DataInputDeserializer(new byte[] {99, 0, 0})))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("99");
    }

    @Test
    void describesItself() {
        assertThat(SERIALIZER.isImmutableType()).isTrue();
        assertThat(SERIALIZER.getLength()).isEqualTo(-1);
        assertThat(SERIALIZER.duplicate()).isSameAs(SERIALIZER);
        assertThat(SERIALIZER.createInstance()).isNull();
    }

    @Test
    void snapshotRestoresTheSerializer() throws IOException {
        TypeSerializerSnapshot<CustomerEvent> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<CustomerEvent> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(restored)
                .isInstanceOf(CustomerEventSerializer.CustomerEventSerializerSnapshot.class);
        TypeSerializer<CustomerEvent> restoredSerializer = restored.restoreSerializer();
        assertThat(restoredSerializer).isEqualTo(SERIALIZER);

        TypeSerializerSchemaCompatibility<CustomerEvent> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void serializerAndTypeInfoSurviveJavaSerialization() throws Exception {
        CustomerEventSerializer s = InstantiationUtil.clone(SERIALIZER);
        assertThat(s).isSameAs(SERIALIZER);
        CustomerEventTypeInfo t = InstantiationUtil.clone(CustomerEventTypeInfo.INSTANCE);
        assertThat(t).isEqualTo(CustomerEventTypeInfo.INSTANCE);
    }
}
