package dev.kizashi.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the snapshot to resume a live run from in its checkpoint directory, from the file layout
 * alone:
 *
 * <pre>
 * &lt;checkpoint dir&gt;/&lt;job id&gt;/chk-N/_metadata      a checkpoint of one run (each run: a new job id)
 * &lt;checkpoint dir&gt;/savepoints/&lt;name&gt;/_metadata  a savepoint taken when a run was stopped
 * </pre>
 *
 * A snapshot is complete when its {@code _metadata} exists (Flink writes it last); the highest
 * {@code chk-N} may still be in progress, and job ids sort in no useful order, so the newest is the
 * one whose {@code _metadata} was written last. Other folders (the changelog, the indexer's own
 * checkpoints) are not the churn job's and are skipped.
 */
public final class CheckpointLocator {
    /** Where a live run puts the savepoint it takes when stopped. */
    public static final String SAVEPOINTS = "savepoints";

    /** The file Flink writes last into a checkpoint or savepoint folder. */
    public static final String METADATA = "_metadata";

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-\\d+");

    private CheckpointLocator() {}

    /** The folder a live run with checkpoints in {@code checkpointDir} stops into. */
    public static Path savepointsDir(Path checkpointDir) {
        return checkpointDir.resolve(SAVEPOINTS);
    }

    /** Whether {@code snapshot} is a checkpoint or savepoint folder with its {@code _metadata}. */
    public static boolean isComplete(Path snapshot) {
        return Files.isRegularFile(snapshot.resolve(METADATA));
    }

    /**
     * The newest complete checkpoint or savepoint under {@code checkpointDir} (the latest written
     * {@code _metadata}); empty when there is none or the folder does not exist.
     */
    public static Optional<Path> latest(Path checkpointDir) {
        record Found(Path snapshot, FileTime written) {}
        List<Found> found = new ArrayList<>();
        for (Path snapshot : candidates(checkpointDir)) {
            try {
                found.add(
                        new Found(snapshot, Files.getLastModifiedTime(snapshot.resolve(METADATA))));
            } catch (NoSuchFileException e) {
                // in progress, or removed since it was listed
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found.stream()
                .max(
                        Comparator.comparing(Found::written)
                                .thenComparing(f -> f.snapshot().toString()))
                .map(Found::snapshot);
    }

    /**
     * {@link #latest}, or a one-line error naming the folder when there is nothing to resume from.
     */
    public static Path require(Path checkpointDir) {
        return latest(checkpointDir)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "--restore latest: no complete checkpoint or savepoint in "
                                                + checkpointDir
                                                + " (start without --restore, or give"
                                                + " --checkpoint-dir of the run to resume)"));
    }

    private static List<Path> candidates(Path checkpointDir) {
        List<Path> out = new ArrayList<>();
        for (Path child : list(checkpointDir)) {
            String name = child.getFileName().toString();
            if (name.equals(SAVEPOINTS)) {
                out.addAll(list(child));
            } else if (JOB_ID.matcher(name).matches()) {
                for (Path chk : list(child)) {
                    if (CHECKPOINT.matcher(chk.getFileName().toString()).matches()) {
                        out.add(chk);
                    }
                }
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return List.of(); // removed while we looked (Flink discards subsumed checkpoints)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
