package dev.kizashi.codec;

import dev.kizashi.model.CustomerEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information of {@link CustomerEvent}, backed by {@link CustomerEventSerializer}. Use
 * it where Flink cannot infer the type (an interface would otherwise fall back to Kryo), e.g.
 * {@code stream.map(...).returns(CustomerEventTypeInfo.INSTANCE)} or in a state descriptor.
 */
public final class CustomerEventTypeInfo extends HandWrittenTypeInfo<CustomerEvent> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CustomerEventTypeInfo INSTANCE = new CustomerEventTypeInfo();

    private CustomerEventTypeInfo() {
        super(CustomerEvent.class);
    }

    @Override
    public TypeSerializer<CustomerEvent> createSerializer(SerializerConfig config) {
        return CustomerEventSerializer.INSTANCE;
    }

    /** Keeps the singleton a singleton across Java serialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
