package dev.kizashi.codec;

import dev.kizashi.model.CustomerEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of {@link CustomerEvent}, backed by {@link CustomerEventSerializer}. Use
 * it where Flink cannot infer the type (an interface would otherwise fall back to Kryo), e.g.
 * {@code stream.map(...).returns(CustomerEventTypeInfo.INSTANCE)} or in a state descriptor.
 */
public final class CustomerEventTypeInfo extends TypeInformation<CustomerEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerEventTypeInfo INSTANCE = new CustomerEventTypeInfo();

    private CustomerEventTypeInfo() {}

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
    public Class<CustomerEvent> getTypeClass() {
        return CustomerEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<CustomerEvent> createSerializer(SerializerConfig config) {
        return CustomerEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CustomerEventTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CustomerEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return CustomerEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof CustomerEventTypeInfo;
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
