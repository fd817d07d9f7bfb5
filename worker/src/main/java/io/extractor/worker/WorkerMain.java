package io.extractor.worker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

/**
 * Runs the worker until it is told to stop. SIGTERM (what Kubernetes sends on a rolling update or scale-down)
 * is a normal end: running tasks finish or go back to the queue, and the process exits 0 rather than 143, so
 * an orchestrator does not count a clean drain as a failure.
 */
@QuarkusMain
public class WorkerMain implements QuarkusApplication {
    public static void main(String... args) {
        Quarkus.run(WorkerMain.class, args);
    }

    @Override
    public int run(String... args) {
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
        Quarkus.waitForExit();
        return 0;
    }
}
