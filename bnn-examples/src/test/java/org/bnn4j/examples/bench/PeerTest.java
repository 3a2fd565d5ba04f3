package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running the Python reference's launcher: its JSON is read, exit code 3 marks it unavailable, failures say why. */
class PeerTest {

    @Test
    void readsTheVariantsResultsAndEnvAndPassesItsArguments(@TempDir Path dir) throws Exception {
        Path script = FakePeer.answering(dir.resolve("peer"));
        Peer peer = Peer.locate(script);
        assertTrue(peer.available(), peer.unavailableReason());
        Peer.Result r = peer.run("nuts", List.of("--mcmc-warmup", "20", "--mcmc-samples", "20"), dir.resolve("out"));
        assertNull(r.failure());
        assertEquals(FakePeer.NUTS_FIT_S, ((Number) r.results().get("fit_s")).doubleValue(), 0.0);
        assertEquals("1.8.6", r.env().get("pyro"));
        String args = FakePeer.calls(dir.resolve("peer")).get(0);
        assertTrue(args.startsWith("--variants nuts --mcmc-warmup 20 --mcmc-samples 20 --json "), args);
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("nuts.json")));
        assertTrue(Files.readString(dir.resolve("out").resolve("nuts.log")).contains("== nuts"));
    }

    @Test
    void exitCodeThreeMarksTheReferenceUnavailableAndItIsNotRunAgain(@TempDir Path dir) throws Exception {
        Peer peer = Peer.locate(FakePeer.notInstalled(dir.resolve("peer")));
        assertNull(peer.run("grad", List.of(), dir.resolve("out")));
        assertFalse(peer.available());
        assertTrue(peer.unavailableReason().contains("exited with code 3")
                && peer.unavailableReason().contains("python3-torch"), peer.unavailableReason());
        assertNull(peer.run("svi", List.of(), dir.resolve("out")));
        assertEquals(1, FakePeer.calls(dir.resolve("peer")).size(), "run again after exit code 3");
    }

    @Test
    void otherFailuresAreReportedWithTheLastLineAndTheReferenceStaysAvailable(@TempDir Path dir) throws Exception {
        Peer peer = Peer.locate(FakePeer.failing(dir.resolve("peer")));
        Peer.Result r = peer.run("svi", List.of(), dir.resolve("out"));
        assertNotNull(r.failure());
        assertNull(r.results());
        assertTrue(r.failure().contains("exit code 1") && r.failure().contains("tqdm"), r.failure());
        assertTrue(peer.available());
    }

    @Test
    void readsPythonsBareNanAndInfinity(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("nuts.json");
        Files.writeString(json, "{\"env\": {\"threads\": 2}, \"results\": {\"nuts\": {\"fit_s\": 3.5, "
                + "\"r_hat_median\": NaN, \"x\": Infinity}}}");
        Peer.Result r = Peer.Result.read("nuts", json);
        assertNull(r.failure());
        assertTrue(Double.isNaN(((Number) r.results().get("r_hat_median")).doubleValue()));
        assertEquals(3.5, ((Number) r.results().get("fit_s")).doubleValue(), 0.0);
        Files.writeString(json, "{\"results\": {\"svi\": {}}}");
        assertTrue(Peer.Result.read("nuts", json).failure().contains("no results.nuts"));
    }

    @Test
    void aMissingScriptIsUnavailableWithTheRemedy(@TempDir Path dir) {
        Peer peer = Peer.locate(dir.resolve("nowhere").resolve("run_peer.sh"));
        assertFalse(peer.available());
        assertTrue(peer.unavailableReason().contains("--peer"), peer.unavailableReason());
        assertFalse(Peer.disabled("not run (--no-peer)").available());
    }
}
