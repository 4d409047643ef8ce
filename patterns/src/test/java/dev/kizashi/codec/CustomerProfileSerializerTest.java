package dev.kizashi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kizashi.alert.AlertEpisode;
import dev.kizashi.profile.CustomerProfile;
import java.io.IOException;
import java.util.Comparator;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class CustomerProfileSerializerTest {

    private static final CustomerProfileSerializer SERIALIZER = CustomerProfileSerializer.INSTANCE;

    /** What the profile state was written with before: Flink's POJO serializer. */
    private static final TypeSerializer<CustomerProfile> POJO =
            TypeInformation.of(CustomerProfile.class).createSerializer(new SerializerConfigImpl());

    static byte[] serialize(TypeSerializer<CustomerProfile> s, CustomerProfile p)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(p, out);
        return out.getCopyOfBuffer();
    }

    private static CustomerProfile deserialize(byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        CustomerProfile p = SERIALIZER.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        return p;
    }

    private static void assertSame(CustomerProfile actual, CustomerProfile expected) {
        // Bit for bit: NaN equals itself, 0.0 differs from -0.0.
        assertThat(actual)
                .usingRecursiveComparison()
                .withComparatorForType(
                        Comparator.comparingLong(Double::doubleToRawLongBits), Double.class)
                .isEqualTo(expected);
    }

    @Provide
    net.jqwik.api.Arbitrary<CustomerProfile> populated() {
        return TestProfiles.populated();
    }

    @Property(tries = 500)
    void roundTripsFullyPopulatedProfiles(@ForAll("populated") CustomerProfile p)
            throws IOException {
        byte[] bytes = serialize(SERIALIZER, p);
        CustomerProfile back = deserialize(bytes);
        assertSame(back, p);
        assertThat(serialize(SERIALIZER, back)).isEqualTo(bytes);
        // The POJO serializer, the reference of what a profile holds, agrees on the copy.
        assertThat(serialize(POJO, back)).isEqualTo(serialize(POJO, p));
    }

    @Property(tries = 200)
    void copyIsDeep(@ForAll("populated") CustomerProfile p) throws IOException {
        byte[] before = serialize(POJO, p);
        CustomerProfile copy = SERIALIZER.copy(p);
        assertSame(copy, p);
        assertSame(SERIALIZER.copy(p, new CustomerProfile()), p);

        copy.recentIdHashes[0]++;
        copy.recentIdTs[0]++;
        copy.supportContactTs[0]++;
        copy.negativeSignalTs[0]++;
        copy.alertEpisode.lastAlertTs[0]++;
        copy.alertEpisode.alerts++;
        copy.planId = "changed";
        assertThat(serialize(POJO, p)).as("the original after changing the copy").isEqualTo(before);
    }

    @Test
    void roundTripsNewEmptyAndNullFields() throws IOException {
        CustomerProfile fresh = new CustomerProfile();
        assertSame(deserialize(serialize(SERIALIZER, fresh)), fresh);
        assertThat(serialize(SERIALIZER, fresh))
                .as("a new profile: version and an empty mask")
                .hasSize(2);

        CustomerProfile nulls = new CustomerProfile();
        nulls.recentIdHashes = null;
        nulls.recentIdTs = null;
        nulls.supportContactTs = null;
        nulls.negativeSignalTs = null;
        nulls.alertEpisode = null;
        nulls.lastEmittedReasons = "";
        assertSame(deserialize(serialize(SERIALIZER, nulls)), nulls);

        CustomerProfile nullCooldowns = new CustomerProfile();
        nullCooldowns.alertEpisode.lastAlertTs = null;
        assertSame(deserialize(serialize(SERIALIZER, nullCooldowns)), nullCooldowns);
        assertThat(SERIALIZER.copy((CustomerProfile) null)).isNull();
    }

    @Test
    void readsSeveralRecordsFromOneStreamAndCopiesBytes() throws IOException {
        Random r = new Random(7);
        CustomerProfile[] profiles = new CustomerProfile[20];
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (int i = 0; i < profiles.length; i++) {
            profiles[i] = TestProfiles.populated(r);
            SERIALIZER.serialize(profiles[i], out);
        }
        byte[] all = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(all);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        for (CustomerProfile p : profiles) {
            SERIALIZER.copy(in, copied);
        }
        assertThat(copied.getCopyOfBuffer()).isEqualTo(all);
        in = new DataInputDeserializer(all);
        for (CustomerProfile p : profiles) {
            assertSame(SERIALIZER.deserialize(new CustomerProfile(), in), p);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void isSmallerThanThePojoSerializerForARealisticProfile() throws IOException {
        for (int days : new int[] {3, 30, 180}) {
            CustomerProfile p = TestProfiles.realistic(days);
            int compact = serialize(SERIALIZER, p).length;
            int pojo = serialize(POJO, p).length;
            assertThat(compact).as("compact vs POJO bytes after %d days", days).isLessThan(pojo);
            assertSame(deserialize(serialize(SERIALIZER, p)), p);
        }
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        assertThatThrownBy(() -> deserialize(new byte[] {9, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 9");
    }

    @Test
    void describesItself() {
        assertThat(SERIALIZER.isImmutableType()).isFalse();
        assertThat(SERIALIZER.getLength()).isEqualTo(-1);
        assertThat(SERIALIZER.duplicate()).isSameAs(SERIALIZER);
        assertSame(SERIALIZER.createInstance(), new CustomerProfile());
    }

    private static TypeSerializerSnapshot<CustomerProfile> writtenAndRead(
            TypeSerializerSnapshot<CustomerProfile> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()),
                CustomerProfileSerializerTest.class.getClassLoader());
    }

    @Test
    void snapshotRestoresTheSerializer() throws IOException {
        TypeSerializerSnapshot<CustomerProfile> restored =
                writtenAndRead(SERIALIZER.snapshotConfiguration());
        assertThat(restored)
                .isInstanceOf(CustomerProfileSerializer.CustomerProfileSerializerSnapshot.class);
        assertThat(restored.restoreSerializer()).isEqualTo(SERIALIZER);
        assertThat(
                        SERIALIZER
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(restored)
                                .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void statePreviouslyWrittenByThePojoSerializerIsMigrated() throws IOException {
        TypeSerializerSnapshot<CustomerProfile> old = writtenAndRead(POJO.snapshotConfiguration());
        TypeSerializerSchemaCompatibility<CustomerProfile> c =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(c.isCompatibleAfterMigration()).isTrue();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aPojoSerializerOfAnotherClassIsIncompatible() throws IOException {
        TypeSerializer episodes =
                TypeInformation.of(AlertEpisode.class).createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot old = writtenAndRead(episodes.snapshotConfiguration());
        TypeSerializerSchemaCompatibility<CustomerProfile> c =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(c.isIncompatible()).isTrue();
    }

    @Test
    void serializerAndTypeInfoSurviveJavaSerialization() throws Exception {
        assertThat(InstantiationUtil.clone(SERIALIZER)).isSameAs(SERIALIZER);
        assertThat(InstantiationUtil.clone(CustomerProfileTypeInfo.INSTANCE))
                .isEqualTo(CustomerProfileTypeInfo.INSTANCE);
    }
}
