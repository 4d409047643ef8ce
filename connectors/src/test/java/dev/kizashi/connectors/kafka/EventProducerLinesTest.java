package dev.kizashi.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link EventProducer} splits a file into lines: as bytes, the way the file source does. */
class EventProducerLinesTest {

    private static List<EventProducer.Line> lines(byte[] file, int max) {
        List<EventProducer.Line> out = new ArrayList<>();
        new EventProducer.ByteLines(new ByteArrayInputStream(file), max).forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(List<EventProducer.Line> lines) {
        return lines.stream().map(l -> new String(l.bytes(), StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void splitsAtNewlinesDropsOneCarriageReturnAndKeepsALastLineWithoutNewline() {
        byte[] file = "a\r\n\nb\r\r\n \t\nlast".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(texts(lines(file, 100))).containsExactly("a", "", "b\r", " \t", "last");
        assertThat(lines(new byte[0], 100)).isEmpty();
        assertThat(texts(lines("x\n".getBytes(StandardCharsets.ISO_8859_1), 100)))
                .containsExactly("x");
    }

    @Test
    void bytesThatAreNotUtf8StayAsTheyAre() {
        byte[] file = {'{', (byte) 0xFF, (byte) 0xC3, '}', '\n', 'o', 'k'};
        List<EventProducer.Line> lines = lines(file, 100);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).bytes()).containsExactly('{', (byte) 0xFF, (byte) 0xC3, '}');
        assertThat(lines.get(1).bytes()).containsExactly('o', 'k');
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndTheRestOfItSkipped() {
        byte[] file = "0123456789\r\nnext\n12345\r\n".getBytes(StandardCharsets.ISO_8859_1);
        List<EventProducer.Line> lines = lines(file, 5);
        assertThat(texts(lines)).containsExactly("01234", "next", "12345");
        assertThat(lines).extracting(EventProducer.Line::cut).containsExactly(true, false, false);
    }
}
