package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Liveness turns DOWN when threads deadlock, found by a look in the background, not by the call. */
class DeadlockWatchTest {

    @Test
    void aDeadlockTurnsLivenessDownAndTheCallAnswersTheLastLook() throws Exception {
        DeadlockWatch watch = new DeadlockWatch();
        ReentrantLock left = new ReentrantLock();
        ReentrantLock right = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread one = Thread.ofPlatform().daemon().start(() -> holdThenWait(left, right, bothHoldOne));
        Thread other = Thread.ofPlatform().daemon().start(() -> holdThenWait(right, left, bothHoldOne));
        try {
            assertThat(answer(watch).getStatus())
                    .as("the look at start found no deadlock")
                    .isEqualTo(HealthStatus.UP);

            await().atMost(Duration.ofSeconds(5)).until(() -> watch.look().getStatus() == HealthStatus.DOWN);
            assertThat(answer(watch).getStatus())
                    .as("a call answers the last scheduled look, it does not look itself")
                    .isEqualTo(HealthStatus.UP);
        } finally {
            one.interrupt();
            other.interrupt();
            one.join();
            other.join();
            watch.stop();
        }
        assertThat(watch.look().getStatus()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void aScheduledLookTurnsLivenessDownOnceThreadsDeadlock() throws Exception {
        DeadlockWatch watch = new DeadlockWatch(Duration.ofMillis(100));
        ReentrantLock left = new ReentrantLock();
        ReentrantLock right = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread one = Thread.ofPlatform().daemon().start(() -> holdThenWait(left, right, bothHoldOne));
        Thread other = Thread.ofPlatform().daemon().start(() -> holdThenWait(right, left, bothHoldOne));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> answer(watch).getStatus() == HealthStatus.DOWN);
        } finally {
            one.interrupt();
            other.interrupt();
            one.join();
            other.join();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> answer(watch).getStatus() == HealthStatus.UP);
        watch.stop();
    }

    private static HealthResult answer(DeadlockWatch watch) {
        return Mono.from(watch.getResult()).block();
    }

    /** Takes {@code first}, and once the other thread holds its own, waits for {@code second}. */
    private static void holdThenWait(ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldOne) {
        first.lock();
        try {
            bothHoldOne.countDown();
            bothHoldOne.await();
            second.lockInterruptibly();
            second.unlock();
        } catch (InterruptedException freed) {
            Thread.currentThread().interrupt();
        } finally {
            first.unlock();
        }
    }
}
