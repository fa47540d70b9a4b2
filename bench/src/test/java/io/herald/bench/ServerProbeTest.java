package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Heap used as {@code jcmd GC.heap_info} prints it on JDK 17, per collector; sockets counted in /proc. */
class ServerProbeTest {

    @Test
    void g1PrintsOneLineForTheHeap() {
        String info = """
                 garbage-first heap   total 2097152K, used 361234K [0x0000000080000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 2 survivors (2048K)
                 Metaspace       used 95321K, committed 96512K, reserved 1138688K
                  class space    used 11234K, committed 11776K, reserved 1048576K
                """;
        assertEquals(361234, ServerProbe.heapUsedKiB(info));
    }

    @Test
    void parallelGcGenerationsAreSummedAndMetaspaceLeftOut() {
        String info = """
                 PSYoungGen      total 611840K, used 10485K [0x00000000d5580000, 0x0000000100000000, 0x0000000100000000)
                  eden space 524800K, 1% used [0x00000000d5580000,0x00000000d5fc5460,0x00000000f5600000)
                  from space 87040K, 0% used [0x00000000faa00000,0x00000000faa00000,0x0000000100000000)
                 ParOldGen       total 1398272K, used 300000K [0x0000000080000000, 0x00000000d5580000, 0x00000000d5580000)
                  object space 1398272K, 21% used [0x0000000080000000,0x0000000092450000,0x00000000d5580000)
                 Metaspace       used 95321K, committed 96512K, reserved 1138688K
                """;
        assertEquals(310485, ServerProbe.heapUsedKiB(info));
    }

    @Test
    void nothingRecognisableIsMinusOne() {
        assertEquals(-1, ServerProbe.heapUsedKiB("Exception: no such process"));
    }

    @Test
    void theSocketsOfAProcessAreCountedAndTheirCloseIsSeen() throws Exception {
        long self = ProcessHandle.current().pid();
        long before = ServerProbe.sockets(self);
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket client = new java.net.Socket(listener.getInetAddress(), listener.getLocalPort());
             java.net.Socket accepted = listener.accept()) {
            assertEquals(before + 3, ServerProbe.sockets(self));
        }
        assertEquals(before, ServerProbe.sockets(self));
        assertEquals(-1, ServerProbe.sockets(-1));
    }
}
