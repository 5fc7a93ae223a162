/**
 * A database's metrics: {@link io.tidal.metrics.Metrics} (listed as {@code sys.metrics}), its
 * {@link io.tidal.metrics.Histogram}s and the JMX view {@link io.tidal.metrics.DatabaseMBean}.
 */
package io.tidal.metrics;
