/** Counters and latency histograms of the edge, and their Prometheus text exposition. */
package io.cligs.edge.metrics;
