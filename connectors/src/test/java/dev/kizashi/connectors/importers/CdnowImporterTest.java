package dev.kizashi.connectors.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kizashi.model.CustomerEvent;
import dev.kizashi.wire.DecodeResult;
import dev.kizashi.wire.ReasonCode;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CdnowImporterTest {

    private final CdnowImporter importer = new CdnowImporter();

    private static CustomerEvent.Order order(DecodeResult r) {
        assertThat(r).isNotNull();
        assertThat(r.deadLetter()).isNull();
        assertThat(r.event()).isInstanceOf(CustomerEvent.Order.class);
        return (CustomerEvent.Order) r.event();
    }

    @Test
    void fourColumnMasterLine() {
        CustomerEvent.Order o =
                order(importer.importLine(" 00002 19970112  5   77.00\r", 3, "CDNOW_master.txt"));
        assertThat(o.eventId()).isEqualTo("cdnow-00002-3");
        assertThat(o.orderId()).isEqualTo("cdnow-00002-3");
        assertThat(o.customerId()).isEqualTo("00002");
        assertThat(o.ts()).isEqualTo(Instant.parse("1997-01-12T00:00:00Z").toEpochMilli());
        assertThat(o.amount()).isEqualTo(77.0);
        assertThat(o.items()).isEqualTo(5);
        assertThat(o.currency()).isEqualTo("USD");
        assertThat(o.subscription()).isFalse();
    }

    @Test
    void fiveColumnSampleLine() {
        CustomerEvent.Order o =
                order(
                        importer.importLine(
                                " 00004 0001 19970118  2   29.73", 2, "CDNOW_sample.txt"));
        assertThat(o.customerId()).isEqualTo("00004");
        assertThat(o.ts()).isEqualTo(Instant.parse("1997-01-18T00:00:00Z").toEpochMilli());
        assertThat(o.items()).isEqualTo(2);
        assertThat(o.amount()).isEqualTo(29.73);
        assertThat(
                        new CdnowImporter("sample")
                                .importLine("00004 0001 19970118 2 29.73", 2, "s")
                                .event()
                                .eventId())
                .isEqualTo("sample-00004-2");
    }

    @Test
    void headerAndBlankLinesAreSkipped() {
        assertThat(importer.importLine(" customer_id  date number_of_cds  dollar_value\r", 1, "m"))
                .isNull();
        assertThat(importer.importLine("customer_id seq date cds dollar", 1, "m")).isNull();
        assertThat(importer.importLine("   ", 5, "m")).isNull();
        assertThat(importer.importLine("", 5, "m")).isNull();
        assertThat(importer.importLine("\r", 5, "m")).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00001 19971301 1 11.77",
                "00001 19970230 1 11.77",
                "00001 1997010 1 11.77",
                "00001 1997-01-01 1 11.77",
                "00001 19970101 x 11.77",
                "00001 19970101 1 eleven",
                "00001 19970101 1 -3.00",
                "00001 19970101 -1 3.00",
                "00001 19970101 1 NaN",
                "00001 19970101 1",
                "00001 19970101 1 11.77 1 2",
                "00001 x1 19970101 1 11.77",
                "hello world",
                "{\"eventId\":\"e-1\"}"
            })
    void badRowsBecomeDeadLettersWithTheOriginal(String line) {
        DecodeResult r = importer.importLine(line, 7, "CDNOW_master.txt");
        assertThat(r).isNotNull();
        assertThat(r.isOk()).isFalse();
        assertThat(r.deadLetter().reason()).isEqualTo(ReasonCode.BAD_ROW);
        assertThat(r.deadLetter().original()).isEqualTo(line);
        assertThat(r.deadLetter().source()).isEqualTo("CDNOW_master.txt:7");
        assertThat(r.deadLetter().message()).isNotBlank();
    }

    @Test
    void nullLineIsADeadLetterNotAnException() {
        DecodeResult r = importer.importLine(null, 1, "x");
        assertThat(r.deadLetter().reason()).isEqualTo(ReasonCode.BAD_ROW);
    }

    @Test
    void importsTheRealMasterFile() throws Exception {
        Path master = SharedData.find("data/cdnow/CDNOW_master.txt");
        assumeThat(master)
                .as("shared/data/cdnow/CDNOW_master.txt not found above the working directory")
                .isNotNull();
        List<DecodeResult> results = importFile(master);
        long lines = Files.readAllLines(master, StandardCharsets.US_ASCII).size();
        assertThat(results).hasSize((int) lines - 1).allMatch(DecodeResult::isOk);
        assertThat(results.stream().map(r -> r.event().customerId()).distinct().count())
                .isEqualTo(23_570);
        assertThat(results.stream().map(r -> r.event().eventId()).distinct().count())
                .isEqualTo(results.size());
    }

    @Test
    void importsTheRealSampleFile() throws Exception {
        Path sample = SharedData.find("data/cdnow/CDNOW_sample.txt");
        assumeThat(sample)
                .as("shared/data/cdnow/CDNOW_sample.txt not found above the working directory")
                .isNotNull();
        List<DecodeResult> results = importFile(sample);
        assertThat(results).hasSize(6919).allMatch(DecodeResult::isOk);
    }

    private List<DecodeResult> importFile(Path file) throws Exception {
        List<DecodeResult> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            importer.importAll(r, file.getFileName().toString(), out::add);
        }
        return out;
    }
}
