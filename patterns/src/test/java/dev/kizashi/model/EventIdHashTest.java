package dev.kizashi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdHashTest {

    @Test
    void tellsApartWhatStringHashCodeConfuses() {
        // "Aa" and "BB" share String.hashCode (and any plain polynomial hash of the chars)
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(EventIdHash.of("Aa")).isNotEqualTo(EventIdHash.of("BB"));
        // the high byte of a code unit counts: 汁 (U+6C41) and 流 (U+6D41) share the low one
        assertThat(EventIdHash.of("\u6c41")).isNotEqualTo(EventIdHash.of("\u6d41"));
    }

    @Test
    void noCollisionAmongManyIdsOfTheUsualShapes() {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            hashes.add(EventIdHash.of("e-" + i));
            byte[] name = ("order-" + i).getBytes(StandardCharsets.UTF_8);
            hashes.add(EventIdHash.of(UUID.nameUUIDFromBytes(name).toString()));
        }
        assertThat(hashes).hasSize(400_000);
    }
}
