package io.herald.web.poll;

import io.herald.api.HubUnavailableException;
import io.herald.api.LimitExceededException;
import io.herald.api.ReplayResult;
import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.container.DirectExchange;
import io.herald.web.container.DisconnectWatch;
import io.herald.web.input.EventPosition;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Long-polls on the direct lane: the same wait as {@link PollResource} (validation, the client's
 * place, {@code awaitAfter}, the answer rendered by {@link PollAnswers}), answered through the
 * {@link DirectExchange} instead of an {@code AsyncResponse}. While it waits, a poll holds its
 * exchange's suspended context and its wait in the hub, nothing else.
 */
@ApplicationScoped
public class DirectPolls {

    private static final Logger LOG = Logger.getLogger(DirectPolls.class.getName());
    private static final Map<String, String> NONE = Map.of();
    /** The headers of most answers (events, nothing missed, keep-alive, no CORS): shared, not built per poller. */
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Inject
    PollSettings settings;

    @Inject
    PollAnswers answers;

    @Inject
    PollWaits waits;

    @Inject
    BeanManager beans;

    /** Called on every poll: the instances, not their client proxies. */
    @PostConstruct
    void init() {
        answers = ApplicationScopedInstances.of(beans, answers, PollAnswers.class);
        waits = ApplicationScopedInstances.of(beans, waits, PollWaits.class);
    }

    /**
     * Takes the poll of {@code topics} by {@code client} after {@code since}, waiting up to
     * {@code timeout} (raw query values, validated here as the resource validates them).
     *
     * @param corsHeaders added to the answer, as the CORS filter adds them to the resource's
     *
     * @return false, with nothing held, if a parameter is invalid or a limit or the hub refuses:
     *         the resource then answers the request with the error
     */
    public boolean offer(DirectExchange exchange, Set<String> topics, String since, String timeout, String client,
                         Map<String, String> corsHeaders) {
        long after;
        Duration wait;
        try {
            after = EventPosition.parseOrZero("since", since);
            wait = PollTimeout.parse(timeout, settings.defaultTimeout(), settings.maxTimeout());
        } catch (RuntimeException invalid) {
            return false;
        }
        CompletableFuture<ReplayResult> events;
        try {
            events = waits.begin(client, topics, after, wait);
        } catch (LimitExceededException | HubUnavailableException refused) {
            return false; // nothing held: the resource answers the refusal
        }
        if (events.isDone()) {
            answer(exchange, DisconnectWatch.NONE, events, corsHeaders);
            return true;
        }
        DisconnectWatch watch = exchange.suspend(() -> AbandonedWait.end(events));
        events.whenComplete((found, failure) -> answer(exchange, watch, events, corsHeaders));
        return true;
    }

    private void answer(DirectExchange exchange, DisconnectWatch watch, CompletableFuture<ReplayResult> events,
                        Map<String, String> corsHeaders) {
        boolean closeAfter = watch.stop();
        ReplayResult found;
        try {
            found = events.join();
        } catch (AbandonedWait clientWent) {
            return;
        } catch (CompletionException | CancellationException failure) {
            // the hub answers a wait with events or with none, even at shutdown; a failure here is
            // a defect, and no answer can be trusted
            LOG.log(Level.WARNING, "a direct long-poll's wait failed; connection closed", failure);
            exchange.close();
            return;
        }
        PollAnswer answer = answers.of(found);
        boolean plain = !answer.missed() && !closeAfter && corsHeaders.isEmpty();
        Map<String, String> headers;
        if (plain) {
            headers = answer.status() == 204 ? NONE : JSON;
        } else {
            headers = new LinkedHashMap<>(corsHeaders);
            if (answer.status() != 204) {
                headers.putAll(JSON);
            }
            if (answer.missed()) {
                headers.put(PollAnswer.MISSED_HEADER, "true");
            }
            if (closeAfter) {
                headers.put("Connection", "close");
            }
        }
        exchange.answer(answer.status(), headers, answer.body());
    }
}
