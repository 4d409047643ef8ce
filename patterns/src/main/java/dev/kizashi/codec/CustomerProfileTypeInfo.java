package dev.kizashi.codec;

import dev.kizashi.profile.CustomerProfile;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of {@link CustomerProfile}, backed by the compact {@link
 * CustomerProfileSerializer} instead of Flink's POJO serializer; used by the profile's state
 * descriptor.
 */
public final class CustomerProfileTypeInfo extends TypeInformation<CustomerProfile> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerProfileTypeInfo INSTANCE = new CustomerProfileTypeInfo();

    private CustomerProfileTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<CustomerProfile> getTypeClass() {
        return CustomerProfile.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<CustomerProfile> createSerializer(SerializerConfig config) {
        return CustomerProfileSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CustomerProfileTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CustomerProfileTypeInfo;
    }

    @Override
    public int hashCode() {
        return CustomerProfileTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof CustomerProfileTypeInfo;
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
