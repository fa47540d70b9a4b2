package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NodeSplitTest {

    @Test
    void everyLoopServesEveryNodeEvenly() {
        int loops = 2;
        int nodes = 2;
        int[][] count = new int[loops][nodes];
        for (int i = 0; i < 1000; i++) {
            count[i % loops][Bench.nodeOf(i, loops, nodes)]++;
        }
        for (int[] perNode : count) {
            assertEquals(250, perNode[0]);
            assertEquals(250, perNode[1]);
        }
    }

    @Test
    void oneNodeTakesEverything() {
        for (int i = 0; i < 100; i++) {
            assertEquals(0, Bench.nodeOf(i, 2, 1));
        }
    }

    @Test
    void threeNodesOverThreeLoopsStayBalanced() {
        int[][] count = new int[3][3];
        for (int i = 0; i < 900; i++) {
            count[i % 3][Bench.nodeOf(i, 3, 3)]++;
        }
        for (int[] perNode : count) {
            for (int c : perNode) {
                assertEquals(100, c);
            }
        }
    }
}
