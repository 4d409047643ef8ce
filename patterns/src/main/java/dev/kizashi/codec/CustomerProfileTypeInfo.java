package dev.kizashi.codec;

import dev.kizashi.profile.CustomerProfile;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of {@link CustomerProfile}, backed by the compact {@link
 * CustomerProfileSerializer} instead of Flink's POJO serializer; used by the profile's state
 * descriptor.
 */
public final class CustomerProfileTypeInfo extends HandWrittenTypeInfo<CustomerProfile> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerProfileTypeInfo INSTANCE = new CustomerProfileTypeInfo();

    private CustomerProfileTypeInfo() {
        super(CustomerProfile.class);
    }

    @Override
    public TypeSerializer<CustomerProfile> createSerializer(SerializerConfig config) {
        return CustomerProfileSerializer.INSTANCE;
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
