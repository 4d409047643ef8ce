package dev.kizashi.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kizashi.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link World#DEFAULT} is the generator as it was before worlds, byte for byte. The digests are
 * the sha256sum of {@code events.jsonl} and {@code labels.csv} written by {@code kizashi generate
 * --customers C --days D --seed S} (bad-line rate 0.001) with the generator of commit d4fa879,
 * before worlds existed. A change of the JSON codec would need them pinned again; a change of the
 * generator's default behaviour must not.
 */
class DefaultWorldPinnedTest {

    @ParameterizedTest
    @CsvSource({
        "300, 120, 1, b3aac3a4daa0657ced9b9d9d4acb2cd1ced51e1afbfee93e1bf501fc8eed7826,"
                + " 0204fc5039313edb218fce343e3f0136a5aa0b8e3db03788fddfd676c548f9c7",
        "500, 60, 3, 6b4e7b23c805f1427d9165fce6abb2f07ffe673a5e9f9e026718f2ccc79beb1b,"
                + " 160014cb0f78f16186d754fd08d020ddf0124fb3ddb4a3138df9d499c89f4032",
        "200, 400, 99, 383e0a6f9f87a5090cab73c095ab65c6db89d4eb78038500584c627247d217af,"
                + " bdb0d5cd972b82a292a84c1843f5a06650d6e572ef449e285ea360a6360f513c"
    })
    void defaultWorldWritesTheSameFilesAsTheGeneratorBeforeWorlds(
            int customers, int days, long seed, String eventsSha, String labelsSha)
            throws Exception {
        GeneratorConfig config = GeneratorConfig.of(customers, days, seed).withBadLineRate(0.001);
        assertThat(config.world()).isSameAs(World.DEFAULT);
        assertThat(eventsSha256(config)).isEqualTo(eventsSha);
        assertThat(labelsSha256(config)).isEqualTo(labelsSha);
        // the same knobs built afresh, and world 0, are the same world
        GeneratorConfig rebuilt = config.withWorld(World.DEFAULT.toBuilder().build());
        assertThat(rebuilt).isEqualTo(config);
        assertThat(eventsSha256(config.withWorld(World.of(0)))).isEqualTo(eventsSha);
    }

    /** sha256 of the lines {@code kizashi generate} writes to events.jsonl. */
    static String eventsSha256(GeneratorConfig config) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        EventCodec codec = new EventCodec();
        for (Iterator<String> it = new SubscriptionGenerator(config).lines(codec::encode);
                it.hasNext(); ) {
            md.update((it.next() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** sha256 of labels.csv as {@link LabelsCsv#write} writes it. */
    static String labelsSha256(GeneratorConfig config) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update((LabelsCsv.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        for (GroundTruth g : new SubscriptionGenerator(config).groundTruth()) {
            md.update((LabelsCsv.toRow(g) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
