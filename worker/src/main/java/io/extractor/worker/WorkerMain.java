package io.extractor.worker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

/**
 * Runs the worker until it is told to stop. SIGTERM (what Kubernetes sends on a rolling update or scale-down)
 * is a normal end: running tasks finish or go back to the queue, and the process exits 0 rather than 143, so
 * an orchestrator does not count a clean drain as a failure.
 *
 * <p>With the single argument {@value #AOT_TRAINING} the process is a training run for a JDK AOT cache instead
 * (bin/worker-aot-cache): its slots stay off, {@link AotTraining} exercises the task path, and it exits.
 */
@QuarkusMain
public class WorkerMain implements QuarkusApplication {
    public static final String AOT_TRAINING = "aot-training";

    private final AotTraining training;

    public WorkerMain(AotTraining training) {
        this.training = training;
    }

    public static void main(String... args) {
        Quarkus.run(WorkerMain.class, args);
    }

    static boolean isTraining(String... args) {
        return args.length == 1 && AOT_TRAINING.equals(args[0]);
    }

    @Override
    public int run(String... args) {
        if (isTraining(args)) {
            return training.run();
        }
        if (args.length > 0) {
            System.err.println("the worker takes no arguments (or only " + AOT_TRAINING + "); it is configured by properties and the environment");
            return 2;
        }
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Quarkus.waitForExit();
        return 0;
    }
}
