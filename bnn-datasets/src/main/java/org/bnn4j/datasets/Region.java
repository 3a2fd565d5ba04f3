package org.bnn4j.datasets;

/**
 * Where an input lies relative to the training clusters of {@link ClusterData}: used to report predictive
 * uncertainty separately in the data, between the data, and beyond the data.
 */
public enum Region {
    /** Inside some closed cluster interval {@code [offset, offset + spread]}. */
    CLUSTER,
    /** Between the lowest cluster start and the highest cluster end, but in no cluster interval. */
    GAP,
    /** Below the lowest cluster start or above the highest cluster end. */
    OUTSIDE
}
