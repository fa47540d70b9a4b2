package io.herald.web.container.grizzly;

import org.glassfish.grizzly.nio.RoundRobinConnectionDistributor;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;

/**
 * Every front-door test again on a listener with a dedicated acceptor, as Herald's Payara preboot
 * sets: one selector thread only accepts and hands each connection to the other, which reads it;
 * the lane is offered requests there, and a waiting poll's answer runs there too.
 */
class GrizzlyFrontDoorDedicatedAcceptorTest extends GrizzlyFrontDoorTest {

    @Override
    void configure(TCPNIOTransport transport) {
        transport.setSelectorRunnersCount(2);
        transport.setNIOChannelDistributor(new RoundRobinConnectionDistributor(transport, true));
    }
}
