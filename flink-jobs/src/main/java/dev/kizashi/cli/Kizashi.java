package dev.kizashi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kizashi} command line: run the churn detector embedded, generate data, replay logs.
 */
@Command(
        name = "kizashi",
        mixinStandardHelpOptions = true,
        version = "kizashi 0.1.0",
        description = "Kizashi (兆し) — real-time churn detection on Apache Flink.",
        footer = {
            "",
            "Also: ./kizashi stack up|down|status|logs  (a local Kafka and Elasticsearch, no Docker)"
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateCommand.class,
            ProduceCommand.class,
            TailCommand.class,
            EsCommand.class,
            FitCommand.class,
            EvaluateCommand.class,
            EvaluateAlertsCommand.class,
            ReportCommand.class,
            DashboardsCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Kizashi implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Kizashi()).execute(args);
        System.exit(code);
    }
}
