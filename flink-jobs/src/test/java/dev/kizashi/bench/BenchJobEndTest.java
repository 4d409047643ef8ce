package dev.kizashi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * How the benchmark driver reads a job's end. A local job runs on its own MiniCluster, which shuts
 * down as soon as the job's result is known; a status request about a job that has just finished
 * then throws (the flaky {@code BenchCommandITCase} failure). These clients are in that state:
 * every request to the cluster throws, only the result is there.
 */
class BenchJobEndTest {

    private static final String GONE =
            "MiniCluster is not yet running or has already been shut down.";

    /** A client whose cluster is gone: only {@code getJobExecutionResult} answers. */
    private static JobClient clusterGone(
            CompletableFuture<JobExecutionResult> result, AtomicInteger clusterRequests) {
        return (JobClient)
                Proxy.newProxyInstance(
                        JobClient.class.getClassLoader(),
                        new Class<?>[] {JobClient.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getJobExecutionResult")) {
                                return result.thenApply(r -> r);
                            }
                            if (method.getName().equals("getJobID")) {
                                return new JobID();
                            }
                            clusterRequests.incrementAndGet();
                            throw new IllegalStateException(GONE);
                        });
    }

    private static CompletableFuture<JobExecutionResult> finishedResult() {
        return CompletableFuture.completedFuture(new JobExecutionResult(new JobID(), 1, Map.of()));
    }

    @Test
    void aJobThatFinishedAndWhoseClusterIsShutDownReadsAsFinished() throws Exception {
        AtomicInteger clusterRequests = new AtomicInteger();
        JobClient client = clusterGone(finishedResult(), clusterRequests);

        assertThat(Bench.finished(client)).isTrue();
        Bench.cancel(client); // nothing to cancel, and no cluster to ask
        assertThat(clusterRequests).hasValue(0);
    }

    @Test
    void aRunningJobIsNotFinished() throws Exception {
        AtomicInteger clusterRequests = new AtomicInteger();
        JobClient client = clusterGone(new CompletableFuture<>(), clusterRequests);

        assertThat(Bench.finished(client)).isFalse();
        assertThat(clusterRequests).hasValue(0);
    }

    @Test
    void aFailedJobThrowsItsFailure() {
        CompletableFuture<JobExecutionResult> failed = new CompletableFuture<>();
        failed.completeExceptionally(new IllegalArgumentException("bad record"));
        JobClient client = clusterGone(failed, new AtomicInteger());

        assertThatThrownBy(() -> Bench.finished(client))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("bad record");
    }

    @Test
    void cancellingAJobThatEndsMeanwhileWaitsForItsResult() {
        // Not finished when cancel looks, cluster gone when it asks: the cancel request throws,
        // and cancel still returns once the result is there.
        CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        AtomicInteger clusterRequests = new AtomicInteger();
        JobClient client =
                (JobClient)
                        Proxy.newProxyInstance(
                                JobClient.class.getClassLoader(),
                                new Class<?>[] {JobClient.class},
                                (proxy, method, args) -> {
                                    if (method.getName().equals("getJobExecutionResult")) {
                                        return result.thenApply(r -> r);
                                    }
                                    clusterRequests.incrementAndGet();
                                    result.complete(finishedResult().join());
                                    throw new IllegalStateException(GONE);
                                });

        Bench.cancel(client);
        assertThat(clusterRequests).hasValue(1);
        assertThat(result).isCompleted();
    }
}
