package dev.kizashi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.profile.CustomerProfile;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandWrittenTypeInfoTest {
    static Stream<Arguments> typeInfos() {
        return Stream.of(
                Arguments.of(
                        CustomerEventTypeInfo.INSTANCE,
                        CustomerEventSerializer.INSTANCE,
                        CustomerEvent.class),
                Arguments.of(
                        CustomerProfileTypeInfo.INSTANCE,
                        CustomerProfileSerializer.INSTANCE,
                        CustomerProfile.class));
    }

    @ParameterizedTest
    @MethodSource("typeInfos")
    void typeInfoCreatesItsSerializer(
            HandWrittenTypeInfo<?> info, TypeSerializer<?> serializer, Class<?> type) {
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(serializer);
        assertThat(info.getTypeClass()).isEqualTo(type);
        assertThat(info.isBasicType()).isFalse();
        assertThat(info.isTupleType()).isFalse();
        assertThat(info.isKeyType()).isFalse();
        assertThat(info.getArity()).isEqualTo(1);
        assertThat(info.getTotalFields()).isEqualTo(1);
        assertThat(info.canEqual(info)).isTrue();
        assertThat(info.toString()).contains(type.getSimpleName());
    }

    @ParameterizedTest
    @MethodSource("typeInfos")
    void equalityIsBySubclass(HandWrittenTypeInfo<?> info, TypeSerializer<?> s, Class<?> t) {
        HandWrittenTypeInfo<?> other =
                info == CustomerEventTypeInfo.INSTANCE
                        ? CustomerProfileTypeInfo.INSTANCE
                        : CustomerEventTypeInfo.INSTANCE;
        assertThat(info).isNotEqualTo(other);
        assertThat(info.canEqual(other)).isFalse();
        assertThat(info.hashCode()).isNotEqualTo(other.hashCode());
    }
}
