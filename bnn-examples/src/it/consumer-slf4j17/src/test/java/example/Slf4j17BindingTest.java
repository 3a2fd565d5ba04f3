package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With bnn4j and an SLF4J 1.7 binding, the resolved slf4j-api is 1.7 and binds to it: the loggers bnn4j gets are the
 * binding's, not the no-operation fallback of an API that cannot see the binding.
 */
class Slf4j17BindingTest {

    @Test
    void bnn4jLogsThroughTheConsumersSlf4j17Binding() {
        String api = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(api.contains("slf4j-api-1.7."), "resolved slf4j-api: " + api);
        assertEquals("org.slf4j.impl.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
        assertEquals("org.slf4j.impl.SimpleLogger",
                LoggerFactory.getLogger("org.bnn4j.inference.mcmc.ChainRunner").getClass().getName());
        // and the library runs on that API
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(4).build());
        Posterior p = new MaximumAPosteriori(OptimizerConfig.builder().epochs(5).build())
                .fit(model, ClusterData.generate(ClusterConfig.defaults()).train());
        assertEquals("map", p.method());
        System.out.println("SLF4J 1.7 binding OK: " + api);
    }
}
