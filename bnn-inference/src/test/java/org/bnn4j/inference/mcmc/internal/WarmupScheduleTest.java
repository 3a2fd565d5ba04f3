package org.bnn4j.inference.mcmc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnn4j.inference.mcmc.internal.WarmupSchedule.Window;
import org.junit.jupiter.api.Test;

/** Known answers from replaying Stan's windowed_adaptation by hand. */
class WarmupScheduleTest {

    @Test
    void stanDefaultFor1000() {
        // 75 fast, windows 25, 50, 100, 200, then 400 would end at 849 leaving < 2*800 before 950:
        // stretched to end at 949; 50 fast.
        WarmupSchedule s = WarmupSchedule.stan(1000);
        assertEquals(List.of(new Window(75, 99), new Window(100, 149), new Window(150, 249), new Window(250, 449),
                new Window(450, 949)), s.slowWindows());
        assertEquals(75, s.initBuffer());
        assertEquals(50, s.termBuffer());
        assertFalse(s.inSlowWindow(74));
        assertTrue(s.inSlowWindow(75));
        assertTrue(s.inSlowWindow(949));
        assertFalse(s.inSlowWindow(950));
        assertTrue(s.endsSlowWindow(99));
        assertTrue(s.endsSlowWindow(949));
        assertFalse(s.endsSlowWindow(100));
    }

    @Test
    void stanDefaultFor500() {
        // windows 25, 50, 100; next would be [250, 449], ending exactly at 500 - 50 - 1: no stretch.
        WarmupSchedule s = WarmupSchedule.stan(500);
        assertEquals(List.of(new Window(75, 99), new Window(100, 149), new Window(150, 249), new Window(250, 449)),
                s.slowWindows());
    }

    @Test
    void shortWarmupUses15And10Percent() {
        // 100 < 75 + 25 + 50: init = 15, term = 10, one window of 75.
        WarmupSchedule s = WarmupSchedule.stan(100);
        assertEquals(List.of(new Window(15, 89)), s.slowWindows());
        assertEquals(15, s.initBuffer());
        assertEquals(10, s.termBuffer());
        // 149: init = (int) 22.35 = 22, term = (int) 14.9 = 14, window [22, 134].
        assertEquals(List.of(new Window(22, 134)), WarmupSchedule.stan(149).slowWindows());
    }

    @Test
    void boundaryOf150UsesDefaultBuffers() {
        assertEquals(List.of(new Window(75, 99)), WarmupSchedule.stan(150).slowWindows());
    }

    @Test
    void veryShortWarmupHasNoSlowWindow() {
        assertTrue(WarmupSchedule.stan(19).slowWindows().isEmpty());
        assertTrue(WarmupSchedule.stan(0).slowWindows().isEmpty());
        assertEquals(List.of(new Window(3, 17)), WarmupSchedule.stan(20).slowWindows());
    }

    @Test
    void windowIsStretchedWhenTheNextWouldNotFit() {
        // 200: [75, 99], then 50 -> [100, 149] ends exactly at 200 - 50 - 1: the last window.
        assertEquals(List.of(new Window(75, 99), new Window(100, 149)), WarmupSchedule.stan(200).slowWindows());
        // 199: 50 -> 149 != 148 and 149 + 2 * 50 >= 199 - 50: stretched to end at 148.
        assertEquals(List.of(new Window(75, 99), new Window(100, 148)), WarmupSchedule.stan(199).slowWindows());
        // 300: 25 -> [75, 99]; 50 -> [100, 149] (149 + 100 < 250 keeps it); 100 -> [150, 249] ends at 300 - 51.
        assertEquals(List.of(new Window(75, 99), new Window(100, 149), new Window(150, 249)),
                WarmupSchedule.stan(300).slowWindows());
    }

    @Test
    void customBuffers() {
        // no terminal buffer: the last window ends at the last warm-up iteration
        WarmupSchedule s = WarmupSchedule.of(60, 10, 10, 0);
        assertEquals(List.of(new Window(10, 19), new Window(20, 59)), s.slowWindows());
        assertTrue(s.endsSlowWindow(59));
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> WarmupSchedule.stan(-1));
        assertThrows(IllegalArgumentException.class, () -> WarmupSchedule.of(100, 10, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> WarmupSchedule.of(100, -1, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> WarmupSchedule.of(100, 10, 5, -1));
    }
}
