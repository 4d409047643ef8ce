package dev.kizashi.connectors.file;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes one JSON (or any text) line per record into a single local file, exactly once across
 * restarts: every checkpoint records the file's length, and a restored writer truncates the file
 * back to it before appending, so lines written after the last checkpoint are not duplicated.
 *
 * <p>One file means one writer: the job runs this sink with parallelism 1. It suits the embedded
 * launcher and tests; on a cluster, use the Kafka and Elasticsearch sinks.
 */
public final class JsonLinesFileSink<T> implements Sink<T>, SupportsWriterState<T, Long> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final SerializableFunction<T, String> encoder;

    public JsonLinesFileSink(Path path, SerializableFunction<T, String> encoder) {
        this.path = path.toAbsolutePath().toString();
        this.encoder = encoder;
    }

    @Override
    public StatefulSinkWriter<T, Long> createWriter(WriterInitContext context) throws IOException {
        checkSingleWriter(context);
        return new Writer<>(Paths.get(path), encoder, 0L, true);
    }

    @Override
    public StatefulSinkWriter<T, Long> restoreWriter(
            WriterInitContext context, Collection<Long> recoveredState) throws IOException {
        checkSingleWriter(context);
        long length = recoveredState.stream().mapToLong(Long::longValue).max().orElse(0L);
        return new Writer<>(Paths.get(path), encoder, length, false);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new LengthSerializer();
    }

    private static void checkSingleWriter(WriterInitContext context) {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "JsonLinesFileSink writes one file and needs parallelism 1, got "
                            + parallelism);
        }
    }

    private static final class Writer<T> implements StatefulSinkWriter<T, Long> {
        private final FileChannel channel;
        private final OutputStream out;
        private final Function<T, String> encoder;

        Writer(Path file, Function<T, String> encoder, long keepBytes, boolean fresh)
                throws IOException {
            this.encoder = encoder;
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.READ);
            // A fresh run starts an empty file; a restored one drops what came after its
            // checkpoint.
            channel.truncate(fresh ? 0 : Math.min(keepBytes, channel.size()));
            channel.position(channel.size());
            out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(encoder.apply(element).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            if (endOfInput) {
                channel.force(false);
            }
        }

        @Override
        public List<Long> snapshotState(long checkpointId) throws IOException {
            out.flush();
            channel.force(false);
            return List.of(channel.position());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static final class LengthSerializer
            implements SimpleVersionedSerializer<Long>, Serializable {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long length) {
            return ByteBuffer.allocate(Long.BYTES).putLong(length).array();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown JsonLinesFileSink state version " + version);
            }
            return new DataInputStream(new java.io.ByteArrayInputStream(serialized)).readLong();
        }
    }
}
