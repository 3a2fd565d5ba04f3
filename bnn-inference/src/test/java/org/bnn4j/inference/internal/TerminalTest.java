package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which descriptor targets count as a terminal for the progress bar. */
class TerminalTest {

    @Test
    void terminalDevicesAreTheTtysNotPipesOrFiles() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty"));
        assertTrue(Terminal.isTerminalDevice("/dev/ttyS0"));
        assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
        assertFalse(Terminal.isTerminalDevice("/tmp/out.txt"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
        assertFalse(Terminal.isTerminalDevice("socket:[99]"));
    }
}
