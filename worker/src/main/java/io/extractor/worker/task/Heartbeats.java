package io.extractor.worker.task;

import static java.util.Objects.requireNonNull;

import io.extractor.queue.Heartbeat;
import io.extractor.queue.TaskQueue;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Renews the lease of every running attempt, reporting its progress, stops an attempt the moment Redis says it
 * lost the task (fenced) or its job is being cancelled, and passes on the coordinator's split proposals.
 */
public final class Heartbeats implements Runnable {
    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final TaskQueue queue;
    private final TaskRunner runner;
    private final Duration lease;
    private final Duration taskTimeout;
    private final Duration every;
    private final RedisContact contact;
    private boolean redisDown;

    /**
     * @param taskTimeout longest one attempt may run; zero for no limit
     * @param every       time between heartbeats, reported so the coordinator knows how soon a proposal is heard
     * @param contact     told whether each heartbeat reached Redis
     */
    public Heartbeats(TaskQueue queue, TaskRunner runner, Duration lease, Duration taskTimeout, Duration every, RedisContact contact) {
        this.queue = requireNonNull(queue, "queue");
        this.runner = requireNonNull(runner, "runner");
        this.lease = requireNonNull(lease, "lease");
        this.taskTimeout = requireNonNull(taskTimeout, "taskTimeout");
        this.every = requireNonNull(every, "every");
        this.contact = requireNonNull(contact, "contact");
    }

    @Override
    public void run() {
        for (TaskControl control : runner.running()) {
            if (!taskTimeout.isZero() && System.nanoTime() - control.startedNanos > taskTimeout.toNanos()) {
                control.stop(TaskControl.Stop.TIMEOUT, null); // a task must not hold its lease forever
            }
            try {
                Heartbeat answer = queue.heartbeat(control.lease, lease, control.rowsRead.get(), control.lastRead(), every);
                contact.succeeded();
                if (redisDown) {
                    LOG.info("heartbeats reach Redis again");
                    redisDown = false;
                }
                switch (answer.answer()) {
                    case FENCED -> control.stop(TaskControl.Stop.FENCED, null);
                    case CANCELLED -> control.stop(TaskControl.Stop.CANCELLED, null);
                    case SPLIT -> control.propose(answer.splitAt());
                    case HELD -> {
                    }
                }
            } catch (RuntimeException e) {
                contact.failed();
                if (!redisDown) {
                    LOG.warnf("heartbeat for %s failed (%s); tasks keep running and will report once Redis is back",
                            control.lease.taskId(), e.getMessage());
                    redisDown = true;
                }
            }
        }
    }
}
