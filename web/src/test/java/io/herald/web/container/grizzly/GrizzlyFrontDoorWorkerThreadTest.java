package io.herald.web.container.grizzly;

import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;

/**
 * Every front-door test again on a listener that reads requests on its worker threads (Grizzly's
 * worker-thread strategy, Payara's own default): the lane is offered them there, and a waiting
 * poll's answer still runs on its connection's selector thread.
 */
class GrizzlyFrontDoorWorkerThreadTest extends GrizzlyFrontDoorTest {

    @Override
    void configure(TCPNIOTransport transport) {
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
    }

    @Override
    boolean offersExpectedOnSelector() {
        return false;
    }
}
