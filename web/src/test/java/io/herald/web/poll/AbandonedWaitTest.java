package io.herald.web.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AbandonedWaitTest {

    @Test
    void everyStageOfAnAbandonedWaitSeesTheOneStacklessExceptionAndJoinThrowsIt() {
        CompletableFuture<String> wait = new CompletableFuture<>();
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<String> unregistered = wait.whenComplete((found, failure) -> seen.add(failure));
        CompletableFuture<String> released = wait.whenComplete((found, failure) -> seen.add(failure));
        CompletableFuture<String> downstream = unregistered.whenComplete((found, failure) -> seen.add(failure));

        AbandonedWait.end(wait);

        assertThat(seen).hasSize(3).allSatisfy(failure -> assertThat(failure).isInstanceOf(AbandonedWait.class));
        assertThat(seen).as("one exception, passed on as it is, not wrapped per stage").containsOnly(seen.get(0));
        assertThat(seen.get(0).getStackTrace()).isEmpty();
        assertThat(released.isCompletedExceptionally()).isTrue();
        assertThatThrownBy(downstream::join).isSameAs(seen.get(0));
        assertThatThrownBy(wait::join).isSameAs(seen.get(0));
    }

    @Test
    void aWaitAlreadyAnsweredKeepsItsAnswer() {
        CompletableFuture<String> wait = CompletableFuture.completedFuture("events");

        AbandonedWait.end(wait);

        assertThat(wait.join()).isEqualTo("events");
    }
}
