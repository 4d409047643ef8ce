package dev.kizashi.connectors.file;

import dev.kizashi.connectors.SourceLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * UTF-8 text lines with their 1-based line numbers, for {@code FileSource}. Files are not split,
 * and on restore Flink re-reads and skips the records already emitted, so line numbers stay exact
 * across restarts. A line longer than {@code maxLineChars} is cut to {@code maxLineChars + 1}
 * characters and the rest skipped, so one huge line cannot exhaust memory; the codec then reports
 * it as oversized.
 */
public final class NumberedLineFormat extends SimpleStreamFormat<SourceLine> {
    private static final long serialVersionUID = 1L;

    private final String origin;
    private final int maxLineChars;

    public NumberedLineFormat(String origin, int maxLineChars) {
        this.origin = origin;
        this.maxLineChars = maxLineChars;
    }

    @Override
    public StreamFormat.Reader<SourceLine> createReader(
            Configuration config, FSDataInputStream stream) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        return new Reader(reader, origin, maxLineChars);
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private static final class Reader implements StreamFormat.Reader<SourceLine> {
        private final BufferedReader in;
        private final String origin;
        private final int maxLineChars;
        private final StringBuilder buffer = new StringBuilder(256);
        private long lineNo;

        Reader(BufferedReader in, String origin, int maxLineChars) {
            this.in = in;
            this.origin = origin;
            this.maxLineChars = maxLineChars;
        }

        @Override
        public SourceLine read() throws IOException {
            buffer.setLength(0);
            int c = in.read();
            if (c < 0) {
                return null;
            }
            while (c >= 0 && c != '\n') {
                if (buffer.length() <= maxLineChars) {
                    buffer.append((char) c);
                }
                c = in.read();
            }
            int end = buffer.length();
            if (end > 0 && buffer.charAt(end - 1) == '\r') {
                buffer.setLength(end - 1);
            }
            return new SourceLine(origin, ++lineNo, buffer.toString());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
