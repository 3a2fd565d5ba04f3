package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bnn4j.inference.laplace.CurvatureStructure;
import org.bnn4j.inference.laplace.Laplace;
import org.bnn4j.inference.laplace.LaplaceMixture;
import org.junit.jupiter.api.Test;

/** {@code bnn uci --inference laplace} is the mixture around the ensemble's members; laplace-single the single one. */
class UciLaplaceMixtureTest {

    @Test
    void laplaceIsTheMixtureAroundTheEnsemblesMembers() {
        LaplaceMixture m = assertInstanceOf(LaplaceMixture.class,
                UciInference.LAPLACE.create(null, 3, new UciInference.Options(null, 4, false)));
        assertEquals(4, m.ensembleConfig().members());
        assertEquals(UciInference.ENSEMBLE_HOLDOUT, m.ensembleConfig().holdout(), 0.0);
        assertEquals(3, m.ensembleConfig().seed());
        assertEquals(CurvatureStructure.LAST_LAYER, m.laplaceConfig().structure());
        assertEquals(UciInference.ENSEMBLE_MEMBERS,
                ((LaplaceMixture) UciInference.LAPLACE.create(null, 3)).ensembleConfig().members());
        assertEquals(Boolean.TRUE, UciInference.LAPLACE.settings(null).get("mixture"));
    }

    @Test
    void laplaceSingleIsOneLaplaceAroundOneMap() {
        assertEquals(UciInference.LAPLACE_SINGLE, new UciInference.Converter().convert("laplace-single"));
        Laplace l = assertInstanceOf(Laplace.class, UciInference.LAPLACE_SINGLE.create(null, 3));
        assertEquals(UciInference.LAPLACE_EPOCHS, l.config().map().epochs());
        assertThrows(IllegalArgumentException.class,
                () -> UciInference.LAPLACE_SINGLE.create(null, 3, new UciInference.Options(null, 2, false)));
    }
}
