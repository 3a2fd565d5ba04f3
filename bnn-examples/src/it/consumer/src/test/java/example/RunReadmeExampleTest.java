package example;

import org.junit.jupiter.api.Test;

/** Runs the README example in the consumer's test JVM; it throws if any output is missing or not finite. */
class RunReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        ReadmeExample.main(new String[0]);
    }
}
