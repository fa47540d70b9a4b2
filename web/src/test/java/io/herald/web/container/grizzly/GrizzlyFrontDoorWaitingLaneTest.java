package io.herald.web.container.grizzly;

/**
 * Every front-door test again with a lane whose offers may wait on a round trip (a cluster's hub),
 * on a listener that reads requests on its selector threads: each request for the lane is
 * suspended on the selector and offered on a worker thread, so that no selector ever waits.
 */
class GrizzlyFrontDoorWaitingLaneTest extends GrizzlyFrontDoorTest {

    @Override
    boolean laneOffersMayWait() {
        return true;
    }

    @Override
    boolean offersExpectedOnSelector() {
        return false;
    }
}
